package dev.metering.poolapi;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

import dev.metering.store.Catalogs;
import dev.metering.store.MeteringStore;
import dev.metering.store.StoreConfig;
import dev.metering.store.organizations.OrganizationTotals;
import dev.metering.store.stream.TableChange;
import dev.metering.store.recording.IncomingEvent;
import dev.metering.store.recording.RecordStatus;
import dev.metering.store.recording.Recording;
import dev.metering.testsupport.DynamoEngine;
import dev.metering.testsupport.DynamoEngineResource;
import dev.metering.testsupport.TableStream;
import io.restassured.path.json.JsonPath;
import io.restassured.response.Response;
import io.restassured.specification.RequestSpecification;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/** What the API tests share: requests with a token, fresh accounts of their own, and the problem check. */
final class Api {

    static final Instant ANCHOR = Instant.parse("2026-11-17T08:00:00Z");

    private Api() {}

    static RequestSpecification as(String token) {
        return given().header("Authorization", "Bearer " + token).contentType("application/json");
    }

    /** A new account of {@code plan}, named for the test that asks for it, so that no test depends on another's data. */
    static String newAccount(String plan) {
        String id = "acct_" + UUID.randomUUID().toString().replace("-", "").substring(0, 16);
        as(Tokens.admin()).body(Map.of("plan", plan, "organizationId", "org_7", "anchor", ANCHOR.toString(), "timeZone", "UTC"))
                .put("/v1/accounts/" + id).then().statusCode(201);
        return id;
    }

    /** Records one event of {@code inputTokens} haiku input tokens ($1 a million) from {@code source}, now, straight into the table. */
    static void spend(String account, String source, long inputTokens) {
        String raw = """
                {"eventId": "%s", "accountId": "%s", "occurredAt": "%s", "source": "%s", "model": "claude-haiku-4-5",
                 "usage": {"input_tokens": %d, "output_tokens": 0}}""".formatted(UUID.randomUUID(), account, Instant.now().minusSeconds(60),
                source, inputTokens);
        var recorder = Recording.recorder(DynamoEngine.shared().newClient(), StoreConfig.defaults(DynamoEngineResource.table()),
                Catalogs.bundled(), Clock.systemUTC());
        assertThat(recorder.record(List.of(new IncomingEvent("m", raw)))).allMatch(r -> r.status() == RecordStatus.APPLIED);
    }

    /**
     * Does what notify does with the table's stream for the organizations' totals: every record so far,
     * applied (again: what was applied before adds nothing).
     */
    static void keepOrganizationTotals() {
        var client = DynamoEngine.shared().newClient();
        OrganizationTotals totals = new OrganizationTotals(client, new MeteringStore(client, StoreConfig.defaults(DynamoEngineResource.table())));
        TableStream.of(DynamoEngine.shared(), DynamoEngineResource.table()).all()
                .forEach(record -> TableChange.of(record).seatChange().ifPresent(totals::apply));
    }

    /**
     * A request as a function URL delivers it, through the Lambda handler: for answers larger than the
     * test HTTP server passes on (about 8 KB). The answer's status, headers and body as the handler gave them.
     */
    static JsonPath viaFunctionUrl(String method, String path, String query, String token) throws Exception {
        String event = dev.metering.testsupport.SampleEvents.read("function-url-get-pools.json")
                .replace("\"rawQueryString\": \"\"", "\"rawQueryString\": \"" + query + "\"")
                .replace("/v1/accounts/acct_api/pools", path)
                .replace("\"method\": \"GET\"", "\"method\": \"" + method + "\"")
                .replace("REPLACE_WITH_A_TOKEN", token);
        return given().contentType("application/json").body(event).post("/_lambda_").then().statusCode(200).extract().jsonPath();
    }

    /** The answer is problem+json with {@code status}, naming {@code field} among its errors when given. */
    static JsonPath problem(Response response, int status, String field) {
        JsonPath body = response.then().statusCode(status).contentType("application/problem+json").extract().jsonPath();
        assertThat(body.getString("type")).startsWith("https://usage-metering.dev/problems/");
        assertThat(body.getInt("status")).isEqualTo(status);
        assertThat(body.getString("detail")).isNotBlank();
        if (field != null) {
            assertThat(body.getList("errors.field")).as(body.getString("detail")).contains(field);
        }
        return body;
    }
}
