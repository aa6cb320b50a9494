package dev.metering.store;

import static org.assertj.core.api.Assertions.assertThat;

import dev.metering.core.money.Money;
import dev.metering.store.recording.IncomingEvent;
import dev.metering.store.recording.RecordResult;
import dev.metering.store.recording.RecordStatus;
import dev.metering.store.recording.Recording;
import dev.metering.store.recording.UsageRecorder;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * Events at the edges: absurd sizes are quarantined, never billed and never allowed to fail the
 * batch; an id reused for another body is quarantined, not silently dropped; a quarantined body is
 * kept within the item limit; the ledger is permanent.
 */
class EventEdgesTest {

    private static final Instant NOW = Instant.parse("2027-06-15T12:00:00Z");
    private static final Instant ANCHOR = Instant.parse("2027-06-01T00:00:00Z");
    private static final Instant AT = NOW.minusSeconds(60);

    private static IncomingEvent in(String delivery, String body) {
        return new IncomingEvent(delivery, body);
    }

    private static String tokens(String id, String account, String source, long input) {
        return Events.usage(id, account, AT, source, "claude-opus-4-1", input, 0);
    }

    @Test
    void absurdTokenCountsAndSourcesAreQuarantinedAndTheRestOfTheBatchIsApplied() {
        try (StoreFixture fixture = new StoreFixture("edges-bounds", Clock.fixed(NOW, ZoneOffset.UTC))) {
            fixture.claimedAccount("acct_b", "pro", ANCHOR, true, null);
            List<RecordResult> results = fixture.recorder().record(List.of(
                    in("m0", tokens("huge", "acct_b", "agent-sdk", 300_000_000_000_000L)),
                    in("m1", tokens("long-source", "acct_b", "third-party:" + "x".repeat(6_000), 10)),
                    in("m2", tokens("at-the-bound", "acct_b", "agent-sdk", 100_000_000L)),
                    in("m3", tokens("one-over", "acct_b", "agent-sdk", 100_000_001L))));

            assertThat(results).extracting(RecordResult::status).containsExactly(RecordStatus.QUARANTINED, RecordStatus.QUARANTINED,
                    RecordStatus.APPLIED, RecordStatus.QUARANTINED);
            assertThat(results.get(0).reason()).isEqualTo("usage.input_tokens: more than 100000000 tokens: 300000000000000");
            assertThat(results.get(1).reason()).isEqualTo("source: longer than 128 characters");
            assertThat(results.get(3).reason()).startsWith("usage.input_tokens: more than 100000000 tokens");
            // 100,000,000 input tokens of opus-4-1 at $15 per million: $1,500, past the $20 credit into extra usage.
            assertThat(fixture.assertInvariants("acct_b", ANCHOR).programmatic().extraUsage().accrued()).isEqualTo(Money.parseUsd("1480"));
        }
    }

    @Test
    void anEventThatWouldOverflowItsPoolIsQuarantinedAloneAndOtherAccountsInTheBatchGoOn() {
        try (StoreFixture fixture = new StoreFixture("edges-overflow", Clock.fixed(NOW, ZoneOffset.UTC))) {
            fixture.claimedAccount("acct_o", "pro", ANCHOR, true, null);
            fixture.claimedAccount("acct_p", "pro", ANCHOR, true, null);
            // A deployment that allows huge counts: two of these ($4.5 billion each) overflow a pool's nano-dollars.
            Catalogs lax = new Catalogs(fixture.catalogs.priceBook(), fixture.catalogs.sources(), fixture.catalogs.plans(), Long.MAX_VALUE);
            UsageRecorder recorder = Recording.recorder(fixture.client(), fixture.config, lax, fixture.clock);
            List<RecordResult> results = recorder.record(List.of(
                    in("m0", tokens("big-1", "acct_o", "agent-sdk", 300_000_000_000_000L)),
                    in("m1", tokens("other", "acct_p", "agent-sdk", 1_000)),
                    in("m2", tokens("big-2", "acct_o", "agent-sdk", 300_000_000_000_000L)),
                    in("m3", tokens("big-3", "acct_o", "agent-sdk", 300_000_000_000_000L)),
                    in("m4", tokens("small", "acct_o", "agent-sdk", 1_000))));

            assertThat(results).extracting(RecordResult::status).containsExactly(RecordStatus.APPLIED, RecordStatus.APPLIED,
                    RecordStatus.APPLIED, RecordStatus.QUARANTINED, RecordStatus.APPLIED);
            assertThat(results.get(3).reason()).isEqualTo("usage: the cycle's totals would overflow with this event");
            fixture.assertInvariants("acct_o", ANCHOR);
            fixture.assertInvariants("acct_p", ANCHOR);
        }
    }

