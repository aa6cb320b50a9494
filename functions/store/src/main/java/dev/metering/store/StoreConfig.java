package dev.metering.store;

import java.time.Duration;
import java.util.Objects;

/**
 * Where and how the store writes.
 *
 * @param maxAttempts attempts of one transaction before its events are handed back for redelivery
 * @param changeAttempts attempts of an account change (settings, an adjustment) before it gives up.
 *     More than {@code maxAttempts}: a change is a person's request with no redelivery behind it,
 *     and it is one writer against every debit of the account, each of which moves the cycle's
 *     version it conditions on. Its backoffs, at most 21 s in all at the defaults, stay within the
 *     pool API's 30 s.
 * @param backoffBase first backoff after a conflict; doubles each attempt, with full jitter
 * @param backoffCap longest single backoff
 * @param dueShards how many partitions the due index spreads open cycles over, and so how many
 *     closers the reset can run side by side. It may be raised at any time, never lowered: a cycle
 *     keeps the shard it was last written with until its next write, and the reset lists shards
 *     0 to dueShards - 1, which still include every shard of a smaller count.
 */
public record StoreConfig(String tableName, int maxAttempts, int changeAttempts, Duration backoffBase, Duration backoffCap,
                          int dueShards) {

    public static final String TABLE_ENV = "METERING_TABLE";
    public static final String DUE_SHARDS_ENV = "METERING_DUE_SHARDS";
    public static final int DEFAULT_DUE_SHARDS = 16;
    public static final int MAX_DUE_SHARDS = 1000;

    public StoreConfig {
        Objects.requireNonNull(tableName, "tableName");
        if (tableName.isBlank()) {
            throw new IllegalArgumentException(TABLE_ENV + " is not set: the store needs the table name");
        }
        if (maxAttempts < 1 || changeAttempts < 1) {
            throw new IllegalArgumentException("maxAttempts and changeAttempts must be at least 1");
        }
        if (dueShards < DEFAULT_DUE_SHARDS || dueShards > MAX_DUE_SHARDS) {
            throw new IllegalArgumentException(DUE_SHARDS_ENV + " must lie between " + DEFAULT_DUE_SHARDS + " and " + MAX_DUE_SHARDS
                    + " (it was " + dueShards + "); it may be raised, never lowered below the count cycles were written with");
        }
    }

    public static StoreConfig defaults(String tableName) {
        return new StoreConfig(tableName, 12, 32, Duration.ofMillis(10), Duration.ofMillis(800), DEFAULT_DUE_SHARDS);
    }

    public StoreConfig withDueShards(int shards) {
        return new StoreConfig(tableName, maxAttempts, changeAttempts, backoffBase, backoffCap, shards);
    }
}
