package dev.metering.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.metering.core.ledger.LedgerEntry;
import dev.metering.core.price.ModelRates;
import dev.metering.core.price.PriceRow;
import dev.metering.store.model.MutableClock;
import dev.metering.store.prices.PriceService;
import dev.metering.store.prices.PriceStore;
import dev.metering.store.recording.IncomingEvent;
import dev.metering.store.recording.QuarantineReplay;
import dev.metering.store.recording.RecordResult;
import dev.metering.store.recording.RecordStatus;
import dev.metering.store.recording.UsageRecorder;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/**
 * Held bodies put through the recorder's rules again, against the engine: an event held for its
 * model applies once the model has a price (late when its cycle has closed meanwhile), one found
 * recorded is a duplicate, one still unpriced stays held, a truncated one is never replayed, and a
 * second replay applies nothing.
 */
class QuarantineReplayTest {

    private static final Instant ANCHOR = Instant.parse("2027-02-01T00:00:00Z");
    private static final Instant MARCH = Instant.parse("2027-03-01T00:00:00Z");
    private static final ModelRates ZETA = ModelRates.of(2000, 8000, 2500, 4000, 200);

    private static String event(String id, String account, Instant at, String model) {
        return Events.usage(id, account, at, "agent-sdk", model, 1_000, 100);
    }

    private static RecordStatus record(UsageRecorder recorder, String raw) {
        List<RecordResult> results = recorder.record(List.of(new IncomingEvent("d-" + raw.hashCode(), raw)));
        return results.get(0).status();
    }

    @Test
    void heldEventsApplyOnceTheyCanAndNothingTwice() {
        Instant t0 = Instant.parse("2027-02-27T10:00:00Z");
        MutableClock clock = new MutableClock(t0);
        try (StoreFixture fixture = new StoreFixture("replay", clock)) {
            fixture.claimedAccount("acct_r", "max-5x", ANCHOR, false, null);
            UsageRecorder recorder = fixture.recorder();
            String lateOne = event("r-late", "acct_r", t0, "claude-zeta-9");
            String newModel = event("r-new", "acct_r", t0.plusSeconds(1), "claude-zeta-9");
            String unpriced = event("r-unpriced", "acct_r", t0.plusSeconds(2), "claude-omega");
            String beforeAccount = event("r-dup", "acct_later", t0.plusSeconds(3), "claude-sonnet-5");
            String truncated = event("r-big", "acct_r", t0.plusSeconds(4), "claude-zeta-9").replace("\"agent-sdk\"",
                    "\"agent-sdk\", \"note\": \"" + "x".repeat(QuarantineStore.MAX_RAW_BYTES) + "\"");
            for (String raw : List.of(lateOne, newModel, unpriced, beforeAccount, truncated)) {
                assertThat(record(recorder, raw)).isEqualTo(RecordStatus.QUARANTINED);
            }
            // The account arrives, and the event held for it is delivered again: applied the ordinary way.
            fixture.claimedAccount("acct_later", "pro", ANCHOR, false, null);
            assertThat(record(recorder, beforeAccount)).isEqualTo(RecordStatus.APPLIED);

            // February closes before anyone prices the model: the replayed event then applies to March, late.
            clock.set(MARCH.plus(Duration.ofHours(2)));
            new ResetFixture(fixture).run(clock.instant());
            PriceService prices = new PriceService(new PriceStore(fixture.client(), fixture.config), fixture.catalogs.priceBook(), clock);
            prices.put(PriceRow.of("claude-zeta-9", ANCHOR, ZETA), List.of(), "ops");

            QuarantineReplay replay = new QuarantineReplay(new QuarantineStore(fixture.client(), fixture.config), fixture.recorder(), clock);
            QuarantineReplay.Report report = replay.replay(new QuarantineReplay.Window(t0.minusSeconds(60), null, null, 100, null),
                    Deadline.none(), "ops@example");
            assertThat(report).isEqualTo(new QuarantineReplay.Report(5, 2, 1, 2, null));

            long cost = 1_000L * 2000 + 100L * 8000;
            assertThat(fixture.store().findCycle("acct_r", ANCHOR).orElseThrow().programmatic().used().nanos()).as("February's totals stay")
                    .isZero();
            assertThat(fixture.store().findCycle("acct_r", MARCH).orElseThrow().programmatic().used().nanos()).isEqualTo(2 * cost);
            List<LedgerEntry> march = fixture.store().ledger("acct_r", MARCH);
            assertThat(march).filteredOn(e -> "r-late".equals(e.eventId())).singleElement()
                    .satisfies(e -> {
                        assertThat(e.late()).isTrue();
                        assertThat(e.model()).isEqualTo("claude-zeta-9");
                    });
            fixture.assertInvariants("acct_r", MARCH);

            QuarantineStore quarantine = new QuarantineStore(fixture.client(), fixture.config);
            var resolved = quarantine.page(Instant.EPOCH, true, 100, null, Long.MAX_VALUE, q -> 1).items();
            assertThat(resolved).extracting(QuarantineStore.Quarantined::eventId).containsExactlyInAnyOrder("r-late", "r-new", "r-dup");
            assertThat(resolved).allSatisfy(q -> assertThat(q.resolvedBy()).isEqualTo("ops@example"));
            assertThat(resolved).filteredOn(q -> q.eventId().equals("r-dup")).singleElement()
                    .satisfies(q -> assertThat(q.resolution()).isEqualTo("DUPLICATE"));
            var held = quarantine.page(Instant.EPOCH, false, 100, null, Long.MAX_VALUE, q -> 1).items();
            assertThat(held).extracting(QuarantineStore.Quarantined::eventId).containsExactlyInAnyOrder("r-unpriced", "r-big");
            assertThat(held).allSatisfy(q -> assertThat(q.seenCount()).as("a replay is not a sighting").isEqualTo(1));

            // Twice: nothing applied again, the held ones held.
            QuarantineReplay.Report second = replay.replay(new QuarantineReplay.Window(t0.minusSeconds(60), null, null, 100, null),
                    Deadline.none(), "ops@example");
            assertThat(second).isEqualTo(new QuarantineReplay.Report(2, 0, 0, 2, null));
            assertThat(fixture.store().findCycle("acct_r", MARCH).orElseThrow().programmatic().used().nanos()).isEqualTo(2 * cost);
        }
    }

