package dev.metering.bench;

import dev.metering.bench.WriteCost.Recorder;
import dev.metering.bench.WriteCost.Row;
import dev.metering.testsupport.DynamoEngine;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Prints the write cost, throughput, CPU and reset figures, each next to its baseline from the
 * same run. {@code bash benchmarks/run.sh} runs it (and the cold-start benchmark after it).
 * Figures only: nothing here passes or fails on a number, since the machine may be shared.
 */
public final class Benchmarks {

    private static final int[] BATCH_SIZES = {1, 10, 100};
    /** Held, because java.util.logging keeps its loggers only weakly and would forget the level. */
    private static final Logger QUIET = Logger.getLogger("dev.metering");
    private static final int[] ACCOUNT_COUNTS = {1, 10, 100};

    private Benchmarks() {}

    public static void main(String[] args) {
        Locale.setDefault(Locale.ROOT);
        // The recorder logs a line per batch; at 100k batches that is the terminal's cost, not ours.
        QUIET.setLevel(Level.WARNING);
        int events = Integer.getInteger("bench.events", 400);
        int throughputEvents = Integer.getInteger("bench.throughputEvents", 2000);
        int resetAccounts = Integer.getInteger("bench.resetAccounts", 300);
        int cpuRounds = Integer.getInteger("bench.cpuRounds", 2000);
        int usageEvents = Integer.getInteger("bench.usageEvents", 10_000);

        System.out.println("engine: " + DynamoEngine.shared().description());
        System.out.println("java: " + System.getProperty("java.vm.name") + " " + System.getProperty("java.version")
                + ", " + Runtime.getRuntime().availableProcessors() + " processors");
        warmUp();
        writeCost(events);
        usageRead(usageEvents);
        throughput(throughputEvents);
        cpu(cpuRounds);
        reset(resetAccounts);
    }

    /** One pass of each path before anything is measured, so the JIT's first compilations land here. */
    private static void warmUp() {
        WriteCost.measure(Recorder.BATCHED, 100, 10, 500);
        WriteCost.measure(Recorder.NAIVE, 1, 10, 100);
    }

    private static void writeCost(int events) {
        System.out.printf("%n== 1. DynamoDB item writes, round trips and write units per recorded event (%d events per row; counted at the SDK seam,"
                + " WCU from item sizes)%n", events);
        System.out.printf("%-8s %6s %9s %14s %17s %10s %13s %9s%n", "recorder", "batch", "accounts", "writes/event", "round trips/event",
                "WCU/event", "transactions", "events/s");
        List<Row> rows = new ArrayList<>();
        for (int accounts : ACCOUNT_COUNTS) {
            rows.add(WriteCost.measure(Recorder.NAIVE, 1, accounts, events));
            for (int batch : BATCH_SIZES) {
                rows.add(WriteCost.measure(Recorder.BATCHED, batch, accounts, events));
            }
        }
        for (Row r : rows) {
            System.out.printf("%-8s %6d %9d %14.3f %17.3f %10.2f %13d %9.0f%n", r.recorder().name().toLowerCase(Locale.ROOT), r.batchSize(),
                    r.accounts(), r.writesPerEvent(), r.roundTripsPerEvent(), r.writeUnitsPerEvent(), r.counted().transactions(),
                    r.eventsPerSecond());
        }
        Row target = rows.stream().filter(r -> r.recorder() == Recorder.BATCHED && r.batchSize() == 100 && r.accounts() == 10)
                .findFirst().orElseThrow();
        System.out.printf("target at batch 100 over 10 accounts: <= 1.2 writes/event (measured %.3f), <= 0.15 round trips/event (measured %.3f),"
                + " <= 3 WCU/event (measured %.2f)%n", target.writesPerEvent(), target.roundTripsPerEvent(), target.writeUnitsPerEvent());
        // Two tags on each event, two budgets on each account: what budgets and usage by tag add to a debit.
        Row budgeted = WriteCost.measure(Recorder.BATCHED, 100, 10, events, WriteCost.Scenario.BUDGETS);
        System.out.printf("with two tags per event and two budgets per account, batch 100 over 10 accounts: %.3f writes/event (target <= 1.5;"
                + " without them %.3f), %.3f round trips/event (target <= 0.15; without %.3f), %.2f WCU/event (target <= 3.5; without %.2f)%n",
                budgeted.writesPerEvent(), target.writesPerEvent(), budgeted.roundTripsPerEvent(), target.roundTripsPerEvent(),
                budgeted.writeUnitsPerEvent(), target.writeUnitsPerEvent());
    }

