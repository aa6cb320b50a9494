package dev.metering.notify;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.metering.core.cycle.CreditTotals;
import dev.metering.core.cycle.CycleOpening;
import dev.metering.core.cycle.CyclePools;
import dev.metering.core.data.Sha256;
import dev.metering.core.ledger.EntryKind;
import dev.metering.core.ledger.LedgerEntry;
import dev.metering.core.money.Money;
import dev.metering.core.notice.Notice;
import dev.metering.core.notice.NoticeKind;
import dev.metering.core.source.PoolKind;
import dev.metering.store.Catalogs;
import dev.metering.store.Deadline;
import dev.metering.store.MeteringStore;
import dev.metering.store.StoreConfig;
import dev.metering.store.accounts.AccountService;
import dev.metering.store.organizations.OrganizationTotals;
import dev.metering.store.recording.IncomingEvent;
import dev.metering.store.recording.RecordResult;
import dev.metering.store.recording.RecordStatus;
import dev.metering.store.recording.Recording;
import dev.metering.store.reset.MonthlyReset;
import dev.metering.testsupport.DynamoEngine;
import dev.metering.testsupport.TableStream;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.sqs.model.Message;

/**
 * The stream of a whole cycle, told of through the packaged function's handler: a storm of concurrent
 * events crosses every threshold, the rate switch, the cap and the interactive allowance; another
 * account pauses and is resumed; a body is quarantined; then the reset closes every cycle. What
 * reaches the bus (read from a queue a rule targets) is exactly the expected notificationIds, once
 * each; a batch delivered again, or the whole stream replayed, adds no new one.
 */
