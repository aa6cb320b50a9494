package dev.metering.poolapi;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

import dev.metering.store.Catalogs;
import dev.metering.store.StoreConfig;
import dev.metering.store.recording.IncomingEvent;
import dev.metering.store.recording.RecordResult;
import dev.metering.store.recording.RecordStatus;
import dev.metering.store.recording.Recording;
import dev.metering.store.recording.UsageRecorder;
import dev.metering.testsupport.DynamoEngine;
import dev.metering.testsupport.DynamoEngineResource;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import io.restassured.response.Response;
import io.restassured.specification.RequestSpecification;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;

/** Every route through the Lambda mock event server, against the engine. */
@QuarkusTest
@QuarkusTestResource(DynamoEngineResource.class)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class PoolApiTest {

    private static final String ACCOUNT = "acct_api";
    private static final String OTHER = "acct_other";
    private static final Instant ANCHOR = Instant.parse("2026-11-17T08:00:00Z");

    private static RequestSpecification as(String token) {
        return given().header("Authorization", "Bearer " + token).contentType("application/json");
    }

    private UsageRecorder recorder() {
        return Recording.recorder(DynamoEngine.shared().newClient(), StoreConfig.defaults(DynamoEngineResource.table()),
                Catalogs.bundled(), Clock.systemUTC());
    }

    private static String event(String id, String account, String source, String model, long input, long output) {
        return """
                {"eventId": "%s", "accountId": "%s", "occurredAt": "%s", "source": "%s", "model": "%s",
                 "usage": {"input_tokens": %d, "output_tokens": %d}}""".formatted(id, account, Instant.now().minusSeconds(60), source, model, input, output);
    }

    private static boolean created;

    @org.junit.jupiter.api.BeforeEach
    void accounts() {
        if (created) {
            return;
        }
        created = true;
        as(Tokens.admin()).body(Map.of("plan", "pro", "organizationId", "org_7", "anchor", ANCHOR.toString(), "timeZone", "UTC"))
                .put("/v1/accounts/" + ACCOUNT).then().statusCode(201);
        String zone = as(Tokens.admin()).body(Map.of("plan", "max-5x", "anchor", ANCHOR.toString()))
                .put("/v1/accounts/" + OTHER).then().statusCode(201).extract().path("timeZone");
        assertThat(zone).as("the time zone of an account created without one").isEqualTo("UTC");
    }

    @Test
    @Order(1)
    void ownerSeesThePoolsInTheDocumentedShape() {
        JsonPath pools = as(Tokens.owner(ACCOUNT)).get("/v1/accounts/" + ACCOUNT + "/pools").then().statusCode(200)
                .contentType("application/json").extract().jsonPath();
        assertThat(pools.getString("accountId")).isEqualTo(ACCOUNT);
        assertThat(pools.getString("plan")).isEqualTo("pro");
        assertThat(pools.getMap("cycle")).containsKeys("start", "end", "timeZone");
        assertThat(pools.getString("programmatic.state")).isEqualTo("PAUSED");
        assertThat(pools.getBoolean("programmatic.claimed")).isFalse();
        assertThat(pools.getString("programmatic.grantedUsd")).isEqualTo("0.000000000");
        assertThat(pools.getMap("programmatic")).containsKeys("usedUsd", "remainingUsd", "extraUsage", "overrunUsd", "expiredUsd",
                "rateSwitchedAt", "thresholdsReached", "closedAt");
        assertThat(pools.getMap("programmatic.extraUsage")).containsEntry("enabled", false).containsEntry("capUsd", null)
                .containsEntry("accruedUsd", "0.000000000");
        assertThat(pools.getString("interactive.state")).isEqualTo("ACTIVE");
        assertThat(pools.getString("interactive.grantedUsd")).isEqualTo("8.000000000");
    }

    @Test
    @Order(2)
    void ownerClaimsTheCreditOnceAndSetsExtraUsage() {
        JsonPath claimed = as(Tokens.owner(ACCOUNT)).post("/v1/accounts/" + ACCOUNT + "/credit-claim").then().statusCode(200).extract().jsonPath();
        assertThat(claimed.getString("programmatic.grantedUsd")).isEqualTo("20.000000000");
        assertThat(claimed.getString("programmatic.state")).isEqualTo("CREDIT");
        JsonPath again = as(Tokens.owner(ACCOUNT)).post("/v1/accounts/" + ACCOUNT + "/credit-claim").then().statusCode(200).extract().jsonPath();
        assertThat(again.getString("programmatic.grantedUsd")).as("claiming twice grants once").isEqualTo("20.000000000");

        JsonPath extra = as(Tokens.owner(ACCOUNT)).body("{\"enabled\": true, \"capUsd\": \"50.00\"}")
                .put("/v1/accounts/" + ACCOUNT + "/extra-usage").then().statusCode(200).extract().jsonPath();
        assertThat(extra.getMap("programmatic.extraUsage")).containsEntry("enabled", true).containsEntry("capUsd", "50.000000000");
    }

    @Test
    @Order(3)
    void ledgerPagesNewestFirstAndUsageTotalsEqualTheRecordedEvents() {
        List<IncomingEvent> events = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            events.add(new IncomingEvent("m" + i, event("api-evt-" + i, ACCOUNT, i % 2 == 0 ? "agent-sdk" : "claude-web",
                    i < 3 ? "claude-haiku-4-5" : "claude-opus-4-7", 1000L * (i + 1), 100)));
        }
        List<RecordResult> results = recorder().record(events);
        assertThat(results).allMatch(r -> r.status() == RecordStatus.APPLIED);

        List<String> seen = new ArrayList<>();
        String cursor = null;
        int pages = 0;
        do {
            RequestSpecification request = as(Tokens.owner(ACCOUNT)).queryParam("limit", 2);
            if (cursor != null) {
                request = request.queryParam("cursor", cursor);
            }
            JsonPath page = request.get("/v1/accounts/" + ACCOUNT + "/ledger").then().statusCode(200).extract().jsonPath();
            seen.addAll(page.getList("entries.entryId"));
            cursor = page.getString("nextCursor");
            pages++;
        } while (cursor != null && pages < 20);
        // 5 debits, the interactive allowance's opening grant, the credit claim's grant
        assertThat(seen).hasSize(7).doesNotHaveDuplicates();
        assertThat(seen.get(seen.size() - 1)).as("oldest last").startsWith("grant:");
        assertThat(pages).isGreaterThanOrEqualTo(4);

        JsonPath usage = as(Tokens.owner(ACCOUNT)).queryParam("groupBy", "model,source")
                .get("/v1/accounts/" + ACCOUNT + "/usage").then().statusCode(200).extract().jsonPath();
        List<Map<String, Object>> groups = usage.getList("groups");
        long events5 = groups.stream().mapToLong(g -> ((Number) g.get("events")).longValue()).sum();
        long input = groups.stream().mapToLong(g -> ((Number) g.get("inputTokens")).longValue()).sum();
        assertThat(events5).isEqualTo(5);
        assertThat(input).isEqualTo(1000 + 2000 + 3000 + 4000 + 5000);
        // haiku-4-5: (1000+2000+3000) x 1000 + 300 x 5000; opus-4-7: (4000+5000) x 5000 + 200 x 25000
        String total = groups.stream().map(g -> dev.metering.core.money.Money.parseUsd((String) g.get("costUsd")))
                .reduce(dev.metering.core.money.Money.ZERO, dev.metering.core.money.Money::plus).toUsdString();
        assertThat(total).isEqualTo("0.057500000");
        assertThat(groups).anySatisfy(g -> assertThat(g.get("key")).isEqualTo(Map.of("model", "claude-haiku-4-5", "source", "agent-sdk")));
        JsonPath byDay = as(Tokens.admin()).queryParam("groupBy", "day").get("/v1/accounts/" + ACCOUNT + "/usage").then().statusCode(200)
                .extract().jsonPath();
        assertThat(byDay.getList("groups")).hasSize(1);
    }

    @Test
    @Order(4)
    void adminReadsAnyAccount() {
        String admin = Tokens.admin();
        assertThat(as(admin).get("/v1/accounts/" + ACCOUNT + "/pools").then().statusCode(200).extract().jsonPath().getString("accountId"))
                .isEqualTo(ACCOUNT);
        assertThat(as(admin).get("/v1/accounts/" + ACCOUNT + "/ledger").then().statusCode(200).extract().jsonPath().getList("entries"))
                .hasSize(7);
        assertThat(as(admin).get("/v1/accounts/" + ACCOUNT + "/usage").then().statusCode(200).extract().jsonPath().getList("groups"))
                .hasSize(2);
        assertThat(as(admin).queryParam("at", "2027-06-01T00:00:00Z").get("/v1/accounts/" + ACCOUNT + "/pools").then().statusCode(200)
                .extract().jsonPath().getString("cycle.start")).as("a future cycle, shown as it would open").isEqualTo("2027-05-17T08:00:00Z");
    }

    @Test
    @Order(4)
    void aCursorCannotBeReplayedAgainstAnotherAccountOrForged() {
        String cursor = as(Tokens.owner(ACCOUNT)).queryParam("limit", 1).get("/v1/accounts/" + ACCOUNT + "/ledger")
                .then().statusCode(200).extract().jsonPath().getString("nextCursor");
        assertThat(cursor).isNotNull();
        problem(as(Tokens.admin()).queryParam("cursor", cursor).get("/v1/accounts/" + OTHER + "/ledger"), 400, "cursor");
        String forged = cursor.substring(0, cursor.length() - 3) + (cursor.endsWith("AAA") ? "BBB" : "AAA");
        problem(as(Tokens.owner(ACCOUNT)).queryParam("cursor", forged).get("/v1/accounts/" + ACCOUNT + "/ledger"), 400, "cursor");
    }

    @Test
    @Order(5)
    void adminAdjustsAndChangesPlans() {
        JsonPath adjusted = as(Tokens.admin()).body("{\"pool\": \"PROGRAMMATIC\", \"creditUsd\": \"5.25\", \"reason\": \"goodwill\", \"adjustmentId\": \"ticket-77\"}")
                .post("/v1/accounts/" + ACCOUNT + "/adjustments").then().statusCode(201).extract().jsonPath();
        assertThat(adjusted.getString("programmatic.grantedUsd")).isEqualTo("25.250000000");
        problem(as(Tokens.admin()).body("{\"pool\": \"PROGRAMMATIC\", \"creditUsd\": \"5.25\", \"reason\": \"goodwill\", \"adjustmentId\": \"ticket-77\"}")
                .post("/v1/accounts/" + ACCOUNT + "/adjustments"), 409, null);
        problem(as(Tokens.admin()).body("{\"pool\": \"INTERACTIVE\", \"creditUsd\": \"-1000\", \"reason\": \"too much\"}")
                .post("/v1/accounts/" + ACCOUNT + "/adjustments"), 409, null);

        JsonPath upgraded = as(Tokens.admin()).body("{\"plan\": \"max-5x\", \"organizationId\": \"org_7\"}")
                .put("/v1/accounts/" + ACCOUNT).then().statusCode(200).extract().jsonPath();
        assertThat(upgraded.getString("plan")).isEqualTo("max-5x");
        JsonPath pools = as(Tokens.owner(ACCOUNT)).get("/v1/accounts/" + ACCOUNT + "/pools").then().statusCode(200).extract().jsonPath();
        assertThat(pools.getString("programmatic.grantedUsd")).as("the upgrade grants the difference").isEqualTo("105.250000000");
        assertThat(pools.getString("interactive.grantedUsd")).isEqualTo("40.000000000");

        JsonPath downgraded = as(Tokens.admin()).body("{\"plan\": \"pro\"}").put("/v1/accounts/" + ACCOUNT).then().statusCode(200)
                .extract().jsonPath();
        assertThat(downgraded.getString("plan")).isEqualTo("max-5x");
        assertThat(downgraded.getString("pendingPlan")).isEqualTo("pro");
        JsonPath back = as(Tokens.admin()).body("{\"plan\": \"max-5x\"}").put("/v1/accounts/" + ACCOUNT).then().statusCode(200)
                .extract().jsonPath();
        assertThat(back.getString("pendingPlan")).isNull();
        JsonPath after = as(Tokens.owner(ACCOUNT)).get("/v1/accounts/" + ACCOUNT + "/pools").then().statusCode(200).extract().jsonPath();
        assertThat(after.getString("programmatic.grantedUsd")).as("never a second grant in one cycle").isEqualTo("105.250000000");
        problem(as(Tokens.admin()).body("{\"plan\": \"pro\", \"anchor\": \"2026-01-01T00:00:00Z\"}").put("/v1/accounts/" + ACCOUNT), 409, null);
    }

    @Test
    @Order(6)
    void adminListsQuarantinedEvents() {
        List<RecordResult> results = recorder().record(List.of(new IncomingEvent("q", "{\"eventId\": \"bad one\"}")));
        assertThat(results.get(0).status()).isEqualTo(RecordStatus.QUARANTINED);
        JsonPath page = as(Tokens.admin()).queryParam("since", "2020-01-01T00:00:00Z").get("/v1/quarantine").then().statusCode(200)
                .extract().jsonPath();
        assertThat(page.getList("events.raw")).contains("{\"eventId\": \"bad one\"}");
        assertThat(page.getList("events.reason")).contains("eventId: characters outside [A-Za-z0-9._:-]");
        problem(as(Tokens.owner(ACCOUNT)).get("/v1/quarantine"), 403, null);
    }

    @Test
    @Order(7)
    void anotherAccountsTokenIsForbiddenOnEveryRoute() {
        String stranger = Tokens.owner(OTHER);
        String base = "/v1/accounts/" + ACCOUNT;
        problem(as(stranger).get(base + "/pools"), 403, null);
        problem(as(stranger).get(base + "/ledger"), 403, null);
        problem(as(stranger).get(base + "/usage"), 403, null);
        problem(as(stranger).body("{\"plan\": \"pro\"}").put(base), 403, null);
        problem(as(stranger).post(base + "/credit-claim"), 403, null);
        problem(as(stranger).body("{\"enabled\": true}").put(base + "/extra-usage"), 403, null);
        problem(as(stranger).body("{\"pool\": \"PROGRAMMATIC\", \"creditUsd\": \"1\", \"reason\": \"x\"}").post(base + "/adjustments"), 403, null);
        problem(as(stranger).get("/v1/quarantine"), 403, null);
        // The owner is not an admin: settings and adjustments stay forbidden to it.
        problem(as(Tokens.owner(ACCOUNT)).body("{\"plan\": \"pro\"}").put(base), 403, null);
    }

    @Test
    @Order(8)
    void badTokensAreUnauthorized() {
        String path = "/v1/accounts/" + ACCOUNT + "/pools";
        problem(given().get(path), 401, null);
        for (String token : List.of(Tokens.expired(ACCOUNT), Tokens.wrongIssuer(ACCOUNT), Tokens.wrongAudience(ACCOUNT),
                Tokens.otherKey(ACCOUNT), Tokens.algNone(ACCOUNT), "not-a-jwt")) {
            problem(as(token).get(path), 401, null);
            problem(as(token).get("/v1/quarantine"), 401, null);
        }
    }

    @Test
    @Order(9)
    void unknownAccountIsNotFound() {
        problem(as(Tokens.admin()).get("/v1/accounts/acct_nobody/pools"), 404, null);
        problem(as(Tokens.owner("acct_nobody")).post("/v1/accounts/acct_nobody/credit-claim"), 404, null);
    }

    @Test
    @Order(10)
    void malformedInputIsABadRequestNamingTheField() {
        String base = "/v1/accounts/" + ACCOUNT;
        String admin = Tokens.admin();
        String owner = Tokens.owner(ACCOUNT);
        problem(as(admin).queryParam("at", "yesterday").get(base + "/pools"), 400, "at");
        problem(as(admin).queryParam("limit", "0").get(base + "/ledger"), 400, "limit");
        problem(as(admin).queryParam("limit", "1000").get(base + "/ledger"), 400, "limit");
        problem(as(admin).queryParam("limit", "ten").get(base + "/ledger"), 400, "limit");
        problem(as(admin).queryParam("cycle", "2026-13-01").get(base + "/ledger"), 400, "cycle");
        problem(as(admin).queryParam("cursor", "garbage").get(base + "/ledger"), 400, "cursor");
        problem(as(admin).queryParam("groupBy", "color").get(base + "/usage"), 400, "groupBy");
        problem(as(admin).queryParam("groupBy", "model,model").get(base + "/usage"), 400, "groupBy");
        problem(as(admin).body("{}").put(base), 400, "plan");
        problem(as(admin).body("{\"plan\": \"platinum\"}").put(base), 400, "plan");
        problem(as(admin).body("{\"plan\": 5}").put(base), 400, "plan");
        problem(as(admin).body("{\"plan\": \"pro\"}").put("/v1/accounts/acct_new_without_anchor"), 400, "anchor");
        problem(as(admin).body("{\"plan\": \"pro\", \"anchor\": \"2026-11-17\"}").put("/v1/accounts/acct_new2"), 400, "anchor");
        problem(as(admin).body("{\"plan\": \"pro\", \"anchor\": \"2026-11-17T08:00:00Z\", \"timeZone\": \"Mars/Olympus\"}")
                .put("/v1/accounts/acct_new3"), 400, "timeZone");
        problem(as(admin).body("[1, 2]").put(base), 400, "body");
        problem(as(admin).body("{not json").put(base), 400, "body");
        problem(as(owner).body("{\"capUsd\": \"5\"}").put(base + "/extra-usage"), 400, "enabled");
        problem(as(owner).body("{\"enabled\": \"yes\"}").put(base + "/extra-usage"), 400, "enabled");
        problem(as(owner).body("{\"enabled\": true, \"capUsd\": 50}").put(base + "/extra-usage"), 400, "capUsd");
        problem(as(owner).body("{\"enabled\": true, \"capUsd\": \"-5\"}").put(base + "/extra-usage"), 400, "capUsd");
        problem(as(owner).body("{\"enabled\": true, \"capUsd\": \"0.0000000001\"}").put(base + "/extra-usage"), 400, "capUsd");
        problem(as(admin).body("{\"pool\": \"BOTH\", \"creditUsd\": \"1\", \"reason\": \"x\"}").post(base + "/adjustments"), 400, "pool");
        problem(as(admin).body("{\"pool\": \"PROGRAMMATIC\", \"reason\": \"x\"}").post(base + "/adjustments"), 400, "creditUsd");
        problem(as(admin).body("{\"pool\": \"PROGRAMMATIC\", \"creditUsd\": \"1\"}").post(base + "/adjustments"), 400, "reason");
        problem(as(admin).body("{\"pool\": \"PROGRAMMATIC\", \"creditUsd\": \"1\", \"reason\": \"x\", \"adjustmentId\": \"a b\"}")
                .post(base + "/adjustments"), 400, "adjustmentId");
        problem(as(admin).get("/v1/accounts/" + "x".repeat(65) + "/pools"), 400, "id");
        problem(as(admin).queryParam("since", "last week").get("/v1/quarantine"), 400, "since");
    }

    @Test
    @Order(11)
    void theFunctionUrlSampleEventIsAnswered() throws Exception {
        String sample = Files.readString(Path.of("../../events/function-url-get-pools.json"))
                .replace("REPLACE_WITH_A_TOKEN", Tokens.owner(ACCOUNT));
        JsonPath response = given().contentType("application/json").body(sample).post("/_lambda_").then().statusCode(200)
                .extract().jsonPath();
        assertThat(response.getInt("statusCode")).isEqualTo(200);
        JsonPath pools = JsonPath.from(response.getString("body"));
        assertThat(pools.getString("accountId")).isEqualTo(ACCOUNT);
        assertThat(pools.getString("plan")).isEqualTo("max-5x");
    }

    private static void problem(Response response, int status, String field) {
        JsonPath body = response.then().statusCode(status).contentType("application/problem+json").extract().jsonPath();
        assertThat(body.getString("type")).startsWith("https://usage-metering.dev/problems/");
        assertThat(body.getInt("status")).isEqualTo(status);
        assertThat(body.getString("detail")).isNotBlank();
        if (field != null) {
            assertThat(body.getList("errors.field")).as(body.getString("detail")).contains(field);
        }
    }
}
