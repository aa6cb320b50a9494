package dev.metering.poolapi;

import static dev.metering.poolapi.Api.as;
import static dev.metering.poolapi.Api.problem;
import static org.assertj.core.api.Assertions.assertThat;

import dev.metering.store.Catalogs;
import dev.metering.store.StoreConfig;
import dev.metering.store.recording.IncomingEvent;
import dev.metering.store.recording.RecordStatus;
import dev.metering.store.recording.Recording;
import dev.metering.testsupport.DynamoEngine;
import dev.metering.testsupport.DynamoEngineResource;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import io.restassured.response.Response;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/** Budgets through the API: their routes, the decision they stop, and usage by tag. */
@QuarkusTest
@QuarkusTestResource(DynamoEngineResource.class)
class BudgetsTest {

    private static String claimed() {
        String account = Api.newAccount("max-5x");
        as(Tokens.owner(account)).post("/v1/accounts/" + account + "/credit-claim").then().statusCode(200);
        return account;
    }

    private static void spend(String account, String source, String tags, long inputTokens) {
        String raw = """
                {"eventId": "%s", "accountId": "%s", "occurredAt": "%s", "source": "%s", "model": "claude-haiku-4-5", "tags": %s,
                 "usage": {"input_tokens": %d, "output_tokens": 0}}""".formatted(UUID.randomUUID(), account, Instant.now().minusSeconds(30),
                source, tags, inputTokens);
        var recorder = Recording.recorder(DynamoEngine.shared().newClient(), StoreConfig.defaults(DynamoEngineResource.table()),
                Catalogs.bundled(), Clock.systemUTC());
        assertThat(recorder.record(List.of(new IncomingEvent("m", raw)))).allMatch(r -> r.status() == RecordStatus.APPLIED);
    }

    private static Response put(String token, String account, String id, String body) {
        return as(token).body(body).put("/v1/accounts/" + account + "/budgets/" + id);
    }