@QuarkusTest
@QuarkusTestResource(value = BusResource.class, restrictToAnnotatedClass = true)
class NotifyLambdaTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Instant ANCHOR = Instant.parse("2026-10-20T00:00:00Z");
    private static final Instant CREATED = Instant.parse("2026-11-10T12:00:00Z");
    private static final Instant CLOSE = Instant.parse("2026-11-20T02:00:00Z");
    private static final Instant START = Instant.parse("2026-10-20T00:00:00Z");
    private static final String ORG = "org_storm";
    private static final int BATCH = 25;
    /** The usage queue's maxReceiveCount (infra/template.yaml): deliveries of one event before it is dead-lettered. */
    private static final int MAX_RECEIVE_COUNT = 5;

    private static String table;
    private static MeteringStore store;
    private static TableStream stream;
    private static Set<String> expected;
    private static final Map<String, String> KIND_OF = new HashMap<>();

    @BeforeAll
    static void aWholeCycle() throws Exception {
        table = BusResource.table();
        StoreConfig config = StoreConfig.defaults(table);
        store = new MeteringStore(DynamoEngine.shared().newClient(), config);
        AccountService accounts = new AccountService(store, Catalogs.bundled().plans(), Clock.fixed(CREATED, ZoneOffset.UTC));
        accounts.create(new AccountService.NewAccount("acct_storm", "pro", ORG, ANCHOR, ZoneOffset.UTC, true, Money.ofUsd(5)));
        accounts.create(new AccountService.NewAccount("acct_calm", "pro", ORG, ANCHOR, ZoneOffset.UTC, false, null));
        accounts.create(new AccountService.NewAccount("acct_paused", "pro", null, ANCHOR, ZoneOffset.UTC, false, null));
        for (String id : List.of("acct_storm", "acct_calm", "acct_paused")) {
            accounts.claimCredit(id);
        }

        // The storm: 40 dollars of programmatic use and 10 of interactive, from eight concurrent writers.
        ExecutorService writers = Executors.newFixedThreadPool(8);
        List<Future<?>> done = new ArrayList<>();
        for (int w = 0; w < 8; w++) {
            int writer = w;
            done.add(writers.submit(() -> {
                for (int i = writer; i < 50; i += 8) {
                    record(config, "storm-" + i, "acct_storm", i < 40 ? "agent-sdk" : "claude-code");
                }
            }));
        }
        for (Future<?> f : done) {
            f.get();
        }
        writers.shutdown();
        for (int i = 0; i < 6; i++) {
            record(config, "calm-" + i, "acct_calm", "agent-sdk");
        }
        for (int i = 0; i < 25; i++) {
            record(config, "paused-" + i, "acct_paused", "agent-sdk");
        }
        accounts.setExtraUsage("acct_paused", true, null);
        long resumedAt = store.findCycle("acct_paused", START).orElseThrow().version();
        String badBody = "{\"eventId\": \"bad-1\", \"accountId\": \"acct_calm\"";
        assertThat(Recording.recorder(DynamoEngine.shared().newClient(), config, Catalogs.bundled(), Clock.fixed(CREATED, ZoneOffset.UTC))
                .record(List.of(new IncomingEvent("m-bad", badBody)))).allMatch(r -> r.status() == RecordStatus.QUARANTINED);

        MonthlyReset reset = new MonthlyReset(store, new CycleOpening(Catalogs.bundled().plans()), Duration.ofHours(1),
                Clock.fixed(CLOSE, ZoneOffset.UTC));
        assertThat(reset.run(CLOSE, false, Deadline.none()).cyclesClosed()).isEqualTo(3);

        expected = new HashSet<>();
        for (String account : List.of("acct_storm", "acct_paused")) {
            for (String percent : List.of("50", "75", "90", "100")) {
                expect(account, NoticeKind.CREDIT_THRESHOLD_REACHED, percent);
            }
            expect(account, NoticeKind.CREDIT_EXHAUSTED, "");
            expect(account, NoticeKind.CYCLE_CLOSED, "");
        }
        long capped = versionReaching("acct_storm", PoolKind.PROGRAMMATIC, e -> e.extraUsage(), Money.ofUsd(5));
        // Reached once, at the $5 cap with $5 accrued (extra usage stops exactly at the cap).
        expect("acct_storm", NoticeKind.EXTRA_USAGE_CAP_REACHED, Money.ofUsd(5).nanos() + ":" + Money.ofUsd(5).nanos());
        expect("acct_storm", NoticeKind.POOL_PAUSED, Long.toString(capped));
        expect("acct_storm", NoticeKind.INTERACTIVE_ALLOWANCE_EXHAUSTED,
                Long.toString(versionReaching("acct_storm", PoolKind.INTERACTIVE, e -> e.credit(), Money.ofUsd(8))));
        expect("acct_paused", NoticeKind.POOL_PAUSED,
                Long.toString(versionReaching("acct_paused", PoolKind.PROGRAMMATIC, e -> e.credit(), Money.ofUsd(20))));
        expect("acct_paused", NoticeKind.POOL_RESUMED, Long.toString(resumedAt));
        // Claiming the credit lifts the pause of a seat without it and without extra usage.
        for (String account : List.of("acct_calm", "acct_paused")) {
            expect(account, NoticeKind.POOL_RESUMED, Long.toString(versionOfClaim(account)));
        }
        expect("acct_calm", NoticeKind.CREDIT_EXPIRED, "");
        expect("acct_calm", NoticeKind.CYCLE_CLOSED, "");
        String quarantined = Notice.quarantined(Sha256.hex(badBody), "", null, null, CREATED).notificationId();
        expected.add(quarantined);
        KIND_OF.put(quarantined, NoticeKind.EVENT_QUARANTINED.detailType());

        stream = TableStream.of(DynamoEngine.shared(), table);
    }

    private static void record(StoreConfig config, String eventId, String account, String source) {
        String raw = """
                {"eventId": "%s", "accountId": "%s", "occurredAt": "%s", "source": "%s", "model": "claude-haiku-4-5",
                 "usage": {"input_tokens": 1000000, "output_tokens": 0}}""".formatted(eventId, account, CREATED.minusSeconds(60), source);
        var recorder = Recording.recorder(DynamoEngine.shared().newClient(), config, Catalogs.bundled(), Clock.fixed(CREATED, ZoneOffset.UTC));
        // An event handed back under contention is delivered again, as the queue would: at most its
        // maxReceiveCount times in all (infra/template.yaml), before it would go to the dead-letter queue.
        List<IncomingEvent> delivery = List.of(new IncomingEvent("m-" + eventId, raw));
        List<RecordResult> results = recorder.record(delivery);
        for (int received = 1; received < MAX_RECEIVE_COUNT && results.get(0).status() == RecordStatus.RETRY; received++) {
            results = recorder.record(delivery);
        }
        assertThat(results).allMatch(r -> r.status() == RecordStatus.APPLIED);
    }

    private static void expect(String account, NoticeKind kind, String discriminator) {
        String id = Notice.id(account, START, kind, discriminator);
        expected.add(id);
        KIND_OF.put(id, kind.detailType());
    }

    /** The cycle version of the write whose debit brought the pool's running total to {@code amount}: read from the ledger, not the stream. */
    private static long versionReaching(String account, PoolKind pool, java.util.function.Function<LedgerEntry, Money> part, Money amount) {
        Money total = Money.ZERO;
        List<LedgerEntry> debits = store.ledger(account, START).stream().filter(e -> e.kind() == EntryKind.DEBIT && e.pool() == pool)
                .sorted(Comparator.comparingLong(e -> e.position().sequence())).toList();
        for (LedgerEntry e : debits) {
            total = total.plus(part.apply(e));
            if (total.compareTo(amount) >= 0) {
                return e.position().sequence() / 100;
            }
        }
        throw new AssertionError(account + " never reached " + amount + " of " + pool);
    }

    private static long versionOfClaim(String account) {
        return store.ledger(account, START).stream().filter(e -> e.kind() == EntryKind.GRANT && e.credit().isPositive()
                && e.pool() == PoolKind.PROGRAMMATIC).mapToLong(e -> e.position().sequence() / 100).max().orElseThrow();
    }

    /** Delivers the records in batches, as the poller would; every batch must succeed. */
    private static void deliver(List<JsonNode> records, int batch) {
        for (int from = 0; from < records.size(); from += batch) {
            ObjectNode event = stream.event(records.subList(from, Math.min(records.size(), from + batch)));
            List<Object> failures = given().contentType("application/json").body(event.toString()).when().post().then().statusCode(200)
                    .extract().jsonPath().getList("batchItemFailures");
            assertThat(failures).as("batch from record %d", from).isEmpty();
        }
    }

    /** The notificationIds that reached the bus since last asked, each with how often. */
    private static Map<String, Integer> arrived() throws Exception {
        Map<String, Integer> ids = new HashMap<>();
        for (Message m : BusResource.drain()) {
            JsonNode event = JSON.readTree(m.body());
            assertThat(event.path("source").asText()).isEqualTo("metering");
            JsonNode detail = event.path("detail");
            String id = detail.path("notificationId").asText();
            assertThat(event.path("detail-type").asText()).as("kind of %s", event).isEqualTo(KIND_OF.get(id));
            EventSchemas.assertValid(event.path("detail-type").asText(), detail);
            ids.merge(id, 1, Integer::sum);
        }
        return ids;
    }

    @Test
    void eachTransitionOnceThenRedeliveryAndReplayAddNoNewId() throws Exception {
        BusResource.drain();
        List<JsonNode> records = stream.all();
        deliver(records, BATCH);
        Map<String, Integer> first = arrived();
        assertThat(first.keySet()).containsExactlyInAnyOrderElementsOf(expected);
        assertThat(first.values()).as("each once").containsOnly(1);
        CreditTotals kept = organizationTotals();
        assertThat(kept).as("the organization's totals: its two seats' latest cycles").isEqualTo(latestCycles("acct_storm", "acct_calm"));

        // A batch delivered again (a retried invocation): the same ids again, nothing new.
        deliver(records.subList(0, Math.min(records.size(), BATCH)), BATCH);
        assertThat(expected).containsAll(arrived().keySet());

        // The whole stream replayed, in batches cut elsewhere: every id once more, and only those.
        deliver(records, 7);
        Map<String, Integer> replayed = arrived();
        assertThat(replayed.keySet()).containsExactlyInAnyOrderElementsOf(expected);
        assertThat(replayed.values()).containsOnly(1);
        assertThat(organizationTotals()).as("the replay added nothing to the totals").isEqualTo(kept);
    }

    private static CreditTotals organizationTotals() {
        return new OrganizationTotals(DynamoEngine.shared().newClient(), store).read(ORG).orElseThrow().totals();
    }

    /** Each seat's newest cycle, as stored. */
    private static CreditTotals latestCycles(String... seats) {
        List<CyclePools> latest = new ArrayList<>();
        for (String seat : seats) {
            Instant next = store.findAccount(seat).orElseThrow().calendar().cycleContaining(CLOSE).start();
            latest.add(store.findCycle(seat, next).orElseThrow());
        }
        return CreditTotals.of(latest);
    }

    @Test
    void aRecordThatCannotBeToldOfStopsItsBatchThereAndIsNamed() throws Exception {
        BusResource.drain();
        List<JsonNode> records = stream.all();
        ObjectNode event = stream.event(records);
        ArrayNode list = (ArrayNode) event.get("Records");
        int broken = list.size() / 2;
        ((ObjectNode) list.get(broken).get("dynamodb")).putObject("NewImage").putObject("type").put("X", "not a type");
        String sequence = list.get(broken).get("dynamodb").get("SequenceNumber").asText();

        List<Map<String, String>> failures = given().contentType("application/json").body(event.toString()).when().post().then()
                .statusCode(200).extract().jsonPath().getList("batchItemFailures");

        assertThat(failures).containsExactly(Map.of("itemIdentifier", sequence));
        Map<String, Integer> told = arrived();
        assertThat(expected).containsAll(told.keySet());
        // What was told came from the records before the broken one, and only from those.
        ObjectNode before = stream.event(records.subList(0, broken));
        given().contentType("application/json").body(before.toString()).when().post().then().statusCode(200);
        assertThat(arrived().keySet()).isEqualTo(told.keySet());
    }
}
