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
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;

/**
 * CPU and allocation per event of the recorder's own code, with the store's I/O stubbed, in a
 * steady-state loop on one thread (warm-up first, then the measured rounds). The baseline is
 * parsing the same events alone: what any recorder must spend before it does anything. The batch of
 * whole usage objects, the batch with tags and budgets and the plain batch are measured in turns,
 * since their ratios to the plain one are targets.
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
        try (BenchTable table = new BenchTable("bench-cpu", Clock.systemUTC());
             BenchTable budgetedTable = new BenchTable("bench-cpu-budgets", Clock.systemUTC())) {
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
            List<Row> rows = new ArrayList<>(List.of(
                    loop("parse only (baseline)", parseOnly, batch, rounds),
                    loop("parse only, whole usage object", parseOnly, shaped, rounds),
                    loop("recorder, naive (1 event a call)", naive, batch, rounds)));
            // The same batch with two tags on each event and two budgets on each account (its tag values told apart
            // already), and the batch of whole usage objects, each measured in turns with the plain one.
            budgetedTable.createAccounts(ACCOUNTS, now.minus(Duration.ofDays(3)));
            budgetedTable.createBudgets(ACCOUNTS, now.minusSeconds(120));
            budgetedTable.setupRecorder().record(BenchTable.taggedEvents("warm", ACCOUNTS, ACCOUNTS, now.minusSeconds(60)));
            UsageRecorder budgetedRecorder = Recording.recorder(new SnapshotDynamoDb(budgetedTable.setupClient(), budgetedTable.name),
                    budgetedTable.config, budgetedTable.catalogs, budgetedTable.clock);
            // The same ids as the plain batch's (another table): the two differ by the tags and budgets alone.
            List<IncomingEvent> tagged = BenchTable.taggedEvents("cpu", BATCH, ACCOUNTS, now.minusSeconds(30));
            rows.addAll(inTurns(rounds,
                    new Loop("recorder, batch 100, whole usage object", batched, shaped),
                    new Loop("recorder, batch 100, tags and budgets", events -> requireApplied(budgetedRecorder.record(events)), tagged),
                    new Loop("recorder, batch 100 over 10 accounts", batched, batch)));
            return rows;
        }
    }

    private static void requireApplied(List<RecordResult> results) {
        for (RecordResult r : results) {
            if (r.status() != RecordStatus.APPLIED) {
                throw new IllegalStateException("benchmark event not applied: " + r);
            }
        }
    }

    /** Rounds taken out of turn by another loop (50 at a time): whatever slows the machine for a while slows them alike. */
    private static final int TURN = 50;

    private record Loop(String what, Consumer<List<IncomingEvent>> work, List<IncomingEvent> batch) {}

    /** Loops measured in turns of {@link #TURN} rounds, after their warm-up rounds taken in turns too. */
    private static List<Row> inTurns(int rounds, Loop... loops) {
        for (int done = 0; done < rounds / 2; done += TURN) {
            for (Loop loop : loops) {
                repeat(loop.work(), loop.batch(), TURN);
            }
        }
        ThreadMXBean threads = (ThreadMXBean) ManagementFactory.getThreadMXBean();
        long thread = Thread.currentThread().getId();
        long[] cpu = new long[loops.length];
        long[] wall = new long[loops.length];
        long[] allocated = new long[loops.length];
        for (int done = 0; done < rounds; done += TURN) {
            int turn = Math.min(TURN, rounds - done);
            for (int i = 0; i < loops.length; i++) {
                long c = threads.getCurrentThreadCpuTime();
                long m = threads.getThreadAllocatedBytes(thread);
                long w = System.nanoTime();
                repeat(loops[i].work(), loops[i].batch(), turn);
                cpu[i] += threads.getCurrentThreadCpuTime() - c;
                wall[i] += System.nanoTime() - w;
                allocated[i] += threads.getThreadAllocatedBytes(thread) - m;
            }
        }
        List<Row> rows = new ArrayList<>();
        for (int i = 0; i < loops.length; i++) {
            rows.add(new Row(loops[i].what(), rounds * loops[i].batch().size(), cpu[i], wall[i], allocated[i]));
        }
        return rows;
    }

    private static void repeat(Consumer<List<IncomingEvent>> work, List<IncomingEvent> batch, int rounds) {
        for (int i = 0; i < rounds; i++) {
            work.accept(batch);
        }
    }

    private static Row loop(String what, Consumer<List<IncomingEvent>> work, List<IncomingEvent> batch, int rounds) {
        ThreadMXBean threads = (ThreadMXBean) ManagementFactory.getThreadMXBean();
        repeat(work, batch, rounds / 2);
        long thread = Thread.currentThread().getId();
        long cpu = threads.getCurrentThreadCpuTime();
        long allocated = threads.getThreadAllocatedBytes(thread);
        long wall = System.nanoTime();
        repeat(work, batch, rounds);
        return new Row(what, rounds * batch.size(), threads.getCurrentThreadCpuTime() - cpu, System.nanoTime() - wall,
                threads.getThreadAllocatedBytes(thread) - allocated);
    }
}