    @Test
    void anOwnerSetsBudgetsAndTheDecisionStopsWhatAnExhaustedOneMatches() {
        String account = claimed();
        String owner = Tokens.owner(account);
        JsonPath created = put(owner, account, "ci", "{\"match\": {\"source\": \"claude-code-github-actions\"}, \"limitUsd\": \"1.00\", "
                + "\"window\": \"day\", \"action\": \"pause\"}").then().statusCode(201).extract().jsonPath();
        assertThat(created.getString("state")).isEqualTo("OK");
        assertThat(created.getString("spentUsd")).isEqualTo("0.000000000");
        assertThat(created.getMap("match")).isEqualTo(Map.of("source", "claude-code-github-actions"));
        put(Tokens.admin(), account, "team", "{\"match\": {\"tag\": \"team\", \"value\": \"search\"}, \"limitUsd\": \"0.5\", \"window\": \"hour\", "
                + "\"action\": \"pause\"}").then().statusCode(201);

        String decision = "/v1/accounts/" + account + "/authorization";
        Response allowed = as(Tokens.gateway()).queryParam("source", "claude-code-github-actions").get(decision);
        allowed.then().statusCode(200).body("decision", org.hamcrest.Matchers.equalTo("ALLOW"));
        String allowedTag = allowed.getHeader("ETag");

        spend(account, "claude-code-github-actions", "{}", 1_000_000); // $1 of haiku input: the CI budget's day is spent
        Response denied = as(Tokens.gateway()).queryParam("source", "claude-code-github-actions").get(decision);
        denied.then().statusCode(200);
        assertThat(denied.jsonPath().getString("decision")).isEqualTo("DENY");
        assertThat(denied.jsonPath().getString("reason")).isEqualTo("BUDGET_EXHAUSTED");
        assertThat(denied.jsonPath().getString("budgetId")).isEqualTo("ci");
        assertThat(denied.jsonPath().getString("billing")).isNull();
        assertThat(denied.getHeader("ETag")).isNotEqualTo(allowedTag);
        long maxAge = Long.parseLong(denied.getHeader("Cache-Control").replaceAll(".*max-age=", ""));
        long toStep = 300 - Instant.now().getEpochSecond() % 300;
        assertThat(maxAge).as("never past the next 5-minute step").isLessThanOrEqualTo(Math.min(5, toStep));
        // Another source, and the tag budget: a request of the team is stopped only once its hour is spent.
        assertThat(as(Tokens.gateway()).queryParam("source", "agent-sdk").queryParam("tag.team", "search").get(decision).jsonPath()
                .getString("decision")).isEqualTo("ALLOW");
        spend(account, "agent-sdk", "{\"team\": \"search\"}", 600_000);
        JsonPath team = as(Tokens.gateway()).queryParam("source", "agent-sdk").queryParam("tag.team", "search").get(decision).jsonPath();
        assertThat(team.getString("budgetId")).isEqualTo("team");
        assertThat(as(Tokens.gateway()).queryParam("source", "agent-sdk").queryParam("tag.team", "ads").get(decision).jsonPath()
                .getString("decision")).isEqualTo("ALLOW");

        // Raising the limit lifts it, and keeps the spend.
        JsonPath raised = put(owner, account, "ci", "{\"match\": {\"source\": \"claude-code-github-actions\"}, \"limitUsd\": \"5\", "
                + "\"window\": \"day\", \"action\": \"pause\"}").then().statusCode(200).extract().jsonPath();
        assertThat(raised.getString("spentUsd")).isEqualTo("1.000000000");
        assertThat(as(Tokens.gateway()).queryParam("source", "claude-code-github-actions").get(decision).jsonPath().getString("decision"))
                .isEqualTo("ALLOW");

        JsonPath listed = as(owner).get("/v1/accounts/" + account + "/budgets").then().statusCode(200).extract().jsonPath();
        assertThat(listed.getList("budgets.budgetId")).containsExactly("ci", "team");
        assertThat(listed.getString("budgets.find { it.budgetId == 'team' }.state")).isEqualTo("EXHAUSTED");
        assertThat(listed.getString("budgets.find { it.budgetId == 'team' }.exhaustedAt")).isNotNull();
        as(owner).delete("/v1/accounts/" + account + "/budgets/team").then().statusCode(204);
        problem(as(owner).delete("/v1/accounts/" + account + "/budgets/team"), 404, null);
        assertThat(as(Tokens.gateway()).queryParam("source", "agent-sdk").queryParam("tag.team", "search").get(decision).jsonPath()
                .getString("decision")).isEqualTo("ALLOW");

        problem(as(Tokens.owner(claimed())).get("/v1/accounts/" + account + "/budgets"), 403, null);
        problem(as(Tokens.gateway()).get("/v1/accounts/" + account + "/budgets"), 403, null);
    }

    @Test
    void aBudgetIsRefusedByTheFieldAtFault() {
        String account = claimed();
        String owner = Tokens.owner(account);
        String ok = "{\"match\": {}, \"limitUsd\": \"10\", \"window\": \"cycle\", \"action\": \"notify\"}";
        problem(put(owner, account, "web", ok.replace("{}", "{\"source\": \"claude-web\"}")), 400, "match.source");
        problem(put(owner, account, "x", ok.replace("{}", "{\"source\": \"fax\"}")), 400, "match.source");
        problem(put(owner, account, "x", ok.replace("{}", "{\"tag\": \"Team\", \"value\": \"a\"}")), 400, "match.tag");
        problem(put(owner, account, "x", ok.replace("{}", "{\"tag\": \"team\"}")), 400, "match.value");
        problem(put(owner, account, "x", ok.replace("{}", "{\"source\": \"agent-sdk\", \"tag\": \"t\", \"value\": \"v\"}")), 400, "match");
        problem(put(owner, account, "x", ok.replace("{}", "{\"teams\": \"a\"}")), 400, "match.teams");
        problem(put(owner, account, "x", ok.replace("\"10\"", "\"0\"")), 400, "limitUsd");
        problem(put(owner, account, "x", ok.replace("\"10\"", "10")), 400, "limitUsd");
        problem(put(owner, account, "x", ok.replace("cycle", "week")), 400, "window");
        problem(put(owner, account, "x", ok.replace("notify", "stop")), 400, "action");
        problem(put(owner, account, "x", ok.replace("\"action\"", "\"actions\"")), 400, "actions");
        problem(put(owner, account, "Bad", ok), 400, "budgetId");
        for (int i = 0; i < 10; i++) {
            put(owner, account, "b" + i, ok).then().statusCode(201);
        }
        problem(put(owner, account, "b10", ok), 409, null);
        put(owner, account, "b3", ok.replace("\"10\"", "\"11\"")).then().statusCode(200);
        problem(as(Tokens.gateway()).queryParam("source", "agent-sdk").queryParam("tag.Team", "x")
                .get("/v1/accounts/" + account + "/authorization"), 400, "tag.Team");
    }

