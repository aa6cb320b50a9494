package dev.metering.poolapi;

import static dev.metering.poolapi.Api.as;
import static dev.metering.poolapi.Api.problem;
import static org.assertj.core.api.Assertions.assertThat;

import dev.metering.testsupport.DynamoEngineResource;
import dev.metering.testsupport.RecordedOperations;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Claims, extra usage and plans, each test on an account of its own. */
@QuarkusTest
@QuarkusTestResource(DynamoEngineResource.class)
class SettingsTest {

    @Test
    void theOwnerClaimsTheCreditOnceForTwoReadsAndOneWrite() {
        String account = Api.newAccount("pro");
        List<String> calls = RecordedOperations.during(() -> {
            JsonPath claimed = as(Tokens.owner(account)).post("/v1/accounts/" + account + "/credit-claim").then().statusCode(200)
                    .extract().jsonPath();
            assertThat(claimed.getString("programmatic.grantedUsd")).isEqualTo("20.000000000");
            assertThat(claimed.getString("programmatic.state")).isEqualTo("CREDIT");
        });
        assertThat(calls).as("account, both cycles in one batch, one transaction").containsExactly("GetItem", "BatchGetItem",
                "TransactWriteItems");
        JsonPath again = as(Tokens.owner(account)).post("/v1/accounts/" + account + "/credit-claim").then().statusCode(200).extract().jsonPath();
        assertThat(again.getString("programmatic.grantedUsd")).as("claiming twice grants once").isEqualTo("20.000000000");
    }

    @Test
    void theOwnerSetsExtraUsageAndItsCapAndClearsTheCapOnlyByNull() {
        String account = Api.newAccount("pro");
        String path = "/v1/accounts/" + account + "/extra-usage";
        JsonPath capped = as(Tokens.owner(account)).body("{\"enabled\": true, \"capUsd\": \"50.00\"}").put(path).then().statusCode(200)
                .extract().jsonPath();
        assertThat(capped.getMap("programmatic.extraUsage")).containsEntry("enabled", true).containsEntry("capUsd", "50.000000000");
        problem(as(Tokens.owner(account)).body("{\"enabled\": true}").put(path), 400, "capUsd");
        problem(as(Tokens.owner(account)).body("{\"enabled\": true, \"cap\": \"5.00\"}").put(path), 400, "cap");
        JsonPath still = as(Tokens.owner(account)).get("/v1/accounts/" + account + "/pools").then().statusCode(200).extract().jsonPath();
        assertThat(still.getString("programmatic.extraUsage.capUsd")).as("a refused request changes nothing").isEqualTo("50.000000000");
        JsonPath uncapped = as(Tokens.owner(account)).body("{\"enabled\": true, \"capUsd\": null}").put(path).then().statusCode(200)
                .extract().jsonPath();
        assertThat(uncapped.getMap("programmatic.extraUsage")).containsEntry("capUsd", null);
    }

    @Test
    void anUpgradeGrantsTheDifferenceAndADowngradeWaitsForTheNextCycle() {
        String account = Api.newAccount("pro");
        as(Tokens.owner(account)).post("/v1/accounts/" + account + "/credit-claim").then().statusCode(200);
        JsonPath upgraded = as(Tokens.admin()).body("{\"plan\": \"max-5x\", \"organizationId\": \"org_7\"}")
                .put("/v1/accounts/" + account).then().statusCode(200).extract().jsonPath();
        assertThat(upgraded.getString("plan")).isEqualTo("max-5x");
        JsonPath pools = as(Tokens.owner(account)).get("/v1/accounts/" + account + "/pools").then().statusCode(200).extract().jsonPath();
        assertThat(pools.getString("programmatic.grantedUsd")).as("the upgrade grants the difference").isEqualTo("100.000000000");
        assertThat(pools.getString("interactive.grantedUsd")).isEqualTo("40.000000000");

        JsonPath downgraded = as(Tokens.admin()).body("{\"plan\": \"pro\"}").put("/v1/accounts/" + account).then().statusCode(200)
                .extract().jsonPath();
        assertThat(downgraded.getString("plan")).isEqualTo("max-5x");
        assertThat(downgraded.getString("pendingPlan")).isEqualTo("pro");
        JsonPath back = as(Tokens.admin()).body("{\"plan\": \"max-5x\"}").put("/v1/accounts/" + account).then().statusCode(200)
                .extract().jsonPath();
        assertThat(back.getString("pendingPlan")).isNull();
        JsonPath after = as(Tokens.owner(account)).get("/v1/accounts/" + account + "/pools").then().statusCode(200).extract().jsonPath();
        assertThat(after.getString("programmatic.grantedUsd")).as("never a second grant in one cycle").isEqualTo("100.000000000");
    }

    @Test
    void aPlanChangeCostsTwoReadsAndOneWrite() {
        String account = Api.newAccount("pro");
        List<String> calls = RecordedOperations.during(() ->
                as(Tokens.admin()).body("{\"plan\": \"max-5x\"}").put("/v1/accounts/" + account).then().statusCode(200));
        assertThat(calls).as("account, both cycles in one batch, one transaction").containsExactly("GetItem", "BatchGetItem",
                "TransactWriteItems");
    }

    @Test
    void theAnchorCannotChangeOnceTheAccountExists() {
        String account = Api.newAccount("pro");
        problem(as(Tokens.admin()).body("{\"plan\": \"pro\", \"anchor\": \"2026-01-01T00:00:00Z\"}").put("/v1/accounts/" + account), 409, null);
    }

    @Test
    void anAccountCreatedWithoutATimeZoneIsInUtc() {
        String id = "acct_nozone_" + System.nanoTime();
        String zone = as(Tokens.admin()).body("{\"plan\": \"max-5x\", \"anchor\": \"" + Api.ANCHOR + "\"}").put("/v1/accounts/" + id)
                .then().statusCode(201).extract().path("timeZone");
        assertThat(zone).isEqualTo("UTC");
    }
}
