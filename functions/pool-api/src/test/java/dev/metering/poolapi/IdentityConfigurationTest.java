package dev.metering.poolapi;

import static dev.metering.poolapi.Api.as;
import static dev.metering.poolapi.Api.problem;
import static org.assertj.core.api.Assertions.assertThat;

import dev.metering.testsupport.DynamoEngineResource;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.restassured.path.json.JsonPath;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Identity by configuration, as docs/identity.md sets it up for an identity provider whose subjects are
 * not account ids: the account in a custom claim, roles from a groups array and a space-separated scope
 * (a machine token's), and renamed admin and gateway roles. The default claims then mean nothing.
 */
@QuarkusTest
@QuarkusTestResource(DynamoEngineResource.class)
@TestProfile(IdentityConfigurationTest.CustomClaims.class)
class IdentityConfigurationTest {

    static final String ACCOUNT_CLAIM = "https://metering.example.com/account_id";

    public static class CustomClaims implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            // As docs/identity.md sets up Cognito: no audience checked (its access tokens carry none).
            return Map.of("metering.identity.owner-claim", ACCOUNT_CLAIM,
                    "metering.identity.groups-claims", "cognito:groups,scope",
                    "metering.identity.admin-role", "billing-admins",
                    "metering.identity.gateway-role", "metering/gateway",
                    "mp.jwt.verify.audiences", "");
        }
    }

    private static String person(String subject, String account, List<String> groups) {
        return Tokens.withClaims(Map.of("sub", subject, ACCOUNT_CLAIM, account, "cognito:groups", groups));
    }

    private static String admin() {
        return Tokens.withClaims(Map.of("sub", "console-backend", "scope", "openid billing-admins"));
    }

    private static String newAccount() {
        String id = "acct_" + java.util.UUID.randomUUID().toString().replace("-", "").substring(0, 16);
        as(admin()).body(Map.of("plan", "max-5x", "organizationId", "org_7", "anchor", Api.ANCHOR.toString(), "timeZone", "UTC"))
                .put("/v1/accounts/" + id).then().statusCode(201);
        return id;
    }

    @Test
    void theOwnerIsWhomTheConfiguredClaimNamesNotTheSubject() {
        String account = newAccount();
        as(person("us-east-1:9f3c", account, List.of())).get("/v1/accounts/" + account + "/pools").then().statusCode(200);
        assertThat(problem(as(Tokens.owner(account)).get("/v1/accounts/" + account + "/pools"), 403, null).getString("detail"))
                .isEqualTo("the token has no '" + ACCOUNT_CLAIM + "' claim, the one that names its account");
        problem(as(person("us-east-1:9f3c", "acct_someone_else", List.of())).get("/v1/accounts/" + account + "/pools"), 403, null);
    }

    @Test
    void anOwnerClaimThatIsNoAccountIdIsAForbiddenThatSaysSo() {
        String account = newAccount();
        JsonPath refused = problem(as(person("u1", "auth0|5f7c8ec7", List.of())).get("/v1/accounts/" + account + "/pools"), 403, null);
        assertThat(refused.getString("detail")).isEqualTo("the token's '" + ACCOUNT_CLAIM + "' claim is not a valid account id: "
                + "characters outside [A-Za-z0-9._-] (1-64 characters of [A-Za-z0-9._-])");
    }

    @Test
    void rolesComeFromTheConfiguredClaimsUnderTheConfiguredNames() {
        String account = newAccount();
        // A client-credentials token: the client as subject, the granted scope, no audience.
        String gateway = Tokens.withoutAudience(Map.of("sub", "gw-client", "client_id", "gw-client", "scope", "metering/gateway",
                "token_use", "access"));
        as(gateway).queryParam("source", "agent-sdk").get("/v1/accounts/" + account + "/authorization").then().statusCode(200);
        problem(as(gateway).get("/v1/accounts/" + account + "/pools"), 403, null);
        as(person("ops-1", "acct_ops", List.of("billing-admins"))).get("/v1/quarantine").then().statusCode(200);
        // The default names, in the default claim, are nobody's roles here.
        assertThat(problem(as(Tokens.admin()).get("/v1/quarantine"), 403, null).getString("detail")).isEqualTo("this needs the billing-admins role");
        problem(as(Tokens.gateway()).queryParam("source", "agent-sdk").get("/v1/accounts/" + account + "/authorization"), 403, null);
    }

    @Test
    void anAdminActsForAnOwnerAndTheHistoryNamesTheAdmin() {
        String account = newAccount();
        as(admin()).post("/v1/accounts/" + account + "/credit-claim").then().statusCode(200);
        as(admin()).body("{\"enabled\": true, \"capUsd\": \"20.00\"}").put("/v1/accounts/" + account + "/extra-usage").then().statusCode(200);
        JsonPath budget = as(admin()).body("{\"match\": {}, \"limitUsd\": \"5\", \"window\": \"cycle\", \"action\": \"notify\"}")
                .put("/v1/accounts/" + account + "/budgets/all").then().statusCode(201).extract().jsonPath();
        assertThat(budget.getString("changedBy")).isEqualTo("console-backend");

        JsonPath seen = as(admin()).get("/v1/accounts/" + account).then().statusCode(200).extract().jsonPath();
        assertThat(seen.getList("history.kind")).containsExactly("PLAN", "CLAIM", "EXTRA_USAGE");
        assertThat(seen.getList("history.by")).containsExactly("console-backend", "console-backend", "console-backend");

        // The owner changes the budget: its history names them.
        JsonPath changed = as(person("us-east-1:9f3c", account, List.of())).body("{\"match\": {}, \"limitUsd\": \"6\", \"window\": \"cycle\", "
                + "\"action\": \"notify\"}").put("/v1/accounts/" + account + "/budgets/all").then().statusCode(200).extract().jsonPath();
        assertThat(changed.getString("changedBy")).isEqualTo("us-east-1:9f3c");
    }
}
