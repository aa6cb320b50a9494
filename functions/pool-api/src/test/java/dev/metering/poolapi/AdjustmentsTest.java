package dev.metering.poolapi;

import static dev.metering.poolapi.Api.as;
import static dev.metering.poolapi.Api.problem;
import static org.assertj.core.api.Assertions.assertThat;

import dev.metering.testsupport.DynamoEngineResource;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.Response;
import org.junit.jupiter.api.Test;

/** Adjustments are applied once per adjustmentId, and a retry gets the answer first given. */
@QuarkusTest
@QuarkusTestResource(DynamoEngineResource.class)
class AdjustmentsTest {

    private static Response adjust(String account, String body) {
        return as(Tokens.admin()).body(body).post("/v1/accounts/" + account + "/adjustments");
    }

    @Test
    void aRetryGetsTheFirstAnswerAndIsNotAppliedAgain() {
        String account = Api.newAccount("pro");
        String body = "{\"pool\": \"INTERACTIVE\", \"creditUsd\": \"1.00\", \"reason\": \"goodwill\", \"adjustmentId\": \"t-1\"}";
        String first = adjust(account, body).then().statusCode(201).contentType("application/json").extract().asString();
        as(Tokens.owner(account)).post("/v1/accounts/" + account + "/credit-claim").then().statusCode(200);
        String retried = adjust(account, "{\"adjustmentId\": \"t-1\", \"reason\": \"goodwill\", \"creditUsd\": \"1.0\", \"pool\": \"INTERACTIVE\"}")
                .then().statusCode(201).extract().asString();
        assertThat(retried).as("the answer as first given, not the pools as they are now").isEqualTo(first);
        String interactive = as(Tokens.owner(account)).get("/v1/accounts/" + account + "/pools").then().statusCode(200).extract()
                .path("interactive.grantedUsd");
        assertThat(interactive).as("granted $8 + $1, once").isEqualTo("9.000000000");
    }

    @Test
    void theSameIdWithAnotherBodyIsAConflict() {
        String account = Api.newAccount("pro");
        adjust(account, "{\"pool\": \"INTERACTIVE\", \"creditUsd\": \"1.00\", \"reason\": \"goodwill\", \"adjustmentId\": \"t-2\"}")
                .then().statusCode(201);
        problem(adjust(account, "{\"pool\": \"INTERACTIVE\", \"creditUsd\": \"2.00\", \"reason\": \"goodwill\", \"adjustmentId\": \"t-2\"}"),
                409, null);
    }

    @Test
    void takingBackMoreThanRemainsIsAConflict() {
        String account = Api.newAccount("pro");
        problem(adjust(account, "{\"pool\": \"INTERACTIVE\", \"creditUsd\": \"-1000\", \"reason\": \"too much\", \"adjustmentId\": \"t-3\"}"),
                409, null);
    }

    @Test
    void amountsBeyondTheLargestAreRefusedAndNeverOverflow() {
        String account = Api.newAccount("pro");
        problem(adjust(account, "{\"pool\": \"PROGRAMMATIC\", \"creditUsd\": \"9000000000\", \"reason\": \"x\", \"adjustmentId\": \"t-4\"}"),
                400, "creditUsd");
        for (int i = 0; i < 2; i++) {
            adjust(account, "{\"pool\": \"PROGRAMMATIC\", \"creditUsd\": \"1000000\", \"reason\": \"x\", \"adjustmentId\": \"big-" + i + "\"}")
                    .then().statusCode(201);
        }
    }

    @Test
    void anAdjustmentNamesWhoMadeIt() {
        String account = Api.newAccount("pro");
        adjust(account, "{\"pool\": \"INTERACTIVE\", \"creditUsd\": \"1.00\", \"reason\": \"goodwill\", \"adjustmentId\": \"t-5\"}")
                .then().statusCode(201);
        assertThat(as(Tokens.admin()).get("/v1/accounts/" + account + "/ledger").then().statusCode(200).extract().jsonPath()
                .getString("entries.find { it.entryId == 'adj:t-5' }.by")).isEqualTo("ops-alice");
    }
}
