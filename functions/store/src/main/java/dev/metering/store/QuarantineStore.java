package dev.metering.store;

import dev.metering.core.data.Sha256;
import dev.metering.core.id.Identifier;
import dev.metering.store.item.Keys;
import dev.metering.store.item.MeteringTable;
import dev.metering.store.item.PageCursor;
import dev.metering.store.item.QuarantineItem;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.ToLongFunction;
import software.amazon.awssdk.enhanced.dynamodb.model.QueryConditional;
import software.amazon.awssdk.enhanced.dynamodb.model.QueryEnhancedRequest;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.ConditionalCheckFailedException;

/**
 * Keeps events that can never be applied, with their raw body and the reason, so that nothing is
 * dropped silently. The same body quarantined again (a redelivery) is counted on the same item.
 */
public final class QuarantineStore {

    /** How much of a raw body is kept, in bytes of UTF-8; a longer body is kept in part, with its full length and hash. */
    public static final int MAX_RAW_BYTES = 64 * 1024;

    private final DynamoDbClient dynamo;
    private final StoreConfig config;
    private final MeteringTable table;

    public QuarantineStore(DynamoDbClient dynamo, StoreConfig config) {
        this.dynamo = dynamo;
        this.config = config;
        this.table = new MeteringTable(dynamo, config.tableName());
    }

    /**
     * Keeps the body, or counts it again. An atomic update, which the enhanced client cannot state
     * (it writes whole items): the first sighting's body, time and index position stay
     * ({@code if_not_exists}) and the count goes up by one ({@code ADD}), however many deliveries race.
     *
     * @param rawEventId and {@code rawAccountId}: as the event carried them (null: none), kept at most
     *     {@link Identifier#MAX_KEPT} characters long
     * @return the id (SHA-256 of the raw body) under which the event is kept
     */
    public String quarantine(String raw, String reason, String rawEventId, String rawAccountId, Instant now) {
        String body = raw == null ? "" : raw;
        // Ids of a bad event may be of any length: kept clipped, with the whole one's hash.
        String eventId = Identifier.clipped(rawEventId);
        String accountId = Identifier.clipped(rawAccountId);
        String id = sha256(body);
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        String kept = prefix(body, MAX_RAW_BYTES);
        boolean truncated = kept.length() < body.length();
        Map<String, AttributeValue> values = new HashMap<>();
        values.put(":raw", AttributeValue.fromS(kept));
        values.put(":truncated", AttributeValue.fromBool(truncated));
        values.put(":bytes", AttributeValue.fromN(Integer.toString(bytes.length)));
        values.put(":reason", AttributeValue.fromS(reason));
        values.put(":now", AttributeValue.fromS(now.toString()));
        values.put(":one", AttributeValue.fromN("1"));
        values.put(":gpk", AttributeValue.fromS(Keys.QUARANTINE));
        values.put(":gsk", AttributeValue.fromS(Keys.time(now) + "#" + id));
        values.put(":type", AttributeValue.fromS(QuarantineItem.TYPE));
        values.put(":id", AttributeValue.fromS(id));
        // Every name goes through a placeholder: several (raw, reason, ...) are DynamoDB reserved words.
        StringBuilder set = new StringBuilder("SET #type = :type, #id = :id, #raw = if_not_exists(#raw, :raw), #truncated = :truncated, #bytes = :bytes, "
                + "#reason = :reason, #firstSeen = if_not_exists(#firstSeen, :now), #lastSeen = :now, "
                + "#gpk = :gpk, #gsk = if_not_exists(#gsk, :gsk)");
        Map<String, String> names = new HashMap<>(Map.of("#type", "type", "#id", QuarantineItem.ID, "#raw", QuarantineItem.RAW,
                "#truncated", QuarantineItem.TRUNCATED, "#reason", QuarantineItem.REASON, "#firstSeen", QuarantineItem.FIRST_SEEN,
                "#lastSeen", QuarantineItem.LAST_SEEN, "#gpk", Keys.GSI1PK, "#gsk", Keys.GSI1SK, "#count", QuarantineItem.SEEN_COUNT));
        names.put("#bytes", QuarantineItem.RAW_BYTES);
        if (eventId != null) {
            values.put(":eventId", AttributeValue.fromS(eventId));
            set.append(", #eventId = :eventId");
            names.put("#eventId", QuarantineItem.EVENT_ID);
        }
        if (accountId != null) {
            values.put(":accountId", AttributeValue.fromS(accountId));
            set.append(", #accountId = :accountId");
            names.put("#accountId", QuarantineItem.ACCOUNT_ID);
        }
        dynamo.updateItem(b -> b.tableName(config.tableName())
                .key(Map.of(Keys.PK, AttributeValue.fromS(Keys.quarantine(id)), Keys.SK, AttributeValue.fromS(Keys.QUARANTINE)))
                .updateExpression(set + " ADD #count :one")
                .expressionAttributeNames(names)
                .expressionAttributeValues(values));
        return id;
    }

