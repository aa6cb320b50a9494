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
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/** The prices' routes and the quarantine replay, through the API against the engine. */
@QuarkusTest
@QuarkusTestResource(DynamoEngineResource.class)
class PricesTest {

    private static String newModel() {
        return "claude-test-" + UUID.randomUUID().toString().substring(0, 8);
    }

    private static String row(Instant from, String extra) {
        return """
                {"effectiveFrom": "%s", "inputUsd": "2", "outputUsd": "10", "cacheWrite5mUsd": "2.50", "cacheWrite1hUsd": "4",
                 "cacheReadUsd": "0.20"%s}""".formatted(from.truncatedTo(ChronoUnit.SECONDS), extra);
    }

    private static Response put(String model, String body) {
        return as(Tokens.admin()).body(body).put("/v1/prices/" + model);
    }

    @Test
    void aNewModelTakesAPriceFromAnyInstantAndThenOnlyFromTenMinutesAhead() throws Exception {
        String model = newModel();
        Instant past = Instant.now().minus(Duration.ofDays(2));
        String modifiers = ", \"longContext\": {\"aboveInputTokens\": 200000, \"inputUsd\": \"4\", \"outputUsd\": \"20\", "
                + "\"cacheWrite5mUsd\": \"5\", \"cacheWrite1hUsd\": \"8\", \"cacheReadUsd\": \"0.40\"}, \"usOnlyMultiplier\": \"1.1\"";
        JsonPath created = put(model, row(past, ", \"ids\": [\"" + model + "-20261201\"]" + modifiers))
                .then().statusCode(201).contentType("application/json").extract().jsonPath();
        assertThat(created.getString("model")).isEqualTo(model);
        assertThat(created.getList("ids")).containsExactly(model, model + "-20261201");
        assertThat(created.getString("cacheWrite5mUsd")).isEqualTo("2.5");
        assertThat(created.getString("longContext.outputUsd")).isEqualTo("20");
        assertThat(created.getString("usOnlyMultiplier")).isEqualTo("1.1");
        assertThat(created.getString("webSearchPer1kUsd")).isEqualTo("10");
        assertThat(created.getString("by")).isEqualTo("ops-alice");
        assertThat(created.getString("recordedAt")).isNotNull();

        // The same row again (its ids given or not): 200, the row as first put.
        put(model, row(past, modifiers)).then().statusCode(200);
        // Another row at that instant, even one that only leaves a modifier out: rows are never edited.
        problem(put(model, row(past, "")), 409, null);
        problem(put(model, row(past, modifiers).replace("\"outputUsd\": \"10\"", "\"outputUsd\": \"12\"")), 409, null);
        // Now that it has a price: nine minutes ahead is refused, ten is taken.
        problem(put(model, row(Instant.now().plus(Duration.ofMinutes(9)), "")), 409, null);
        put(model, row(Instant.now().plus(Duration.ofMinutes(11)), "")).then().statusCode(201);
        // An id of another model is never moved.
        problem(put(newModel(), row(past, ", \"ids\": [\"claude-sonnet-4-5-20250929\"]")), 409, null);
        problem(put("claude-sonnet-4-5-20250929", row(Instant.now().plus(Duration.ofHours(1)), "")), 409, null);

        // The gateway reads the book; an owner may not. (The book is larger than the test HTTP server passes on: through the handler.)
        JsonPath answer = Api.viaFunctionUrl("GET", "/v1/prices", "", Tokens.gateway());
        assertThat(answer.getInt("statusCode")).isEqualTo(200);
        JsonPath prices = JsonPath.from(answer.getString("body"));
        List<Map<String, Object>> models = prices.getList("models");
        assertThat(models).anySatisfy(m -> {
            assertThat(m.get("model")).isEqualTo(model);
            assertThat(m.get("effectiveFrom")).isEqualTo(past.truncatedTo(ChronoUnit.SECONDS).toString());
        });
        assertThat(models).anySatisfy(m -> {
            assertThat(m.get("model")).isEqualTo("claude-sonnet-4-5");
            assertThat((List<String>) m.get("ids")).contains("claude-sonnet-4-5-20250929");
        });
        JsonPath before = JsonPath.from(Api.viaFunctionUrl("GET", "/v1/prices", "at=2026-11-01T00:00:00Z", Tokens.admin()).getString("body"));
        assertThat(before.getString("at")).isEqualTo("2026-11-01T00:00:00Z");
        assertThat(before.getList("models.model")).contains("claude-opus-4-7").doesNotContain(model);
        problem(as(Tokens.owner("acct_someone")).get("/v1/prices"), 403, null);
        problem(as(Tokens.gateway()).body(row(past, "")).put("/v1/prices/" + newModel()), 403, null);
    }

