package dev.metering.bench;

import dev.metering.bench.RequestCounter.Snapshot;
import dev.metering.core.cycle.Cycle;
import dev.metering.core.ledger.LedgerEntry;
import dev.metering.core.usage.UsageCell;
import dev.metering.store.MeteringStore;
import dev.metering.store.recording.IncomingEvent;
import dev.metering.store.recording.RecordResult;
import dev.metering.store.recording.RecordStatus;
import dev.metering.store.recording.Recording;
import dev.metering.store.recording.UsageRecorder;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * What reading one cycle's usage asks of DynamoDB when the cycle holds many events: the reads of
 * {@code GET /usage} (the account, the cycle item, the cycle's cells) against the baseline, the
 * account, the cycle item and the cycle's whole ledger (what {@code /usage} read before the cells).
 * Round trips are counted at the SDK seam; the events spread over three models, four sources and
 * three to four days.
 */
final class UsageRead {

    private static final List<String> MODELS = List.of("claude-haiku-4-5", "claude-sonnet-4-6", "claude-opus-4-6");
    private static final List<String> SOURCES = List.of("agent-sdk", "claude-code-headless", "claude-code-github-actions", "third-party:ci");

    record Result(int events, List<UsageCell> cells, List<LedgerEntry> ledger, long cellRoundTrips, long ledgerRoundTrips,
                  Duration cellTook, Duration ledgerTook) {}

    private UsageRead() {}

    static Result measure(int events) {
        Instant now = Instant.now();
        try (BenchTable table = new BenchTable("bench-usage", Clock.systemUTC())) {
            table.createAccounts(1, now.minus(Duration.ofDays(3)));
            String account = BenchTable.accountId(0);
            UsageRecorder recorder = Recording.recorder(table.setupClient(), table.config, table.catalogs, table.clock);
            for (int from = 0; from < events; from += 100) {
                List<IncomingEvent> batch = new ArrayList<>();
                for (int i = from; i < Math.min(events, from + 100); i++) {
                    Instant occurredAt = now.minus(Duration.ofHours(i % 60)).minusSeconds(30);
                    batch.add(new IncomingEvent("u-" + i, BenchTable.usage("u-" + i, account, occurredAt, MODELS.get(i % MODELS.size()),
                            SOURCES.get(i % SOURCES.size()), 100 + i % 7)));
                }
                for (RecordResult r : recorder.record(batch)) {
                    if (r.status() != RecordStatus.APPLIED) {
                        throw new IllegalStateException("benchmark event not applied: " + r);
                    }
                }
            }
            MeteringStore counted = table.countedStore();
            Cycle cycle = new MeteringStore(table.setupClient(), table.config).findAccount(account).orElseThrow().calendar().cycleContaining(now);

            Snapshot before = table.counter.snapshot();
            long started = System.nanoTime();
            counted.findAccount(account).orElseThrow();
            counted.findCycle(account, cycle.start()).orElseThrow();
            List<UsageCell> cells = counted.usage(account, cycle.start());
            Duration cellTook = Duration.ofNanos(System.nanoTime() - started);
            long cellRoundTrips = table.counter.snapshot().minus(before).roundTrips();

            before = table.counter.snapshot();
            started = System.nanoTime();
            counted.findAccount(account).orElseThrow();
            counted.findCycle(account, cycle.start()).orElseThrow();
            List<LedgerEntry> ledger = counted.ledger(account, cycle.start());
            Duration ledgerTook = Duration.ofNanos(System.nanoTime() - started);
            long ledgerRoundTrips = table.counter.snapshot().minus(before).roundTrips();
            return new Result(events, cells, ledger, cellRoundTrips, ledgerRoundTrips, cellTook, ledgerTook);
        }
    }
}
