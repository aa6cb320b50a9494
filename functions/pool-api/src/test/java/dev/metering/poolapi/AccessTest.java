package dev.metering.poolapi;

import static dev.metering.poolapi.Api.as;
import static dev.metering.poolapi.Api.problem;
import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

import dev.metering.testsupport.DynamoEngineResource;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.Response;
import io.restassured.specification.RequestSpecification;
import java.util.function.BiFunction;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** Who may do what: one case per route and per kind of bad token. */
@QuarkusTest
@QuarkusTestResource(DynamoEngineResource.class)
class AccessTest {

    /** Every route, as a request on an account. */
    static Stream<Arguments> routes() {
        return Stream.of(
                route("GET pools", (r, base) -> r.get(base + "/pools")),
                route("GET ledger", (r, base) -> r.get(base + "/ledger")),
                route("GET usage", (r, base) -> r.get(base + "/usage")),
                route("GET account", (r, base) -> r.get(base)),
                route("PUT account", (r, base) -> r.body("{\"plan\": \"pro\"}").put(base)),
                route("POST credit-claim", (r, base) -> r.post(base + "/credit-claim")),
                route("PUT extra-usage", (r, base) -> r.body("{\"enabled\": true, \"capUsd\": null}").put(base + "/extra-usage")),
                route("POST adjustments", (r, base) -> r.body("{\"pool\": \"PROGRAMMATIC\", \"creditUsd\": \"1\", \"reason\": \"x\", "
                        + "\"adjustmentId\": \"a-1\"}").post(base + "/adjustments")),
                route("GET quarantine", (r, base) -> r.get("/v1/quarantine")),
                route("POST quarantine replay", (r, base) -> r.body("{\"since\": \"2026-01-01T00:00:00Z\"}").post("/v1/quarantine/replay")),
                route("GET prices", (r, base) -> r.get("/v1/prices")),
                route("PUT price", (r, base) -> r.body("{}").put("/v1/prices/claude-x")));
    }

    private static Arguments route(String name, BiFunction<RequestSpecification, String, Response> call) {
        return Arguments.of(name, call);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("routes")
    void anotherAccountsTokenIsForbidden(String name, BiFunction<RequestSpecification, String, Response> call) {
        String account = Api.newAccount("pro");
        String stranger = Api.newAccount("pro");
        problem(call.apply(as(Tokens.owner(stranger)), "/v1/accounts/" + account), 403, null);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("routes")
    void noTokenIsUnauthorizedWithTheBearerChallenge(String name, BiFunction<RequestSpecification, String, Response> call) {
        Response response = call.apply(given().contentType("application/json"), "/v1/accounts/acct_anyone");
        problem(response, 401, null);
        assertThat(response.getHeader("WWW-Authenticate")).isEqualTo("Bearer");
    }

    static Stream<Arguments> badTokens() {
        return Stream.of(
                Arguments.of("expired", Tokens.expired("acct_x")),
                Arguments.of("another issuer", Tokens.wrongIssuer("acct_x")),
                Arguments.of("another audience", Tokens.wrongAudience("acct_x")),
                Arguments.of("another key", Tokens.otherKey("acct_x")),
                Arguments.of("alg none", Tokens.algNone("acct_x")),
                Arguments.of("valid for ten years", Tokens.longLived("acct_x")),
                Arguments.of("not a JWT", "not-a-jwt"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("badTokens")
    void aBadTokenIsUnauthorized(String name, String token) {
        Response response = as(token).get("/v1/accounts/acct_x/pools");
        problem(response, 401, null);
        assertThat(response.getHeader("WWW-Authenticate")).isEqualTo("Bearer");
        problem(as(token).get("/v1/quarantine"), 401, null);
    }

    @Test
    void theOwnerIsNotAnAdmin() {
        String account = Api.newAccount("pro");
        problem(as(Tokens.owner(account)).body("{\"plan\": \"pro\"}").put("/v1/accounts/" + account), 403, null);
        problem(as(Tokens.owner(account)).get("/v1/quarantine"), 403, null);
    }

    @Test
    void anUnknownAccountIsNotFound() {
        problem(as(Tokens.admin()).get("/v1/accounts/acct_nobody/pools"), 404, null);
        problem(as(Tokens.owner("acct_nobody")).post("/v1/accounts/acct_nobody/credit-claim"), 404, null);
        problem(as(Tokens.owner("acct_nobody")).body("{\"enabled\": false, \"capUsd\": null}").put("/v1/accounts/acct_nobody/extra-usage"),
                404, null);
    }
}