    @Test
    void aRowIsRefusedByTheFieldAtFault() {
        String model = newModel();
        Instant past = Instant.now().minus(Duration.ofDays(1));
        problem(put(model, row(past, "").replace("\"inputUsd\": \"2\"", "\"inputUsd\": \"0.0005\"")), 400, "inputUsd");
        problem(put(model, row(past, "").replace("\"inputUsd\": \"2\"", "\"inputUsd\": 2")), 400, "inputUsd");
        problem(put(model, row(past, ", \"usOnlyMultiplier\": \"0.5\"")), 400, "usOnlyMultiplier");
        problem(put(model, row(past, ", \"webSearchPer1kUsd\": \"0.0000001\"")), 400, "webSearchPer1kUsd");
        problem(put(model, row(past, ", \"longContext\": {\"aboveInputTokens\": 0, \"inputUsd\": \"4\", \"outputUsd\": \"20\", "
                + "\"cacheWrite5mUsd\": \"5\", \"cacheWrite1hUsd\": \"8\", \"cacheReadUsd\": \"0.40\"}")), 400, "longContext.aboveInputTokens");
        problem(put(model, row(past, ", \"longContext\": {\"aboveInputTokens\": 5, \"inputUsd\": \"4\"}")), 400, "longContext.outputUsd");
        problem(put(model, row(past, ", \"longContext\": {\"aboveInputTokens\": 5, \"inputUsd\": \"4\", \"outputUsd\": \"20\", "
                + "\"cacheWrite5mUsd\": \"5\", \"cacheWrite1hUsd\": \"8\", \"cacheReadUsd\": \"0.40\", \"extra\": 1}")), 400, "longContext.extra");
        problem(put(model, row(past, ", \"ids\": [\"Not An Id\"]")), 400, "ids");
        problem(put(model, row(past, ", \"tier\": \"batch\"")), 400, "tier");
        problem(put("Claude", row(past, "")), 400, "model");
        // 6.25 x 1.1 / 2 is not a whole number of nano-dollars: refused, unless the row holds such rates.
        String inexact = row(past, ", \"usOnlyMultiplier\": \"1.1\"").replace("\"cacheWrite5mUsd\": \"2.50\"", "\"cacheWrite5mUsd\": \"6.25\"");
        assertThat(problem(put(model, inexact), 400, "holdInexact").getString("detail")).contains("batch+us 5-minute cache writes 3437.5");
        JsonPath held = put(model, inexact.replace("\"usOnlyMultiplier\"", "\"holdInexact\": true, \"usOnlyMultiplier\""))
                .then().statusCode(201).extract().jsonPath();
        assertThat(held.getList("inexact")).containsExactly("batch+us 5-minute cache writes 3437.5 nano-dollars per token");
    }

    @Test
    void anEventHeldForItsModelIsReplayedOnceTheModelHasAPriceAndOnlyOnce() {
        String model = newModel();
        String account = Api.newAccount("max-5x");
        as(Tokens.owner(account)).post("/v1/accounts/" + account + "/credit-claim").then().statusCode(200);
        Instant since = Instant.now().minusSeconds(5).truncatedTo(ChronoUnit.SECONDS);
        String eventId = "evt-" + UUID.randomUUID();
        String raw = """
                {"eventId": "%s", "accountId": "%s", "occurredAt": "%s", "source": "agent-sdk", "model": "%s",
                 "usage": {"input_tokens": 1000, "output_tokens": 100}}""".formatted(eventId, account, Instant.now().minusSeconds(60), model);
        var recorder = Recording.recorder(DynamoEngine.shared().newClient(), StoreConfig.defaults(DynamoEngineResource.table()),
                Catalogs.bundled(), Clock.systemUTC());
        assertThat(recorder.record(List.of(new IncomingEvent("m", raw)))).allMatch(r -> r.status() == RecordStatus.QUARANTINED);

        put(model, row(Instant.now().minus(Duration.ofDays(1)), "")).then().statusCode(201);
        String replay = "{\"since\": \"%s\", \"reasonStartsWith\": \"model: unknown model '%s'\"}".formatted(since, model);
        JsonPath report = as(Tokens.admin()).body(replay).post("/v1/quarantine/replay").then().statusCode(200).extract().jsonPath();
        assertThat(report.getInt("examined")).isEqualTo(1);
        assertThat(report.getInt("applied")).isEqualTo(1);
        assertThat(report.getInt("duplicate")).isZero();
        assertThat(report.getInt("stillQuarantined")).isZero();
        assertThat(report.getString("nextCursor")).isNull();
        assertThat(as(Tokens.owner(account)).get("/v1/accounts/" + account + "/pools").then().statusCode(200).extract()
                .<String>path("programmatic.usedUsd")).isEqualTo("0.003000000");

        JsonPath again = as(Tokens.admin()).body(replay).post("/v1/quarantine/replay").then().statusCode(200).extract().jsonPath();
        assertThat(again.getInt("examined")).as("resolved bodies leave the held listing").isZero();
        JsonPath resolved = as(Tokens.admin()).queryParam("since", since.toString()).queryParam("resolved", "true").get("/v1/quarantine")
                .then().statusCode(200).extract().jsonPath();
        assertThat(resolved.getList("events.eventId")).contains(eventId);
        assertThat(resolved.getString("events.find { it.eventId == '" + eventId + "' }.resolution")).isEqualTo("APPLIED");
        assertThat(resolved.getString("events.find { it.eventId == '" + eventId + "' }.resolvedBy")).isEqualTo("ops-alice");
        JsonPath held = as(Tokens.admin()).queryParam("since", since.toString()).get("/v1/quarantine").then().statusCode(200).extract().jsonPath();
        assertThat(held.getList("events.eventId")).doesNotContain(eventId);

        problem(as(Tokens.admin()).body("{\"since\": \"%s\", \"limit\": 501}".formatted(since)).post("/v1/quarantine/replay"), 400, "limit");
        problem(as(Tokens.admin()).body("{\"limit\": 5}").post("/v1/quarantine/replay"), 400, "since");
        problem(as(Tokens.admin()).body("{\"since\": \"%s\", \"cursor\": \"forged\"}".formatted(since)).post("/v1/quarantine/replay"), 400, "cursor");
        problem(as(Tokens.admin()).queryParam("resolved", "yes").get("/v1/quarantine"), 400, "resolved");
    }
}