    @Test
    void anUnexpectedFailureOfOneAccountHandsBackOnlyThatAccountsEvents(@org.junit.jupiter.api.io.TempDir java.nio.file.Path dir)
            throws Exception {
        Instant nextCycle = Instant.parse("2027-07-01T00:00:01Z");
        try (StoreFixture fixture = new StoreFixture("edges-isolation", Clock.fixed(NOW, ZoneOffset.UTC))) {
            fixture.claimedAccount("acct_ok", "pro", ANCHOR, false, null);
            fixture.claimedAccount("acct_retired", "max-5x", ANCHOR, false, null);
            // A catalogue without max-5x: opening acct_retired's next cycle cannot work out its grant.
            java.nio.file.Path plans = dir.resolve("plans.csv");
            java.nio.file.Files.writeString(plans, "# plan,programmatic_credit,interactive_allowance\npro,20,8\n");
            Catalogs retired = new Catalogs(fixture.catalogs.priceBook(), fixture.catalogs.sources(),
                    dev.metering.core.plan.PlanCatalog.load(plans.toString()), fixture.catalogs.maxTokensPerCount());
            UsageRecorder recorder = Recording.recorder(fixture.client(), fixture.config, retired,
                    Clock.fixed(nextCycle.plusSeconds(60), ZoneOffset.UTC));

            List<RecordResult> results = recorder.record(List.of(
                    in("m0", Events.usage("iso-1", "acct_retired", nextCycle, "agent-sdk", "claude-sonnet-4-6", 1_000, 0)),
                    in("m1", Events.usage("iso-2", "acct_ok", nextCycle, "agent-sdk", "claude-sonnet-4-6", 1_000, 0))));

            assertThat(results).extracting(RecordResult::status).containsExactly(RecordStatus.RETRY, RecordStatus.APPLIED);
            assertThat(results.get(0).reason()).startsWith("failure: java.lang.IllegalArgumentException: unknown plan: max-5x");
            assertThat(fixture.store().findCycle("acct_retired", Instant.parse("2027-07-01T00:00:00Z"))).isEmpty();
        }
    }

    @Test
    void anIdReusedWithAnotherBodyIsQuarantinedWhileTheSameBodyIsADuplicate() {
        try (StoreFixture fixture = new StoreFixture("edges-reuse", Clock.fixed(NOW, ZoneOffset.UTC))) {
            fixture.claimedAccount("acct_r", "pro", ANCHOR, false, null);
            UsageRecorder recorder = fixture.recorder();
            String first = tokens("ev-1", "acct_r", "agent-sdk", 1_000);
            String corrected = tokens("ev-1", "acct_r", "agent-sdk", 2_000);
            // The same body in another JSON layout is the same event.
            String relaid = first.replace("\n", " ").replace("  ", " ");
            assertThat(recorder.record(List.of(in("m0", first)))).extracting(RecordResult::status).containsExactly(RecordStatus.APPLIED);

            List<RecordResult> again = recorder.record(List.of(in("m1", corrected), in("m2", relaid), in("m3", corrected)));

            assertThat(again).extracting(RecordResult::status)
                    .containsExactly(RecordStatus.QUARANTINED, RecordStatus.DUPLICATE, RecordStatus.QUARANTINED);
            assertThat(again.get(0).reason()).isEqualTo("eventId: reused with a different body");
            assertThat(fixture.assertInvariants("acct_r", ANCHOR).programmatic().used()).as("the first body stands")
                    .isEqualTo(Money.parseUsd("0.015"));
            assertThat(new QuarantineStore(fixture.client(), fixture.config).since(NOW.minusSeconds(1), 10))
                    .extracting(QuarantineStore.Quarantined::reason).containsExactly("eventId: reused with a different body");

            List<RecordResult> inOneBatch = recorder.record(List.of(in("m4", tokens("ev-2", "acct_r", "agent-sdk", 1)),
                    in("m5", tokens("ev-2", "acct_r", "agent-sdk", 2)), in("m6", tokens("ev-2", "acct_r", "agent-sdk", 1))));
            assertThat(inOneBatch).extracting(RecordResult::status)
                    .containsExactly(RecordStatus.APPLIED, RecordStatus.QUARANTINED, RecordStatus.DUPLICATE);
        }
    }

    @Test
    void aHugeMultibyteBodyIsQuarantinedCutOnACharacterBoundaryWithItsLengthAndHash() {
        try (StoreFixture fixture = new StoreFixture("edges-quarantine", Clock.fixed(NOW, ZoneOffset.UTC))) {
            String body = "{\"note\": \"" + "€".repeat(300_000) + "\"}";
            List<RecordResult> results = fixture.recorder().record(List.of(in("m0", body)));

            assertThat(results).extracting(RecordResult::status).containsExactly(RecordStatus.QUARANTINED);
            QuarantineStore.Quarantined kept = new QuarantineStore(fixture.client(), fixture.config).since(NOW.minusSeconds(1), 1).get(0);
            assertThat(kept.truncated()).isTrue();
            assertThat(kept.raw().getBytes(StandardCharsets.UTF_8).length).isLessThanOrEqualTo(QuarantineStore.MAX_RAW_BYTES)
                    .isGreaterThan(QuarantineStore.MAX_RAW_BYTES - 3);
            assertThat(body).startsWith(kept.raw());
            assertThat(kept.id()).isEqualTo(QuarantineStore.sha256(body));
            Map<String, AttributeValue> item = fixture.client().getItem(b -> b.tableName(fixture.table)
                    .key(Map.of("pk", AttributeValue.fromS("QUARANTINE#" + kept.id()), "sk", AttributeValue.fromS("QUARANTINE")))).item();
            assertThat(item.get("rawBytes").n()).isEqualTo(String.valueOf(body.getBytes(StandardCharsets.UTF_8).length));
        }
    }

    @Test
    void debitEntriesArePermanentAndKeepTheBodyHash() {
        try (StoreFixture fixture = new StoreFixture("edges-ledger", Clock.fixed(NOW, ZoneOffset.UTC))) {
            fixture.claimedAccount("acct_l", "pro", ANCHOR, false, null);
            fixture.recorder().record(List.of(in("m0", tokens("ev-l", "acct_l", "agent-sdk", 1_000))));

            List<Map<String, AttributeValue>> items = fixture.client().scan(b -> b.tableName(fixture.table).consistentRead(true)).items();
            assertThat(items).as("nothing in the table expires").noneMatch(i -> i.containsKey("ttl"));
            assertThat(items).filteredOn(i -> i.get("sk").s().equals("EVT#ev-l")).singleElement()
                    .satisfies(i -> assertThat(i.get("bodyHash").s()).hasSize(64));
        }
    }
}
