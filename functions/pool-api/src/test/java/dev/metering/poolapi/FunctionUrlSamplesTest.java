package dev.metering.poolapi;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

import dev.metering.testsupport.DynamoEngineResource;
import dev.metering.testsupport.SampleEvents;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Each function-URL sample in events/ (payload v2, as `sam local invoke -e` sends it) through the
 * Lambda mock event server; the token placeholders are replaced with freshly minted tokens. One
 * test, in the order a user would send them: the samples build on one another (the account first).
 */
@QuarkusTest
@QuarkusTestResource(DynamoEngineResource.class)
class FunctionUrlSamplesTest {

    private static JsonPath invoke(String sample, int status) throws Exception {
        String event = SampleEvents.read(sample)
                .replace("REPLACE_WITH_AN_ADMIN_TOKEN", Tokens.admin())
                .replace("REPLACE_WITH_A_GATEWAY_TOKEN", Tokens.gateway())
                .replace("REPLACE_WITH_A_TOKEN_FOR_ACCT_URL", Tokens.owner("acct_url"))
                .replace("REPLACE_WITH_A_TOKEN", Tokens.owner("acct_api"));
        JsonPath response = given().contentType("application/json").body(event).post("/_lambda_").then().statusCode(200)
                .extract().jsonPath();
        assertThat(response.getInt("statusCode")).as(sample + ": " + response.getString("body")).isEqualTo(status);
        return JsonPath.from(response.getString("body"));
    }

    @Test
    void everySampleIsAnsweredAsDocumented() throws Exception {
        JsonPath account = invoke("function-url-put-account.json", 201);
        assertThat(account.getString("timeZone")).isEqualTo("Europe/Berlin");
        assertThat(invoke("function-url-put-account.json", 200).getString("plan")).as("the same settings again").isEqualTo("team-premium");
        assertThat(invoke("function-url-post-credit-claim.json", 200).getString("programmatic.grantedUsd")).isEqualTo("100.000000000");
        assertThat(invoke("function-url-put-extra-usage.json", 200).getMap("programmatic.extraUsage"))
                .isEqualTo(Map.of("enabled", true, "capUsd", "25.000000000", "accruedUsd", "0.000000000"));
        JsonPath adjusted = invoke("function-url-post-adjustment.json", 201);
        assertThat(adjusted.getString("programmatic.grantedUsd")).isEqualTo("97.500000000");
        assertThat(invoke("function-url-post-adjustment.json", 201).prettify()).as("a retry gets the first answer")
                .isEqualTo(adjusted.prettify());
        assertThat(invoke("function-url-get-ledger.json", 200).getList("entries")).isNotEmpty();
        assertThat(invoke("function-url-get-usage.json", 200).getMap("cycle")).containsKeys("start", "end", "timeZone");
        assertThat(invoke("function-url-get-quarantine.json", 200).getList("events")).isNotNull();
        JsonPath price = invoke("function-url-put-price.json", 201);
        assertThat(price.getList("ids")).containsExactly("claude-example-1", "claude-example-1-20261201");
        assertThat(price.getString("longContext.outputUsd")).isEqualTo("22.5");
        assertThat(invoke("function-url-put-price.json", 200).getString("model")).as("the same row again").isEqualTo("claude-example-1");
        JsonPath prices = invoke("function-url-get-prices.json", 200);
        assertThat(prices.getString("at")).isEqualTo("2026-12-08T00:00:00Z");
        assertThat(prices.getList("models.model")).contains("claude-example-1", "claude-opus-4-7", "claude-sonnet-5");
        assertThat(invoke("function-url-post-quarantine-replay.json", 200).getInt("examined")).isZero();

        given().contentType("application/json").body(Map.of("plan", "pro", "anchor", Api.ANCHOR.toString()))
                .header("Authorization", "Bearer " + Tokens.admin()).put("/v1/accounts/acct_api").then().statusCode(201);
        assertThat(invoke("function-url-get-pools.json", 200).getString("accountId")).isEqualTo("acct_api");
        JsonPath decision = invoke("function-url-get-authorization.json", 200);
        assertThat(decision.getString("pool")).isEqualTo("PROGRAMMATIC");
        assertThat(decision.getString("decision")).as("a new seat of pro: no credit claimed, no extra usage").isEqualTo("DENY");
        assertThat(decision.getString("reason")).isEqualTo("NO_CREDIT_CLAIMED_EXTRA_USAGE_OFF");
    }
}
