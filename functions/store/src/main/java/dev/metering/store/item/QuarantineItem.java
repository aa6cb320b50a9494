package dev.metering.store.item;

import static software.amazon.awssdk.enhanced.dynamodb.mapper.StaticAttributeTags.primaryPartitionKey;
import static software.amazon.awssdk.enhanced.dynamodb.mapper.StaticAttributeTags.primarySortKey;
import static software.amazon.awssdk.enhanced.dynamodb.mapper.StaticAttributeTags.secondaryPartitionKey;
import static software.amazon.awssdk.enhanced.dynamodb.mapper.StaticAttributeTags.secondarySortKey;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import software.amazon.awssdk.enhanced.dynamodb.TableSchema;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * A quarantined raw event, keyed by the SHA-256 of its body; listed since an instant through
 * {@code gsi1}, under one key while it is held and another once a replay resolved it. Written by
 * atomic updates (see {@code QuarantineStore}), read through this schema.
 */
public final class QuarantineItem {

    public static final String TYPE = "QUARANTINE";
    /** Attribute names the store's atomic update writes, named once beside the schema that reads them. */
    public static final String ID = "quarantineId";
    public static final String RAW = "raw";
    public static final String TRUNCATED = "truncated";
    public static final String RAW_BYTES = "rawBytes";
    public static final String REASON = "reason";
    public static final String EVENT_ID = "eventId";
    public static final String ACCOUNT_ID = "accountId";
    public static final String FIRST_SEEN = "firstSeen";
    public static final String LAST_SEEN = "lastSeen";
    public static final String SEEN_COUNT = "seenCount";
    public static final String RESOLVED_AT = "resolvedAt";
    public static final String RESOLVED_BY = "resolvedBy";
    public static final String RESOLUTION = "resolution";
    public static final String REPLAYED_AT = "replayedAt";

    String pk;
    String sk;
    String type;
    String quarantineId;
    String raw;
    Boolean truncated;
    Long rawBytes;
    String reason;
    String eventId;
    String accountId;
    Instant firstSeen;
    Instant lastSeen;
    Long seenCount;
    Instant resolvedAt;
    String resolvedBy;
    String resolution;
    Instant replayedAt;
    String gsi1pk;
    String gsi1sk;

    public static final TableSchema<QuarantineItem> SCHEMA = ItemSchema.of(QuarantineItem.class, QuarantineItem::new)
            .attr(String.class, Keys.PK, primaryPartitionKey())
            .attr(String.class, Keys.SK, primarySortKey())
            .attr(String.class, "type")
            .attr(String.class, ID, "quarantineId")
            .attr(String.class, RAW, "raw")
            .attr(Boolean.class, TRUNCATED, "truncated")
            .attr(Long.class, RAW_BYTES, "rawBytes")
            .attr(String.class, REASON, "reason")
            .attr(String.class, EVENT_ID, "eventId")
            .attr(String.class, ACCOUNT_ID, "accountId")
            .attr(Instant.class, FIRST_SEEN, "firstSeen")
            .attr(Instant.class, LAST_SEEN, "lastSeen")
            .attr(Long.class, SEEN_COUNT, "seenCount")
            .attr(Instant.class, RESOLVED_AT, "resolvedAt")
            .attr(String.class, RESOLVED_BY, "resolvedBy")
            .attr(String.class, RESOLUTION, "resolution")
            .attr(Instant.class, REPLAYED_AT, "replayedAt")
            .attr(String.class, Keys.GSI1PK, secondaryPartitionKey(Keys.GSI1))
            .attr(String.class, Keys.GSI1SK, secondarySortKey(Keys.GSI1))
            .build();

    /** Where a listing of the quarantine goes on after this item. */
    public Map<String, AttributeValue> indexKey() {
        return SCHEMA.itemToMap(this, List.of(Keys.PK, Keys.SK, Keys.GSI1PK, Keys.GSI1SK));
    }

    public String quarantineId() {
        return quarantineId;
    }

    public String raw() {
        return raw;
    }

    public boolean truncated() {
        return Boolean.TRUE.equals(truncated);
    }

    public long rawBytes() {
        return rawBytes == null ? 0 : rawBytes;
    }

    public String reason() {
        return reason;
    }

    public String eventId() {
        return eventId;
    }

    public String accountId() {
        return accountId;
    }

    public Instant firstSeen() {
        return firstSeen;
    }

    public Instant lastSeen() {
        return lastSeen;
    }

    public long seenCount() {
        return seenCount == null ? 0 : seenCount;
    }

    /** When a replay applied the body or found it recorded; null while it is held. */
    public Instant resolvedAt() {
        return resolvedAt;
    }

    public String resolvedBy() {
        return resolvedBy;
    }

    /** APPLIED or DUPLICATE, once resolved. */
    public String resolution() {
        return resolution;
    }

    /** When a replay last tried the body and left it held. */
    public Instant replayedAt() {
        return replayedAt;
    }
}