    /** A quarantined event as kept; {@code resolvedAt}, {@code resolvedBy} and {@code resolution} once a replay resolved it. */
    public record Quarantined(String id, String raw, boolean truncated, String reason, String eventId, String accountId,
                              Instant firstSeen, Instant lastSeen, long seenCount, Instant resolvedAt, String resolvedBy, String resolution) {}

    /** Held (unresolved) events first seen at or after {@code since}, oldest first, at most {@code limit}. */
    public List<Quarantined> since(Instant since, int limit) {
        List<Quarantined> found = new ArrayList<>();
        table.quarantineIndex().query(firstSeen(Keys.QUARANTINE, since, null).build()).stream()
                .flatMap(page -> page.items().stream()).limit(limit).forEach(item -> found.add(of(item)));
        return found;
    }

    /**
     * A replay tried the body again and it is still held: its reason becomes the new one (the rules,
     * or the book, may have changed), and the time of the replay is kept; its sightings are not counted.
     *
     * @return the id under which it is kept
     */
    public String stillHeld(String raw, String reason, Instant now) {
        String id = sha256(raw == null ? "" : raw);
        dynamo.updateItem(b -> b.tableName(config.tableName())
                .key(key(id))
                .updateExpression("SET #reason = :reason, #replayedAt = :now")
                .conditionExpression("attribute_exists(#pk)")
                .expressionAttributeNames(Map.of("#reason", QuarantineItem.REASON, "#replayedAt", QuarantineItem.REPLAYED_AT, "#pk", Keys.PK))
                .expressionAttributeValues(Map.of(":reason", AttributeValue.fromS(reason), ":now", AttributeValue.fromS(now.toString()))));
        return id;
    }

    /**
     * A replay applied the body, or found it already recorded: it moves to the resolved listing's
     * index key (so the held listing keeps only what is still held), with when, by whom and how.
     * Resolving twice changes nothing the second time.
     */
    public void resolve(String id, String resolution, Instant at, String by) {
        try {
            dynamo.updateItem(b -> b.tableName(config.tableName())
                    .key(key(id))
                    .updateExpression("SET #gpk = :resolved, #resolvedAt = :at, #resolvedBy = :by, #resolution = :resolution")
                    .conditionExpression("#gpk = :held")
                    .expressionAttributeNames(Map.of("#gpk", Keys.GSI1PK, "#resolvedAt", QuarantineItem.RESOLVED_AT,
                            "#resolvedBy", QuarantineItem.RESOLVED_BY, "#resolution", QuarantineItem.RESOLUTION))
                    .expressionAttributeValues(Map.of(":resolved", AttributeValue.fromS(Keys.QUARANTINE_RESOLVED),
                            ":held", AttributeValue.fromS(Keys.QUARANTINE), ":at", AttributeValue.fromS(at.toString()),
                            ":by", AttributeValue.fromS(by), ":resolution", AttributeValue.fromS(resolution))));
        } catch (ConditionalCheckFailedException e) {
            // Resolved already (by a replay running beside this one): it stays as that one left it.
        }
    }

    /** One held event of a replay's window, and where a listing goes on after it. */
    public record Listed(Quarantined event, String cursorAfter) {}

