package dev.metering.store;

import java.security.SecureRandom;
import java.util.Random;

/** Exponential backoff with full jitter: concurrent losers of a conflict spread out instead of colliding again. */
public final class Backoff {

    /**
     * The jitter's source, drawn again after a restore from a snapshot ({@link #reseed}): instances
     * restored from one snapshot would otherwise back off in step, which is what jitter is for.
     */
    private static volatile Random jitter = new Random(new SecureRandom().nextLong());

    private Backoff() {}

    /** A fresh seed for the jitter; called after a restore from a snapshot. */
    public static void reseed() {
        jitter = new Random(new SecureRandom().nextLong());
    }

    private static long millisFor(StoreConfig config, int attempt) {
        long ceiling = Math.min(config.backoffCap().toMillis(), config.backoffBase().toMillis() << Math.min(attempt, 20));
        return jitter.nextLong(ceiling + 1);
    }

    public static void sleep(StoreConfig config, int attempt) {
        try {
            Thread.sleep(millisFor(config, attempt));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while backing off", e);
        }
    }
}
