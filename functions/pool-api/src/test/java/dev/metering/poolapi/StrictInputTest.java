package dev.metering.poolapi;

import static dev.metering.poolapi.Api.as;
import static dev.metering.poolapi.Api.problem;
import static org.assertj.core.api.Assertions.assertThat;

import dev.metering.testsupport.DynamoEngineResource;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.Response;
import java.util.UUID;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Input the API refuses, one row per case, each a 400 naming the field or parameter at fault. The
 * rows only read, or are refused before anything is written, so they share one account.
 */
@QuarkusTest
@QuarkusTestResource(DynamoEngineResource.class)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class StrictInputTest {

    private String account;

    @BeforeEach
    void account() {
        if (account == null) {
            account = Api.newAccount("pro");
        }
    }

    @ParameterizedTest(name = "GET {0}?{1}={2}")
    @CsvSource(delimiter = '|', value = {
        "pools  | at     | yesterday",
        "pools  | at     | +999999999-12-31T23:59:59Z",
        "pools  | at     | -999999999-01-01T00:00:00Z",
        "pools  | at     | 0001-01-01T00:00:00Z",
        "pools  | at     | 2026-11-17T07:59:59Z",
        "pools  | at     | 2040-01-01T00:00:00Z",
        "ledger | limit  | 0",
        "ledger | limit  | 1000",
        "ledger | limit  | ten",
        "ledger | cycle  | 2026-13-01",
        "ledger | cycle  | +999999999-12-31T23:59:59Z",
        "ledger | cursor | garbage",
        "usage  | groupBy | color",
        "usage  | groupBy | model,model",
        "usage  | groupBy | model,",
        "usage  | cycle  | 1900-01-01T00:00:00Z",
        "usage  | limit  | null",
        "usage  | limit  | 0",
    })
    void aQueryParameterOutOfItsRangeIsNamed(String route, String parameter, String value) {
        problem(as(Tokens.admin()).queryParam(parameter, value).get("/v1/accounts/" + account + "/" + route), 400, parameter);
    }

    /** A name the route does not take is refused, not read as absent: a misspelt tag would leave a budget unasked. */
    @ParameterizedTest(name = "GET {0}?{1}")
    @CsvSource(delimiter = '|', value = {
        "authorization | source=agent-sdk&tags.team=search         | tags.team",
        "authorization | source=agent-sdk&tag.=search              | tag.",
        "authorization | source=agent-sdk&tag_team=search          | tag_team",
        "authorization | source=agent-sdk&tag.team=a&tag.team=b    | tag.team",
        "authorization | source=agent-sdk&source=agent-sdk         | source",
        "pools         | at=2026-11-20T00:00:00Z&asOf=yesterday    | asOf",
        "ledger        | limit=5&limit=6                           | limit",
        "usage         | groupby=model                             | groupby",
        "budgets       | window=day                                | window",
    })
    void aQueryParameterTheRouteDoesNotTakeOrTakesOnceIsNamed(String route, String query, String parameter) {
        problem(as(Tokens.admin()).urlEncodingEnabled(false).get("/v1/accounts/" + account + "/" + route + "?" + query), 400, parameter);
    }

    @Test
    void anAdminListingNamesItsParametersWhenGivenAnother() {
        assertThat(problem(as(Tokens.admin()).queryParam("reason", "model").get("/v1/quarantine"), 400, "reason").getString("detail"))
                .isEqualTo("reason: not a parameter of this route; it takes cursor, limit, resolved, since");
    }

    @ParameterizedTest(name = "GET quarantine?since={0}")
    @CsvSource({"last week", "1999-12-31T23:59:59Z", "+999999999-12-31T23:59:59Z"})
    void theQuarantineSinceIsBounded(String since) {
        problem(as(Tokens.admin()).queryParam("since", since).get("/v1/quarantine"), 400, "since");
    }

    @ParameterizedTest(name = "PUT account {0}")
    @CsvSource(delimiter = '|', value = {
        "{}                                                                                   | plan",
        "{\"plan\": \"platinum\"}                                                            | plan",
        "{\"plan\": 5}                                                                       | plan",
        "[1, 2]                                                                               | body",
        "{not json                                                                            | body",
        "{\"plan\": \"pro\", \"colour\": \"red\"}                                            | colour",
        "{\"plan\": \"pro\", \"organizationId\": \"org#1<script>\"}                         | organizationId",
        "{\"plan\": \"pro\", \"organizationId\": \"\"}                                       | organizationId",
        "{\"plan\": \"pro\", \"timeZone\": \"+05:00\"}                                      | timeZone",
        "{\"plan\": \"pro\", \"timeZone\": \"Mars/Olympus\"}                                | timeZone",
        "{\"plan\": \"pro\", \"anchor\": \"2026-11-17\"}                                    | anchor",
        "{\"plan\": \"pro\", \"anchor\": \"+999999999-12-31T23:59:59Z\"}                    | anchor",
    })
    void anAccountBodyIsCheckedFieldByField(String body, String field) {
        problem(as(Tokens.admin()).body(body).put("/v1/accounts/" + account), 400, field);
    }

    @ParameterizedTest(name = "PUT a new account {0}")
    @ValueSource(strings = {"{\"plan\": \"pro\"}", "{\"plan\": \"pro\", \"anchor\": null}"})
    void aNewAccountNeedsItsAnchor(String body) {
        String fresh = "acct_new_" + UUID.randomUUID().toString().substring(0, 8);
        problem(as(Tokens.admin()).body(body).put("/v1/accounts/" + fresh), 400, "anchor");
        as(Tokens.admin()).get("/v1/accounts/" + fresh).then().statusCode(404);
    }

    @ParameterizedTest(name = "PUT extra-usage {0}")
    @CsvSource(delimiter = '|', value = {
        "{\"capUsd\": \"5\"}                                 | enabled",
        "{\"enabled\": \"yes\", \"capUsd\": null}            | enabled",
        "{\"enabled\": true}                                 | capUsd",
        "{\"enabled\": true, \"cap\": \"5.00\"}              | cap",
        "{\"enabled\": true, \"capUsd\": 50}                 | capUsd",
        "{\"enabled\": true, \"capUsd\": \"-5\"}             | capUsd",
        "{\"enabled\": true, \"capUsd\": \"0.0000000001\"}   | capUsd",
        "{\"enabled\": true, \"capUsd\": \"1000000.01\"}     | capUsd",
    })
    void anExtraUsageBodyNeedsBothFieldsAndNothingElse(String body, String field) {
        problem(as(Tokens.owner(account)).body(body).put("/v1/accounts/" + account + "/extra-usage"), 400, field);
    }

    @ParameterizedTest(name = "POST adjustments {0}")
    @CsvSource(delimiter = '|', value = {
        "{\"pool\": \"BOTH\", \"creditUsd\": \"1\", \"reason\": \"x\", \"adjustmentId\": \"a\"}            | pool",
        "{\"pool\": \"PROGRAMMATIC\", \"reason\": \"x\", \"adjustmentId\": \"a\"}                         | creditUsd",
        "{\"pool\": \"PROGRAMMATIC\", \"creditUsd\": \"0\", \"reason\": \"x\", \"adjustmentId\": \"a\"}    | creditUsd",
        "{\"pool\": \"PROGRAMMATIC\", \"creditUsd\": \"-1000000.5\", \"reason\": \"x\", \"adjustmentId\": \"a\"} | creditUsd",
        "{\"pool\": \"PROGRAMMATIC\", \"creditUsd\": \"1\", \"adjustmentId\": \"a\"}                       | reason",
        "{\"pool\": \"PROGRAMMATIC\", \"creditUsd\": \"1\", \"reason\": \"x\"}                             | adjustmentId",
        "{\"pool\": \"PROGRAMMATIC\", \"creditUsd\": \"1\", \"reason\": \"x\", \"adjustmentId\": \"a b\"}   | adjustmentId",
        "{\"pool\": \"PROGRAMMATIC\", \"creditUsd\": \"1\", \"reason\": \"x\", \"adjustmentId\": \"a\", \"by\": \"me\"} | by",
    })
    void anAdjustmentBodyIsCheckedFieldByField(String body, String field) {
        problem(as(Tokens.admin()).body(body).post("/v1/accounts/" + account + "/adjustments"), 400, field);
    }

    /** A written-out null where the document allows none is refused, not read as absent; so is a field it does not name. */
    @ParameterizedTest(name = "{0} {1}: {2}")
    @CsvSource(delimiter = '|', value = {
        "PUT  | budgets/b1       | {\"match\": {\"source\": null}, \"limitUsd\": \"1\", \"window\": \"day\", \"action\": \"pause\"} | match.source",
        "PUT  | budgets/b1       | {\"match\": {\"tag\": \"team\", \"value\": null}, \"limitUsd\": \"1\", \"window\": \"day\", \"action\": \"pause\"} | match.value",
        "PUT  | budgets/b1       | {\"match\": {}, \"limitUsd\": \"1\", \"window\": \"day\", \"action\": \"pause\", \"\": 1} | ''",
        "PUT  | budgets/b1       | {\"match\": {}, \"limitUsd\": \"0.00000000261705778\", \"window\": \"day\", \"action\": \"pause\"} | limitUsd",
        "PUT  | budgets/b1       | {\"match\": {}, \"limitUsd\": \"0.0000000001\", \"window\": \"day\", \"action\": \"pause\"} | limitUsd",
        "PUT  | budgets/b1       | {\"match\": {}, \"limitUsd\": \"0.000000000\", \"window\": \"day\", \"action\": \"pause\"} | limitUsd",
        "PUT  | budgets/b1       | {\"match\": {\"src\": \"ci\"}, \"limitUsd\": \"1\", \"window\": \"day\", \"action\": \"pause\"} | match.src",
        "POST | /quarantine/replay | {\"since\": \"2026-11-01T00:00:00Z\", \"limit\": null}          | limit",
        "POST | /quarantine/replay | {\"since\": \"2026-11-01T00:00:00Z\", \"limit\": 6.5}           | limit",
        "POST | /quarantine/replay | {\"since\": \"2026-11-01T00:00:00Z\", \"cursor\": null}         | cursor",
        "POST | /quarantine/replay | {\"since\": \"2026-11-01T00:00:00Z\", \"until\": null}          | until",
        "POST | /quarantine/replay | {\"since\": \"2026-11-01T00:00:00Z\", \"everything\": true}     | everything",
        "PUT  | /prices/m-strict | {\"effectiveFrom\": \"2030-01-01T00:00:00Z\", \"inputUsd\": \"1\", \"outputUsd\": \"5\", \"cacheWrite5mUsd\": \"1.25\", \"cacheWrite1hUsd\": \"2\", \"cacheReadUsd\": \"0.1\", \"ids\": null} | ids",
        "PUT  | /prices/m-strict | {\"effectiveFrom\": \"2030-01-01T00:00:00Z\", \"inputUsd\": \"1\", \"outputUsd\": \"5\", \"cacheWrite5mUsd\": \"1.25\", \"cacheWrite1hUsd\": \"2\", \"cacheReadUsd\": \"0.1\", \"holdInexact\": null} | holdInexact",
        "PUT  | /prices/m-strict | {\"effectiveFrom\": \"2030-01-01T00:00:00Z\", \"inputUsd\": \"1\", \"outputUsd\": \"5\", \"cacheWrite5mUsd\": \"1.25\", \"cacheWrite1hUsd\": \"2\", \"cacheReadUsd\": \"0.1\", \"webSearchPer1kUsd\": null} | webSearchPer1kUsd",
        "PUT  | /prices/m-strict | {\"effectiveFrom\": \"2030-01-01T00:00:00Z\", \"inputUsd\": \"1\", \"outputUsd\": \"5\", \"cacheWrite5mUsd\": \"1.25\", \"cacheWrite1hUsd\": \"2\", \"cacheReadUsd\": \"0.1\", \"batchUsd\": \"0.5\"} | batchUsd",
    })
    void aNullTheDocumentDoesNotAllowAndAFieldItDoesNotNameAreRefusedByName(String method, String route, String body, String field) {
        String path = route.startsWith("/") ? "/v1" + route : "/v1/accounts/" + account + "/" + route;
        problem(as(Tokens.admin()).body(body).request(method, path), 400, field);
    }

    @Test
    void aWholeNumberWrittenWithAZeroFractionIsWhole() {
        as(Tokens.admin()).body("{\"since\": \"2026-11-01T00:00:00Z\", \"until\": \"2026-11-01T00:00:01Z\", \"limit\": 6.0}")
                .post("/v1/quarantine/replay").then().statusCode(200);
    }

    @ParameterizedTest(name = "id {0}")
    @CsvSource({"xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx", "acct%23one", "acct:one"})
    void anAccountIdOutsideItsRuleIsNamed(String id) {
        Response response = as(Tokens.admin()).urlEncodingEnabled(false).get("/v1/accounts/" + id + "/pools");
        problem(response, 400, "id");
    }
}
