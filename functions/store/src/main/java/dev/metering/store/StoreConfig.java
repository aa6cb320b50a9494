package dev.metering.store;

import java.time.Duration;
import java.util.Objects;

/**
 * Where and how the store writes.
 *
 * @param maxAttempts attempts of one transaction before its events are handed back for redelivery
 * @param backoffBase first backoff after a conflict; doubles each attempt, with full jitter
 * @param backoffCap longest single backoff
 */
public record StoreConfig(String tableName, int maxAttempts, Duration backoffBase, Duration backoffCap) {

    public static final String TABLE_ENV = "METERING_TABLE";

    public StoreConfig {
        Objects.requireNonNull(tableName, "tableName");
        if (tableName.isBlank()) {
            throw new IllegalArgumentException(TABLE_ENV + " is not set: the store needs the table name");
        }
        if (maxAttempts < 1) {
            throw new IllegalArgumentException("maxAttempts must be at least 1");
        }
    }

    public static StoreConfig defaults(String tableName) {
        return new StoreConfig(tableName, 12, Duration.ofMillis(10), Duration.ofMillis(800));
    }
}
