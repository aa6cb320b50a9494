package dev.metering.bench;

import com.sun.management.ThreadMXBean;
import dev.metering.core.usage.UsageEventParser;
import dev.metering.store.recording.IncomingEvent;
import dev.metering.store.recording.RecordResult;
import dev.metering.store.recording.RecordStatus;
import dev.metering.store.recording.Recording;
import dev.metering.store.recording.UsageRecorder;
import java.lang.management.ManagementFactory;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.function.Consumer;

/**
 * CPU and allocation per event of the recorder's own code, with the store's I/O stubbed, in a
 * steady-state loop on one thread (warm-up first, then the measured rounds). The baseline is
 * parsing the same events alone: what any recorder must spend before it does anything.
 */
final class RecorderCpu {

    private static final int ACCOUNTS = 10;
    private static final int BATCH = 100;

    record Row(String what, int events, long cpuNanos, long wallNanos, long allocatedBytes) {
        double cpuMicrosPerEvent() {
            return cpuNanos / 1e3 / events;
        }

        double allocatedKbPerEvent() {
            return allocatedBytes / 1024.0 / events;
        }
    }

    private RecorderCpu() {}

    static List<Row> measure(int rounds) {
        Instant now = Instant.now();
        try (BenchTable table = new BenchTable("bench-cpu", Clock.systemUTC())) {
            table.createAccounts(ACCOUNTS, now.minus(Duration.ofDays(3)));
            SnapshotDynamoDb stub = new SnapshotDynamoDb(table.setupClient(), table.name);
            UsageRecorder recorder = Recording.recorder(stub, table.config, table.catalogs, table.clock);
            UsageEventParser parser = new UsageEventParser(table.catalogs.priceBook(), table.catalogs.sources(), table.clock);
            List<IncomingEvent> batch = BenchTable.events("cpu", BATCH, ACCOUNTS, now.minusSeconds(30));
            List<IncomingEvent> shaped = BenchTable.apiShapedEvents("cpu-api", BATCH, ACCOUNTS, now.minusSeconds(30));

            Consumer<List<IncomingEvent>> parseOnly = events -> events.forEach(e -> {
                if (!parser.parse(e.raw()).isValid()) {
                    throw new IllegalStateException("invalid benchmark event: " + parser.parse(e.raw()).rejection());
                }
            });
            Consumer<List<IncomingEvent>> batched = events -> requireApplied(recorder.record(events));
            Consumer<List<IncomingEvent>> naive = events -> events.forEach(e -> requireApplied(recorder.record(List.of(e))));
            List<Row> rows = new java.util.ArrayList<>(List.of(
                    loop("parse only (baseline)", parseOnly, batch, rounds),
                    loop("parse only, whole usage object", parseOnly, shaped, rounds),
                    loop("recorder, naive (1 event a call)", naive, batch, rounds),
                    loop("recorder, batch 100, whole usage object", batched, shaped, rounds)));
            rows.add(budgeted(rounds, now));
            rows.add(loop("recorder, batch 100 over 10 accounts", batched, batch, rounds));
            return rows;
        }
    }

    /** The same batch with two tags on each event and two budgets on each account (its tag values told apart already). */
    private static Row budgeted(int rounds, Instant now) {
        try (BenchTable table = new BenchTable("bench-cpu-budgets", Clock.systemUTC())) {
            table.createAccounts(ACCOUNTS, now.minus(Duration.ofDays(3)));
            table.createBudgets(ACCOUNTS, now.minusSeconds(120));
            table.setupRecorder().record(BenchTable.taggedEvents("warm", ACCOUNTS, ACCOUNTS, now.minusSeconds(60)));
            SnapshotDynamoDb stub = new SnapshotDynamoDb(table.setupClient(), table.name);
            UsageRecorder recorder = Recording.recorder(stub, table.config, table.catalogs, table.clock);
            List<IncomingEvent> batch = BenchTable.taggedEvents("cpu-tags", BATCH, ACCOUNTS, now.minusSeconds(30));
            return loop("recorder, batch 100, tags and budgets", events -> requireApplied(recorder.record(events)), batch, rounds);
        }
    }

    private static void requireApplied(List<RecordResult> results) {
        for (RecordResult r : results) {
            if (r.status() != RecordStatus.APPLIED) {
                throw new IllegalStateException("benchmark event not applied: " + r);
            }
        }
    }

    private static Row loop(String what, Consumer<List<IncomingEvent>> work, List<IncomingEvent> batch, int rounds) {
        ThreadMXBean threads = (ThreadMXBean) ManagementFactory.getThreadMXBean();
        for (int i = 0; i < rounds / 2; i++) {
            work.accept(batch);
        }
        long thread = Thread.currentThread().getId();
        long cpu = threads.getCurrentThreadCpuTime();
        long allocated = threads.getThreadAllocatedBytes(thread);
        long wall = System.nanoTime();
        for (int i = 0; i < rounds; i++) {
            work.accept(batch);
        }
        return new Row(what, rounds * batch.size(), threads.getCurrentThreadCpuTime() - cpu, System.nanoTime() - wall,
                threads.getThreadAllocatedBytes(thread) - allocated);
    }
}