    /**
     * Held events first seen in {@code [since, until]} (until null: no end), oldest first, from
     * {@code cursor}: at most {@code limit}, in queries the engine stops at 1 MB each.
     */
    public List<Listed> held(Instant since, Instant until, int limit, String cursor) {
        List<Listed> found = new ArrayList<>();
        Map<String, AttributeValue> start = PageCursor.decode(cursor);
        while (found.size() < limit) {
            var page = table.quarantineIndex().query(firstSeen(Keys.QUARANTINE, since, until).limit(limit - found.size())
                    .exclusiveStartKey(start).build()).iterator().next();
            for (QuarantineItem item : page.items()) {
                found.add(new Listed(of(item), PageCursor.encode(item.indexKey())));
            }
            start = page.lastEvaluatedKey();
            if (start == null || start.isEmpty()) {
                break;
            }
        }
        return found;
    }

    /**
     * One page of {@link #since}, cut by size as well as by count: it holds at most {@code maxBytes}
     * of what {@code sizeOf} measures (the caller's answer for each), but always the first event, so
     * a listing always moves on; the cursor goes on after the last event the page holds. One query,
     * which the engine stops at 1 MB, so a page reads at most that whatever the bodies.
     *
     * @param cursor where the previous page stopped (null: from the start)
     * @throws IllegalArgumentException for a cursor that no page of this store gave
     */
    public MeteringStore.Page<Quarantined> page(Instant since, int limit, String cursor, long maxBytes, ToLongFunction<Quarantined> sizeOf) {
        return page(since, false, limit, cursor, maxBytes, sizeOf);
    }

    /** {@link #page}, of the held events or of those a replay resolved. */
    public MeteringStore.Page<Quarantined> page(Instant since, boolean resolved, int limit, String cursor, long maxBytes,
                                                ToLongFunction<Quarantined> sizeOf) {
        var page = table.quarantineIndex().query(firstSeen(resolved ? Keys.QUARANTINE_RESOLVED : Keys.QUARANTINE, since, null).limit(limit)
                .exclusiveStartKey(PageCursor.decode(cursor)).build()).iterator().next();
        List<Quarantined> found = new ArrayList<>();
        long bytes = 0;
        QuarantineItem lastHeld = null;
        for (QuarantineItem item : page.items()) {
            Quarantined event = of(item);
            long size = sizeOf.applyAsLong(event);
            if (!found.isEmpty() && bytes + size > maxBytes) {
                return new MeteringStore.Page<>(found, PageCursor.encode(lastHeld.indexKey()));
            }
            found.add(event);
            bytes += size;
            lastHeld = item;
        }
        return new MeteringStore.Page<>(found, PageCursor.encode(page.lastEvaluatedKey()));
    }

    private static QueryEnhancedRequest.Builder firstSeen(String listing, Instant since, Instant until) {
        QueryConditional window = until == null
                ? QueryConditional.sortGreaterThanOrEqualTo(k -> k.partitionValue(listing).sortValue(Keys.time(since)))
                // "$" sorts after the "#" that follows the time: every event of until's millisecond is in.
                : QueryConditional.sortBetween(k -> k.partitionValue(listing).sortValue(Keys.time(since)),
                        k -> k.partitionValue(listing).sortValue(Keys.time(until) + "$"));
        return QueryEnhancedRequest.builder().queryConditional(window);
    }

    private static Map<String, AttributeValue> key(String id) {
        return Map.of(Keys.PK, AttributeValue.fromS(Keys.quarantine(id)), Keys.SK, AttributeValue.fromS(Keys.QUARANTINE));
    }

    private static Quarantined of(QuarantineItem item) {
        return new Quarantined(item.quarantineId(), item.raw(), item.truncated(), item.reason(), item.eventId(),
                item.accountId(), item.firstSeen(), item.lastSeen(), item.seenCount(), item.resolvedAt(), item.resolvedBy(), item.resolution());
    }

    /** The longest prefix of {@code text} whose UTF-8 form fits in {@code maxBytes}, never splitting a character. */
    static String prefix(String text, int maxBytes) {
        int bytes = 0;
        int i = 0;
        while (i < text.length()) {
            int cp = text.codePointAt(i);
            int size = cp < 0x80 ? 1 : cp < 0x800 ? 2 : cp < 0x10000 ? 3 : 4;
            if (Character.isSurrogate(text.charAt(i)) && Character.charCount(cp) == 1) {
                size = 3; // a lone surrogate: counted at the most any encoder writes for it
            }
            if (bytes + size > maxBytes) {
                break;
            }
            bytes += size;
            i += Character.charCount(cp);
        }
        return text.substring(0, i);
    }

    static String sha256(String body) {
        return Sha256.hex(body);
    }
}
