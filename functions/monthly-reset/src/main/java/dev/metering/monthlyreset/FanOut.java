package dev.metering.monthlyreset;

import dev.metering.store.reset.ResetShare;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * Whether a run is spread over closers, and how: with a shard queue configured, the scheduled run
 * only hands out one task per closer, and each closer runs in an invocation of its own, under its
 * own time budget; without one, the run closes everything itself.
 */
public class FanOut {

    private final ShardQueue queue;
    private final int closers;

    /** @param queue null: no fan-out */
    public FanOut(ShardQueue queue, int closers) {
        this.queue = queue;
        this.closers = closers;
    }

    public boolean enabled() {
        return queue != null;
    }

    public int closers() {
        return closers;
    }

    /** Hands out one task per closer. */
    public void dispatch(Instant asOf, boolean dryRun) {
        List<ShardTask> tasks = new ArrayList<>(closers);
        for (int closer = 0; closer < closers; closer++) {
            tasks.add(new ShardTask(asOf, dryRun, new ResetShare(closer, closers)));
        }
        queue.send(tasks);
    }

    /** A closer out of time hands the rest of its share to a fresh invocation. */
    public void handBack(ShardTask task) {
        queue.send(List.of(task));
    }
}
