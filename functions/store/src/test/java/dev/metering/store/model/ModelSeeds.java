package dev.metering.store.model;

import dev.metering.store.StoreFixture;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.stream.Collectors;
import java.util.stream.LongStream;
import org.opentest4j.AssertionFailedError;

/**
 * Runs seeds of the model-based test ({@link ModelBasedTest}, {@link ModelBasedMoreSeedsTest}):
 * each seed a sequence of steps on a table of its own, checked step by step against the model. A
 * failing sequence is shrunk by leaving steps out, and printed with its seed.
 */
final class ModelSeeds {

    private static final int ACCOUNTS = 3;
    private static final int STEPS = 50;
    /** The fixed seeds, in two halves that the store module's two test JVMs run side by side. */
    static final long[] FIRST = LongStream.rangeClosed(1, 20).toArray();
    static final long[] SECOND = LongStream.rangeClosed(21, 40).toArray();
    /** Seeds that once found a bug stay here. */
    static final long[] KEPT = {
        // A reset months late after plan changes: the compacted history had lost the terms of a cycle it opened.
        -4494844942726090620L,
    };
    private static final Duration SHRINK_BUDGET = Duration.ofMinutes(4);

    private ModelSeeds() {}

    /** Seeds the environment asks for ({@code METERING_MODEL_FRESH_SEEDS}, default 4), new on every run. */
    static long[] fresh() {
        int fresh = Integer.parseInt(System.getenv().getOrDefault("METERING_MODEL_FRESH_SEEDS", "4"));
        return new Random().longs(fresh).toArray();
    }

    static void runAll(long[] seeds, String kind) {
        long started = System.nanoTime();
        int steps = 0;
        for (long seed : seeds) {
            List<Step> sequence = Step.draw(seed, ACCOUNTS, STEPS);
            Failure failure = runSequence(seed, sequence);
            if (failure != null) {
                List<Step> shrunk = shrink(seed, sequence);
                throw new AssertionFailedError("model-based run, seed " + seed + " (" + kind + "), failed at step " + failure.step
                        + ": " + failure.error.getMessage() + "\nshrunk to " + shrunk.size() + " steps:\n"
                        + shrunk.stream().map(String::valueOf).collect(Collectors.joining("\n  ", "  ", "")), failure.error);
            }
            steps += sequence.size();
        }
        System.out.printf("model-based (%s seeds): %d sequences, %d steps checked against the model in %d s%n",
                kind, seeds.length, steps, (System.nanoTime() - started) / 1_000_000_000L);
        System.out.printf("model-based (%s seeds), what the runs exercised so far: %s%n", kind, ModelRun.EXERCISED);
    }

    private record Failure(int step, Throwable error) {}

    private static Failure runSequence(long seed, List<Step> sequence) {
        MutableClock clock = new MutableClock(ModelRun.START);
        StoreFixture fixture = new StoreFixture("model", clock);
        try {
            ModelRun run;
            try {
                run = new ModelRun(fixture, clock, seed, ACCOUNTS);
            } catch (AssertionError | RuntimeException e) {
                return new Failure(0, e);
            }
            for (Step step : sequence) {
                try {
                    run.run(step);
                } catch (AssertionError | RuntimeException e) {
                    return new Failure(run.steps, e);
                }
            }
            return null;
        } finally {
            fixture.drop();
        }
    }

    /** Leaves out one step at a time, from the end, keeping each removal after which the sequence still fails. */
    private static List<Step> shrink(long seed, List<Step> sequence) {
        long deadline = System.nanoTime() + SHRINK_BUDGET.toNanos();
        List<Step> current = new ArrayList<>(sequence);
        Failure first = runSequence(seed, current);
        if (first != null) {
            current = new ArrayList<>(current.subList(0, first.step));
        }
        for (int i = current.size() - 1; i >= 0 && System.nanoTime() < deadline; i--) {
            List<Step> without = new ArrayList<>(current);
            without.remove(i);
            if (runSequence(seed, without) != null) {
                current = without;
            }
        }
        return current;
    }
}