    @Test
    void aWindowIsWalkedOldestFirstByCursorAndFilteredByReason() {
        Instant t0 = Instant.parse("2027-02-20T10:00:00Z");
        MutableClock clock = new MutableClock(t0);
        try (StoreFixture fixture = new StoreFixture("replay-window", clock)) {
            fixture.claimedAccount("acct_w", "max-5x", ANCHOR, false, null);
            QuarantineStore quarantine = new QuarantineStore(fixture.client(), fixture.config);
            for (int i = 0; i < 5; i++) {
                quarantine.quarantine(event("w-" + i, "acct_w", t0, "claude-zeta-8"), "model: unknown model 'claude-zeta-8'", "w-" + i, "acct_w",
                        t0.plusSeconds(i));
            }
            quarantine.quarantine("{oops", "malformed JSON: oops", null, null, t0.plusSeconds(2).plusMillis(500));
            new PriceService(new PriceStore(fixture.client(), fixture.config), fixture.catalogs.priceBook(), clock)
                    .put(PriceRow.of("claude-zeta-8", ANCHOR, ZETA), List.of(), "ops");
            clock.set(t0.plusSeconds(120));
            QuarantineReplay replay = new QuarantineReplay(quarantine, fixture.recorder(), clock);

            QuarantineReplay.Report first = replay.replay(new QuarantineReplay.Window(t0, t0.plusSeconds(3), "model:", 2, null), Deadline.none(), "ops");
            assertThat(first.examined()).isEqualTo(2);
            assertThat(first.applied()).isEqualTo(2);
            assertThat(first.nextCursor()).isNotNull();
            QuarantineReplay.Report next = replay.replay(new QuarantineReplay.Window(t0, t0.plusSeconds(3), "model:", 2, first.nextCursor()),
                    Deadline.none(), "ops");
            // w-2, then the malformed body (passed over by the filter), then w-3 on the next page.
            assertThat(next.applied()).isEqualTo(1);
            QuarantineReplay.Report last = replay.replay(new QuarantineReplay.Window(t0, t0.plusSeconds(3), "model:", 2, next.nextCursor()),
                    Deadline.none(), "ops");
            assertThat(last.applied()).isEqualTo(1);
            assertThat(last.nextCursor()).isNull();
            Set<String> applied = fixture.store().ledger("acct_w", ANCHOR).stream().map(LedgerEntry::eventId)
                    .filter(id -> id != null).collect(Collectors.toSet());
            assertThat(applied).containsExactlyInAnyOrder("w-0", "w-1", "w-2", "w-3");
            assertThat(quarantine.page(Instant.EPOCH, false, 100, null, Long.MAX_VALUE, q -> 1).items())
                    .extracting(QuarantineStore.Quarantined::reason).containsExactlyInAnyOrder("model: unknown model 'claude-zeta-8'",
                            "malformed JSON: oops");

            // No time left before the first body: nothing done, and it says so.
            assertThatThrownBy(() -> replay.replay(new QuarantineReplay.Window(t0, null, null, 10, null), () -> true, "ops"))
                    .isInstanceOf(QuarantineReplay.Unavailable.class).hasMessageContaining("the time budget ran out");
        }
    }
}
