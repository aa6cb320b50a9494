package dev.metering.store;

import java.util.concurrent.ThreadLocalRandom;

/** Exponential backoff with full jitter: concurrent losers of a conflict spread out instead of colliding again. */
public final class Backoff {

    private Backoff() {}

    private static long millisFor(StoreConfig config, int attempt) {
        long ceiling = Math.min(config.backoffCap().toMillis(), config.backoffBase().toMillis() << Math.min(attempt, 20));
        return ThreadLocalRandom.current().nextLong(ceiling + 1);
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