    @Test
    void usageByTagIsPagedAndEndsWithTheEventsWithoutTheKey() throws Exception {
        String account = claimed();
        for (String team : List.of("ads", "search", "search", "web")) {
            spend(account, "agent-sdk", "{\"team\": \"" + team + "\", \"run\": \"r1\"}", 100_000);
        }
        spend(account, "agent-sdk", "{\"run\": \"r2\"}", 300_000);
        spend(account, "claude-code", "{}", 200_000);
        String usage = "/v1/accounts/" + account + "/usage";
        JsonPath first = as(Tokens.owner(account)).queryParam("groupBy", "tag:team").queryParam("limit", 2).get(usage)
                .then().statusCode(200).extract().jsonPath();
        assertThat(first.getList("groups.tags.team")).containsExactly("ads", "search");
        assertThat(first.getLong("groups[1].events")).isEqualTo(2);
        assertThat(first.getString("groups[1].costUsd")).isEqualTo("0.200000000");
        String cursor = first.getString("nextCursor");
        assertThat(cursor).isNotNull();
        JsonPath last = as(Tokens.owner(account)).queryParam("groupBy", "tag:team").queryParam("limit", 2).queryParam("cursor", cursor).get(usage)
                .then().statusCode(200).extract().jsonPath();
        List<Map<String, Object>> groups = last.getList("groups");
        assertThat(groups).hasSize(2);
        assertThat(((Map<?, ?>) groups.get(0).get("tags")).get("team")).isEqualTo("web");
        assertThat(((Map<?, ?>) groups.get(1).get("tags")).containsKey("team")).isTrue();
        assertThat(((Map<?, ?>) groups.get(1).get("tags")).get("team")).as("the events without the key").isNull();
        assertThat(groups.get(1).get("events")).isEqualTo(2);
        assertThat(groups.get(1).get("costUsd")).isEqualTo("0.500000000");
        assertThat(last.getString("nextCursor")).isNull();
        JsonPath byDay = as(Tokens.owner(account)).queryParam("groupBy", "tag:run,day").get(usage).then().statusCode(200).extract().jsonPath();
        assertThat(byDay.getList("groups.key.day")).allSatisfy(day -> assertThat(day).isNotNull());
        assertThat(byDay.getList("groups.tags.run")).contains("r1", "r2");
        problem(as(Tokens.owner(account)).queryParam("groupBy", "tag:team,model").get(usage), 400, "groupBy");
        problem(as(Tokens.owner(account)).queryParam("groupBy", "tag:run").queryParam("cursor", cursor).get(usage), 400, "cursor");
        JsonPath ledger = as(Tokens.owner(account)).get("/v1/accounts/" + account + "/ledger").then().statusCode(200).extract().jsonPath();
        assertThat(ledger.getList("entries.tags")).anySatisfy(tags -> assertThat(tags).isEqualTo(Map.of("run", "r2")));
    }
}