    private static void usageRead(int events) {
        System.out.printf("%n== 1b. Reading one cycle's usage, %d events over 3 models, 4 sources and 3-4 days (round trips counted at the SDK seam)%n",
                events);
        UsageRead.Result r = UsageRead.measure(events);
        System.out.printf("%-60s %8s %12s %8s%n", "/usage reads", "items", "round trips", "ms");
        System.out.printf("%-60s %8d %12d %8d%n", "account, cycle, the whole ledger (baseline: before the cells)", r.ledger().size() + 2,
                r.ledgerRoundTrips(), r.ledgerTook().toMillis());
        System.out.printf("%-60s %8d %12d %8d%n", "account, cycle, the cycle's usage cells", r.cells().size() + 2, r.cellRoundTrips(),
                r.cellTook().toMillis());
        System.out.printf("target: at most 3 round trips whatever the cycle holds (measured %d)%n", r.cellRoundTrips());
    }

    private static void throughput(int events) {
        System.out.printf("%n== 2. Events per second through the recorder's code path on this engine (one writer)%n");
        Row batched = WriteCost.measure(Recorder.BATCHED, 100, 10, events);
        Row naive = WriteCost.measure(Recorder.NAIVE, 1, 10, Math.max(100, events / 5));
        System.out.printf("%-44s %8s %10s%n", "", "events", "events/s");
        System.out.printf("%-44s %8d %10.0f%n", "naive recorder (baseline), 10 accounts", naive.events(), naive.eventsPerSecond());
        System.out.printf("%-44s %8d %10.0f%n", "batched recorder, batch 100 over 10 accounts", batched.events(), batched.eventsPerSecond());
        System.out.printf("ratio: %.1fx (target: at least 5x)%n", batched.eventsPerSecond() / naive.eventsPerSecond());
    }

    private static void cpu(int rounds) {
        System.out.printf("%n== 3. CPU per event of the recorder's own code, store I/O stubbed (%d rounds of 100 events, after %d warm-up rounds)%n",
                rounds, rounds / 2);
        System.out.printf("%-40s %10s %14s %14s%n", "", "events", "CPU us/event", "alloc KB/event");
        List<RecorderCpu.Row> rows = RecorderCpu.measure(rounds);
        for (RecorderCpu.Row r : rows) {
            System.out.printf("%-40s %10d %14.2f %14.1f%n", r.what(), r.events(), r.cpuMicrosPerEvent(), r.allocatedKbPerEvent());
        }
        RecorderCpu.Row parse = rows.get(0);
        RecorderCpu.Row shaped = rows.get(3);
        RecorderCpu.Row budgeted = rows.get(4);
        RecorderCpu.Row batched = rows.get(rows.size() - 1);
        System.out.printf("the batched recorder costs %.1fx the parse alone; one core records about %.0f events/s of CPU%n",
                batched.cpuMicrosPerEvent() / parse.cpuMicrosPerEvent(), 1e6 / batched.cpuMicrosPerEvent());
        // The same recorder on the five counts events carried before and on the API's whole usage object (dated id, tier,
        // geography, split writes, searches): what pricing every modifier costs per event.
        double growth = shaped.cpuMicrosPerEvent() / batched.cpuMicrosPerEvent();
        System.out.printf("the whole usage object: %.2f us/event against %.2f for the five counts, %.2fx (target: at most 1.2x): %s%n",
                shaped.cpuMicrosPerEvent(), batched.cpuMicrosPerEvent(), growth, growth <= 1.2 ? "met" : "NOT met");
        double withBudgets = budgeted.cpuMicrosPerEvent() / batched.cpuMicrosPerEvent();
        System.out.printf("two tags and two budgets: %.2f us/event against %.2f without, %.2fx (target: at most 1.2x): %s%n",
                budgeted.cpuMicrosPerEvent(), batched.cpuMicrosPerEvent(), withBudgets, withBudgets <= 1.2 ? "met" : "NOT met");
    }

    private static void reset(int accounts) {
        System.out.printf("%n== 5. Monthly reset over %d due accounts (every tenth with extra usage to invoice)%n", accounts);
        ResetCost.Result r = ResetCost.measure(accounts);
        System.out.printf("%-44s %10s %15s %18s%n", "", "closes/s", "writes/close", "round trips/close");
        System.out.printf("%-44s %10.0f %15s %18s%n", "bare " + r.width() + "-item transactions (engine ceiling)", r.baselinePerSecond(),
                String.valueOf(r.width()), "1.000");
        System.out.printf("%-44s %10.0f %15.3f %18.3f%n", "monthly reset", r.closesPerSecond(), r.writesPerClose(), r.roundTripsPerClose());
        System.out.printf("the reset runs at %.0f%% of the engine's ceiling for its transactions; target <= 4 writes per closed cycle (measured %.3f)%n",
                100 * r.closesPerSecond() / r.baselinePerSecond(), r.writesPerClose());
        System.out.println("report: " + r.report());
        System.out.printf("%n== 6. Largest item of each kind after the reset (DynamoDB's size rules), for the capacity arithmetic%n");
        r.largestItems().forEach((kind, bytes) -> System.out.printf("%-40s %6d bytes  %d WCU a write (x2 in a transaction)%n",
                kind, bytes, ItemSize.writeUnits(bytes)));
    }
}
