package dev.metering.poolapi;

import static dev.metering.poolapi.Api.as;
import static org.assertj.core.api.Assertions.assertThat;

import dev.metering.testsupport.DynamoEngineResource;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import io.restassured.response.Response;
import java.util.HashMap;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/** The gateway's decision: who may ask, what it answers, and its ETag (304 while nothing was written to the cycle). */
@QuarkusTest
@QuarkusTestResource(DynamoEngineResource.class)
class AuthorizationTest {

    private static String claimedAccount(boolean extraUsage, String capUsd) {
        String id = Api.newAccount("pro");
        as(Tokens.owner(id)).post("/v1/accounts/" + id + "/credit-claim").then().statusCode(200);
        if (extraUsage) {
            Map<String, Object> settings = new HashMap<>();
            settings.put("enabled", true);
            settings.put("capUsd", capUsd);
            as(Tokens.owner(id)).body(settings).put("/v1/accounts/" + id + "/extra-usage").then().statusCode(200);
        }
        return id;
    }

    private static Response ask(String token, String account, String source) {
        return as(token).queryParam("source", source).get("/v1/accounts/" + account + "/authorization");
    }

    @Test
    void creditLeftIsAllowedFromTheCreditWithAnOpaqueETagOfItsPool() {
        String id = claimedAccount(false, null);
        Response answer = ask(Tokens.owner(id), id, "agent-sdk");
        JsonPath body = answer.then().statusCode(200).extract().jsonPath();
        assertThat(body.getString("decision")).isEqualTo("ALLOW");
        assertThat(body.getString("pool")).isEqualTo("PROGRAMMATIC");
        assertThat(body.getString("billing")).isEqualTo("CREDIT");
        assertThat(body.getString("reason")).isNull();
        assertThat(body.getString("remainingUsd")).isEqualTo("20.000000000");
        assertThat(body.getString("extraUsageHeadroomUsd")).isEqualTo("0.000000000");
        String cycleStart = as(Tokens.owner(id)).get("/v1/accounts/" + id + "/pools").then().extract().path("cycle.start");
        assertThat(body.getString("resetsAt")).isEqualTo(as(Tokens.owner(id)).get("/v1/accounts/" + id + "/pools").then().extract().path("cycle.end"));
        assertThat(answer.header("ETag")).as("opaque: names nothing a gateway could parse").matches("\"[0-9a-f]{32}\"")
                .doesNotContain(cycleStart);
        assertThat(ask(Tokens.owner(id), id, "claude-code").header("ETag")).as("the other pool of the same cycle and version")
                .isNotEqualTo(answer.header("ETag"));
        assertThat(String.join(", ", answer.getHeaders().getValues("Cache-Control"))).contains("max-age=5").contains("private");
    }

    @Test
    void theSameStateAnswers304AndAWriteChangesTheTag() {
        String id = claimedAccount(false, null);
        String tag = ask(Tokens.owner(id), id, "agent-sdk").header("ETag");

        Response unchanged = as(Tokens.owner(id)).header("If-None-Match", "W/\"other\", " + tag).queryParam("source", "agent-sdk")
                .get("/v1/accounts/" + id + "/authorization");
        assertThat(unchanged.statusCode()).isEqualTo(304);
        assertThat(unchanged.header("ETag")).isEqualTo(tag);
        assertThat(String.join(", ", unchanged.getHeaders().getValues("Cache-Control"))).contains("max-age=5");
        assertThat(unchanged.asString()).isEmpty();

        Api.spend(id, "agent-sdk", 1_000_000);
        Response changed = as(Tokens.owner(id)).header("If-None-Match", tag).queryParam("source", "agent-sdk")
                .get("/v1/accounts/" + id + "/authorization");
        assertThat(changed.statusCode()).isEqualTo(200);
        assertThat(changed.header("ETag")).isNotEqualTo(tag);
        assertThat(changed.jsonPath().getString("remainingUsd")).isEqualTo("19.000000000");
    }

    @Test
    void eachRefusalIsNamed() {
        String unclaimed = Api.newAccount("pro");
        assertThat(ask(Tokens.owner(unclaimed), unclaimed, "claude-code-headless").jsonPath().getMap(""))
                .containsEntry("decision", "DENY").containsEntry("reason", "NO_CREDIT_CLAIMED_EXTRA_USAGE_OFF").containsEntry("billing", null);

        String spent = claimedAccount(false, null);
        Api.spend(spent, "agent-sdk", 20_000_000);
        assertThat(ask(Tokens.owner(spent), spent, "agent-sdk").jsonPath().getString("reason")).isEqualTo("CREDIT_EXHAUSTED_EXTRA_USAGE_OFF");

        String capped = claimedAccount(true, "1.00");
        Api.spend(capped, "agent-sdk", 20_500_000);
        JsonPath underCap = ask(Tokens.owner(capped), capped, "agent-sdk").jsonPath();
        assertThat(underCap.getString("billing")).isEqualTo("EXTRA_USAGE");
        assertThat(underCap.getString("extraUsageHeadroomUsd")).isEqualTo("0.500000000");
        Api.spend(capped, "agent-sdk", 1_000_000);
        assertThat(ask(Tokens.owner(capped), capped, "agent-sdk").jsonPath().getString("reason")).isEqualTo("EXTRA_USAGE_CAP_REACHED");

        Api.spend(spent, "claude-code", 8_000_000);
        JsonPath interactive = ask(Tokens.owner(spent), spent, "claude-code").jsonPath();
        assertThat(interactive.getString("pool")).isEqualTo("INTERACTIVE");
        assertThat(interactive.getString("reason")).isEqualTo("INTERACTIVE_ALLOWANCE_EXHAUSTED");
        assertThat(interactive.getString("extraUsageHeadroomUsd")).isNull();
    }

    @Test
    void aGatewayMayAskForAnyAccountAndAnotherOwnerMayNot() {
        String id = claimedAccount(false, null);
        assertThat(ask(Tokens.gateway(), id, "agent-sdk").statusCode()).isEqualTo(200);
        assertThat(ask(Tokens.admin(), id, "agent-sdk").statusCode()).isEqualTo(200);
        Api.problem(ask(Tokens.owner("acct_someone_else"), id, "agent-sdk"), 403, null);
        Api.problem(as(Tokens.gateway()).get("/v1/accounts/" + id + "/pools"), 403, null);
    }

    @Test
    void theSourceIsRequiredAndKnown() {
        String id = claimedAccount(false, null);
        Api.problem(as(Tokens.owner(id)).get("/v1/accounts/" + id + "/authorization"), 400, "source");
        Api.problem(ask(Tokens.owner(id), id, "no-such-source"), 400, "source");
        Api.problem(ask(Tokens.gateway(), "acct_missing_" + UUID.randomUUID().toString().substring(0, 8), "agent-sdk"), 404, null);
        assertThat(ask(Tokens.owner(id), id, "third-party:acme-ci").jsonPath().getString("pool")).isEqualTo("PROGRAMMATIC");
        assertThat(ask(Tokens.owner(id), id, "claude-desktop").jsonPath().getString("pool")).isEqualTo("INTERACTIVE");
    }
}
