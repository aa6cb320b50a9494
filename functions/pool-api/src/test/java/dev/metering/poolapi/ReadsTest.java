package dev.metering.poolapi;

import static dev.metering.poolapi.Api.as;
import static dev.metering.poolapi.Api.problem;
import static org.assertj.core.api.Assertions.assertThat;

import dev.metering.core.money.Money;
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
import io.restassured.specification.RequestSpecification;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The read routes, each test on accounts of its own. */
@QuarkusTest
@QuarkusTestResource(DynamoEngineResource.class)
class ReadsTest {

    private static UsageRecorder recorder() {
        return Recording.recorder(DynamoEngine.shared().newClient(), StoreConfig.defaults(DynamoEngineResource.table()),
                Catalogs.bundled(), Clock.systemUTC());
    }

    private static String event(String id, String account, String source, String model, long input, long output) {
        return """
                {"eventId": "%s", "accountId": "%s", "occurredAt": "%s", "source": "%s", "model": "%s",
                 "usage": {"input_tokens": %d, "output_tokens": %d}}""".formatted(id, account, Instant.now().minusSeconds(60), source,
                model, input, output);
    }

    /** A claimed account with five recorded events: two models, two sources. */
    private static String accountWithUsage() {
        String account = Api.newAccount("pro");
        as(Tokens.owner(account)).post("/v1/accounts/" + account + "/credit-claim").then().statusCode(200);
        List<IncomingEvent> events = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            events.add(new IncomingEvent("m" + i, event(account + "-evt-" + i, account, i % 2 == 0 ? "agent-sdk" : "claude-web",
                    i < 3 ? "claude-haiku-4-5" : "claude-opus-4-7", 1000L * (i + 1), 100)));
        }
        assertThat(recorder().record(events)).allMatch(r -> r.status() == RecordStatus.APPLIED);
        return account;
    }

    @Test
    void theOwnerSeesThePoolsInTheDocumentedShape() {
        String account = Api.newAccount("pro");
        JsonPath pools = as(Tokens.owner(account)).get("/v1/accounts/" + account + "/pools").then().statusCode(200)
                .contentType("application/json").extract().jsonPath();
        assertThat(pools.getString("accountId")).isEqualTo(account);
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
    void theLedgerPagesNewestFirst() {
        String account = accountWithUsage();
        List<String> seen = new ArrayList<>();
        String cursor = null;
        int pages = 0;
        do {
            RequestSpecification request = as(Tokens.owner(account)).queryParam("limit", 2);
            if (cursor != null) {
                request = request.queryParam("cursor", cursor);
            }
            JsonPath page = request.get("/v1/accounts/" + account + "/ledger").then().statusCode(200).extract().jsonPath();
            seen.addAll(page.getList("entries.entryId"));
            cursor = page.getString("nextCursor");
            pages++;
        } while (cursor != null && pages < 20);
        // 5 debits, the interactive allowance's opening grant, the credit claim's grant
        assertThat(seen).hasSize(7).doesNotHaveDuplicates();
        assertThat(seen.get(seen.size() - 1)).as("oldest last").startsWith("grant:");
        assertThat(pages).isGreaterThanOrEqualTo(4);
    }

    @Test
    void eachEntryCarriesItsSequenceAndTheCreditRemainingAfterIt() {
        String account = accountWithUsage();
        List<Map<String, Object>> entries = as(Tokens.owner(account)).queryParam("limit", 100).get("/v1/accounts/" + account + "/ledger")
                .then().statusCode(200).extract().jsonPath().getList("entries");
        List<Long> sequences = entries.stream().map(e -> ((Number) e.get("sequence")).longValue()).toList();
        assertThat(sequences).as("newest first by sequence").isSortedAccordingTo(java.util.Comparator.reverseOrder()).doesNotHaveDuplicates();
        Map<String, Object> oldest = entries.get(entries.size() - 1);
        Map<String, Object> newest = entries.get(0);
        assertThat(oldest.get("balanceAfterUsd")).as("the allowance's grant leaves the credit untouched").isEqualTo("0.000000000");
        String remaining = as(Tokens.owner(account)).get("/v1/accounts/" + account + "/pools").then().statusCode(200).extract().jsonPath()
                .getString("programmatic.remainingUsd");
        assertThat(newest.get("balanceAfterUsd")).as("after the newest entry: what the pool holds").isEqualTo(remaining);
    }

    @Test
    void theLedgerFiltersByKindAndByWhenEntriesWereRecorded() {
        String account = accountWithUsage();
        String path = "/v1/accounts/" + account + "/ledger";
        assertThat(as(Tokens.owner(account)).queryParam("kind", "GRANT").get(path).then().statusCode(200).extract().jsonPath()
                .getList("entries.kind")).containsExactly("GRANT", "GRANT");
        JsonPath debits = as(Tokens.owner(account)).queryParam("kind", "DEBIT").queryParam("limit", 2).get(path).then().statusCode(200)
                .extract().jsonPath();
        assertThat(debits.getList("entries.kind")).containsExactly("DEBIT", "DEBIT");
        assertThat(as(Tokens.owner(account)).queryParam("kind", "DEBIT").queryParam("cursor", debits.getString("nextCursor")).get(path)
                .then().statusCode(200).extract().jsonPath().getList("entries.kind")).containsExactly("DEBIT", "DEBIT", "DEBIT");
        String future = Instant.now().plusSeconds(3600).toString();
        assertThat(as(Tokens.owner(account)).queryParam("from", future).get(path).then().statusCode(200).extract().jsonPath()
                .getList("entries")).isEmpty();
        assertThat(as(Tokens.owner(account)).queryParam("to", future).queryParam("kind", "DEBIT").queryParam("limit", 100).get(path)
                .then().statusCode(200).extract().jsonPath().getList("entries")).hasSize(5);
        problem(as(Tokens.owner(account)).queryParam("kind", "REFUND").get(path), 400, "kind");
        problem(as(Tokens.owner(account)).queryParam("from", "2001-01-01T00:00:00Z").get(path), 400, "from");
    }

    @Test
    void usageTotalsEqualTheRecordedEvents() {
        String account = accountWithUsage();
        JsonPath usage = as(Tokens.owner(account)).queryParam("groupBy", "model,source")
                .get("/v1/accounts/" + account + "/usage").then().statusCode(200).extract().jsonPath();
        List<Map<String, Object>> groups = usage.getList("groups");
        assertThat(groups.stream().mapToLong(g -> ((Number) g.get("events")).longValue()).sum()).isEqualTo(5);
        assertThat(groups.stream().mapToLong(g -> ((Number) g.get("inputTokens")).longValue()).sum())
                .isEqualTo(1000 + 2000 + 3000 + 4000 + 5000);
        // haiku-4-5: (1000+2000+3000) x 1000 + 300 x 5000; opus-4-7: (4000+5000) x 5000 + 200 x 25000
        String total = groups.stream().map(g -> Money.parseUsd((String) g.get("costUsd"))).reduce(Money.ZERO, Money::plus).toUsdString();
        assertThat(total).isEqualTo("0.057500000");
        String paid = groups.stream().map(g -> Money.parseUsd((String) g.get("creditUsd")).plus(Money.parseUsd((String) g.get("extraUsageUsd")))
                .plus(Money.parseUsd((String) g.get("overrunUsd")))).reduce(Money.ZERO, Money::plus).toUsdString();
        assertThat(paid).as("credit + extra usage + overrun = cost").isEqualTo(total);
        assertThat(groups).anySatisfy(g -> assertThat(g.get("key")).isEqualTo(Map.of("model", "claude-haiku-4-5", "source", "agent-sdk")));
        assertThat(as(Tokens.admin()).queryParam("groupBy", "day").get("/v1/accounts/" + account + "/usage").then().statusCode(200)
                .extract().jsonPath().getList("groups")).hasSize(1);
    }

    @Test
    void anAdminReadsAnyAccountAndSeesWhoMadeEachEntry() {
        String account = accountWithUsage();
        String admin = Tokens.admin();
        assertThat(as(admin).get("/v1/accounts/" + account + "/pools").then().statusCode(200).extract().jsonPath().getString("accountId"))
                .isEqualTo(account);
        JsonPath ledger = as(admin).get("/v1/accounts/" + account + "/ledger").then().statusCode(200).extract().jsonPath();
        assertThat(ledger.getList("entries")).hasSize(7);
        assertThat(ledger.getList("entries.by")).as("the claim's grant names the owner who claimed").contains(account);
        JsonPath owned = as(Tokens.owner(account)).get("/v1/accounts/" + account + "/ledger").then().statusCode(200).extract().jsonPath();
        assertThat(owned.getList("entries.by")).as("who did it is for admins").containsOnlyNulls();
        assertThat(as(admin).queryParam("at", "2027-06-01T00:00:00Z").get("/v1/accounts/" + account + "/pools").then().statusCode(200)
                .extract().jsonPath().getString("cycle.start")).as("a future cycle, shown as it would open").isEqualTo("2027-05-17T08:00:00Z");
    }

    @Test
    void anAdminReadsTheAccountWithTheHistoryOfItsTerms() {
        String account = Api.newAccount("pro");
        as(Tokens.owner(account)).post("/v1/accounts/" + account + "/credit-claim").then().statusCode(200);
        JsonPath view = as(Tokens.admin()).get("/v1/accounts/" + account).then().statusCode(200).extract().jsonPath();
        assertThat(view.getString("plan")).isEqualTo("pro");
        assertThat(view.getList("history.kind")).containsExactly("PLAN", "EXTRA_USAGE", "CLAIM");
        assertThat(view.getList("history.by")).containsExactly("ops-alice", "ops-alice", account);
        problem(as(Tokens.owner(account)).get("/v1/accounts/" + account), 403, null);
    }

    @Test
    void aCursorCannotBeReplayedAgainstAnotherAccountOrForged() {
        String account = accountWithUsage();
        String other = Api.newAccount("pro");
        String cursor = as(Tokens.owner(account)).queryParam("limit", 1).get("/v1/accounts/" + account + "/ledger")
                .then().statusCode(200).extract().jsonPath().getString("nextCursor");
        assertThat(cursor).isNotNull();
        problem(as(Tokens.admin()).queryParam("cursor", cursor).get("/v1/accounts/" + other + "/ledger"), 400, "cursor");
        String forged = cursor.substring(0, cursor.length() - 3) + (cursor.endsWith("AAA") ? "BBB" : "AAA");
        problem(as(Tokens.owner(account)).queryParam("cursor", forged).get("/v1/accounts/" + account + "/ledger"), 400, "cursor");
        String ofDebits = as(Tokens.owner(account)).queryParam("limit", 1).queryParam("kind", "DEBIT").get("/v1/accounts/" + account + "/ledger")
                .then().statusCode(200).extract().jsonPath().getString("nextCursor");
        assertThat(ofDebits).isNotNull();
        problem(as(Tokens.owner(account)).queryParam("cursor", ofDebits).queryParam("kind", "GRANT").get("/v1/accounts/" + account + "/ledger"),
                400, "cursor");
        problem(as(Tokens.owner(account)).queryParam("cursor", ofDebits).get("/v1/accounts/" + account + "/ledger"), 400, "cursor");
    }

    @Test
    void anAdminListsQuarantinedEvents() {
        String raw = "{\"eventId\": \"bad one " + System.nanoTime() + "\"}";
        List<RecordResult> results = recorder().record(List.of(new IncomingEvent("q", raw)));
        assertThat(results.get(0).status()).isEqualTo(RecordStatus.QUARANTINED);
        JsonPath page = as(Tokens.admin()).queryParam("since", "2020-01-01T00:00:00Z").queryParam("limit", 100).get("/v1/quarantine")
                .then().statusCode(200).extract().jsonPath();
        assertThat(page.getList("events.raw")).contains(raw);
        assertThat(page.getList("events.reason")).contains("eventId: characters outside [A-Za-z0-9._:-]");
    }

    @Test
    void aQuarantinedEventsOverlongIdsAreKeptClippedWithTheWholeOnesHash() {
        // Past 128 characters, though far from what a producer's bug can send (the Lambda mock server of the tests
        // cannot answer a page of much more than 8 KB; the store's tests keep 200 KB ids).
        String longId = "x".repeat(300) + System.nanoTime();
        String raw = "{\"eventId\": \"" + longId + "\", \"accountId\": \"" + longId + "\"}";
        assertThat(recorder().record(List.of(new IncomingEvent("q", raw))).get(0).status()).isEqualTo(RecordStatus.QUARANTINED);
        JsonPath page = as(Tokens.admin()).queryParam("since", Instant.now().minusSeconds(60).toString()).queryParam("limit", 100)
                .get("/v1/quarantine").then().statusCode(200).extract().jsonPath();
        String clipped = "x".repeat(54) + "...sha256:" + dev.metering.core.data.Sha256.hex(longId);
        assertThat(page.getList("events.eventId", String.class)).contains(clipped).allSatisfy(id -> {
            if (id != null) {
                assertThat(id.length()).isLessThanOrEqualTo(128);
            }
        });
        assertThat(page.getList("events.accountId", String.class)).contains(clipped);
    }
}
