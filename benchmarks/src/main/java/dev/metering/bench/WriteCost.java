package dev.metering.bench;

import dev.metering.bench.RequestCounter.Snapshot;
import dev.metering.store.recording.IncomingEvent;
import dev.metering.store.recording.RecordResult;
import dev.metering.store.recording.RecordStatus;
import dev.metering.store.recording.UsageRecorder;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;

/**
 * Records events through the recorder's code path against the engine and counts what that asks of
 * DynamoDB. The baseline is the naive recorder: the same code fed one event at a time, which is one
 * transaction (cycle item + ledger entry) and its reads per event.
 */
final class WriteCost {

    enum Recorder { BATCHED, NAIVE }

    /** Plain events; or two tags on each and two budgets on each account (a source over the hour, a tag over the day). */
    enum Scenario { PLAIN, BUDGETS }

    /** @param writeUnits the table's write capacity units for the row's transactions, from item sizes */
    record Row(Recorder recorder, int batchSize, int accounts, int events, Snapshot counted, long writeUnits, Duration took) {
        double writesPerEvent() {
            return (double) counted.itemWrites() / events;
        }

        double writeUnitsPerEvent() {
            return (double) writeUnits / events;
        }

        double roundTripsPerEvent() {
            return (double) counted.roundTrips() / events;
        }

        double eventsPerSecond() {
            return events / (took.toNanos() / 1e9);
        }
    }

    private WriteCost() {}

    static Row measure(Recorder recorder, int batchSize, int accounts, int events) {
        return measure(recorder, batchSize, accounts, events, Scenario.PLAIN);
    }

    /**
     * With budgets, a first batch (not measured, through another recorder) tells the cycle's tag values
     * apart, once a cycle; what is measured is the steady state, the price rows' read included.
     */
    static Row measure(Recorder recorder, int batchSize, int accounts, int events, Scenario scenario) {
        Instant now = Instant.now();
        try (BenchTable table = new BenchTable("bench-write", Clock.systemUTC())) {
            table.createAccounts(accounts, now.minus(Duration.ofDays(3)));
            List<IncomingEvent> all;
            if (scenario == Scenario.BUDGETS) {
                table.createBudgets(accounts, now.minusSeconds(120));
                table.setupRecorder().record(BenchTable.taggedEvents("warm", accounts, accounts, now.minusSeconds(60)));
                all = BenchTable.taggedEvents("e", events, accounts, now.minusSeconds(30));
            } else {
                all = BenchTable.events("e", events, accounts, now.minusSeconds(30));
            }
            UsageRecorder usage = table.recorder();
            int perCall = recorder == Recorder.NAIVE ? 1 : batchSize;
            Snapshot before = table.counter.snapshot();
            long started = System.nanoTime();
            for (int from = 0; from < all.size(); from += perCall) {
                List<RecordResult> results = usage.record(all.subList(from, Math.min(all.size(), from + perCall)));
                for (RecordResult r : results) {
                    if (r.status() != RecordStatus.APPLIED) {
                        throw new IllegalStateException("benchmark event not applied: " + r);
                    }
                }
            }
            Duration took = Duration.ofNanos(System.nanoTime() - started);
            Snapshot counted = table.counter.snapshot().minus(before);
            return new Row(recorder, perCall, accounts, events, counted, table.counter.writeUnitsSince(before, table.setupClient()), took);
        }
    }
}
