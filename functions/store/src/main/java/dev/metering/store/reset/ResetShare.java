package dev.metering.store.reset;

import java.util.ArrayList;
import java.util.List;

/**
 * The part of the due index one closer takes: every shard {@code s} with {@code s % closers == closer}.
 * Closers of one run never share a shard; two closers given the same share (a task delivered twice)
 * race safely, since each close is conditional and a closed cycle is found closed.
 */
public record ResetShare(int closer, int closers) {

    public static final ResetShare ALL = new ResetShare(0, 1);

    public ResetShare {
        if (closers < 1 || closer < 0 || closer >= closers) {
            throw new IllegalArgumentException("closer " + closer + " of " + closers + ": want 0 <= closer < closers");
        }
    }

    public List<Integer> shards(int shardCount) {
        if (closers > shardCount) {
            throw new IllegalArgumentException(closers + " closers for " + shardCount + " shards: some would have nothing to close");
        }
        List<Integer> mine = new ArrayList<>();
        for (int s = closer; s < shardCount; s += closers) {
            mine.add(s);
        }
        return mine;
    }

    @Override
    public String toString() {
        return "closer " + closer + " of " + closers;
    }
}
