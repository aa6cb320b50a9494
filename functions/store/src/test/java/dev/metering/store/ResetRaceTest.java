package dev.metering.store;

import static org.assertj.core.api.Assertions.assertThat;

import dev.metering.core.cycle.CyclePools;
import dev.metering.core.ledger.EntryKind;
import dev.metering.core.ledger.LedgerEntry;
import dev.metering.store.accounts.AccountService;
import dev.metering.store.recording.IncomingEvent;
import dev.metering.store.recording.RecordResult;
import dev.metering.store.recording.RecordStatus;
import dev.metering.store.recording.Recording;
import dev.metering.store.recording.UsageRecorder;
import dev.metering.store.reset.ResetReport;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** Debits racing the reset at the boundary: each event lands in exactly one cycle, and closed cycles stay closed. */
class ResetRaceTest {

    private static final Instant ANCHOR = Instant.parse("2027-06-01T00:00:00Z");
    private static final Instant BOUNDARY = Instant.parse("2027-07-01T00:00:00Z");
    private static final Instant NOW = BOUNDARY.plusSeconds(3600 + 30);

    @Test
    void everyEventLandsInExactlyOneCycleWhileTheResetCloses() throws Exception {
        int accounts = 20;
        int eventsPerAccount = 12;
        try (StoreFixture fixture = new StoreFixture("reset-race", Clock.fixed(BOUNDARY.minusSeconds(86_400), ZoneOffset.UTC))) {
            AccountService service = fixture.accounts();
            for (int a = 0; a < accounts; a++) {
                service.create(new AccountService.NewAccount("acct_" + a, "pro", null, ANCHOR, ZoneOffset.UTC, false, null));
                service.claimCredit("acct_" + a);
            }
            List<List<String>> perWriter = new ArrayList<>();
            for (int w = 0; w < 8; w++) {
                perWriter.add(new ArrayList<>());
            }
            for (int a = 0; a < accounts; a++) {
                for (int e = 0; e < eventsPerAccount; e++) {
                    // Half just before the boundary (old cycle), half just after (new cycle).
                    Instant at = e % 2 == 0 ? BOUNDARY.minusSeconds(1 + e * 60L) : BOUNDARY.plusSeconds(e);
                    perWriter.get((a + e) % 8).add(Events.usage("race-" + a + "-" + e, "acct_" + a, at, "agent-sdk", "claude-haiku-4-5", 1000, 0));
                }
            }
            ExecutorService pool = Executors.newFixedThreadPool(9);
            List<Future<List<RecordResult>>> writers = new ArrayList<>();
            for (List<String> bodies : perWriter) {
                writers.add(pool.submit(() -> {
                    UsageRecorder recorder = Recording.recorder(fixture.client(), fixture.config, fixture.catalogs, Clock.fixed(NOW, ZoneOffset.UTC));
                    List<RecordResult> results = new ArrayList<>();
                    for (String body : bodies) {
                        RecordResult r;
                        do {
                            r = recorder.record(List.of(new IncomingEvent("1", body))).get(0);
                        } while (r.status() == RecordStatus.RETRY);
                        results.add(r);
                    }
                    return results;
                }));
            }
            Future<ResetReport> reset = pool.submit(() -> new ResetFixture(fixture).run(NOW));
            List<RecordResult> results = new ArrayList<>();
            for (Future<List<RecordResult>> w : writers) {
                results.addAll(w.get(10, TimeUnit.MINUTES));
            }
            ResetReport report = reset.get(10, TimeUnit.MINUTES);
            pool.shutdown();

            assertThat(report.cyclesClosed() + report.alreadyClosed()).isEqualTo(accounts);
            assertThat(results).hasSize(accounts * eventsPerAccount).allMatch(r -> r.status() == RecordStatus.APPLIED);
            Map<String, CyclePools> closedAfterRace = new HashMap<>();
            for (int a = 0; a < accounts; a++) {
                String id = "acct_" + a;
                CyclePools old = fixture.assertInvariants(id, ANCHOR);
                fixture.assertInvariants(id, BOUNDARY);
                assertThat(old.isClosed()).isTrue();
                closedAfterRace.put(id, old);
                List<LedgerEntry> debits = new ArrayList<>();
                fixture.store().ledger(id, ANCHOR).stream().filter(e -> e.kind() == EntryKind.DEBIT).forEach(debits::add);
                List<LedgerEntry> newer = fixture.store().ledger(id, BOUNDARY).stream().filter(e -> e.kind() == EntryKind.DEBIT).toList();
                debits.addAll(newer);
                assertThat(debits).extracting(LedgerEntry::eventId).doesNotHaveDuplicates().hasSize(eventsPerAccount);
                assertThat(newer).allMatch(e -> e.late() == e.occurredAt().isBefore(BOUNDARY));
                assertThat(fixture.store().ledger(id, ANCHOR)).filteredOn(e -> e.kind() == EntryKind.DEBIT)
                        .allMatch(e -> !e.late() && e.occurredAt().isBefore(BOUNDARY));
            }

            // More late usage after the close changes nothing in the closed cycles.
            UsageRecorder recorder = Recording.recorder(fixture.client(), fixture.config, fixture.catalogs, Clock.fixed(NOW, ZoneOffset.UTC));
            for (int a = 0; a < accounts; a++) {
                RecordResult r = recorder.record(List.of(new IncomingEvent("1",
                        Events.usage("after-" + a, "acct_" + a, BOUNDARY.minusSeconds(5), "agent-sdk", "claude-haiku-4-5", 1, 0)))).get(0);
                assertThat(r.late()).isTrue();
                assertThat(fixture.store().findCycle("acct_" + a, ANCHOR).orElseThrow()).isEqualTo(closedAfterRace.get("acct_" + a));
            }
            long late = results.stream().filter(RecordResult::late).count();
            System.out.printf("reset race: %d events, %d late, reset %s%n", results.size(), late, report);
        }
    }
}
