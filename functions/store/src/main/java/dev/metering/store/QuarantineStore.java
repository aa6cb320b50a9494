package dev.metering.store;

import static dev.metering.store.item.Attrs.s;

import dev.metering.store.item.Attrs;
import dev.metering.store.item.Keys;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * Keeps events that can never be applied, with their raw body and the reason, so that nothing is
 * dropped silently. The same body quarantined again (a redelivery) is counted on the same item.
 */
public final class QuarantineStore {

    /** How much of a raw body is kept, in bytes of UTF-8; a longer body is kept in part, with its full length and hash. */
    public static final int MAX_RAW_BYTES = 64 * 1024;

    private final DynamoDbClient dynamo;
    private final StoreConfig config;

    public QuarantineStore(DynamoDbClient dynamo, StoreConfig config) {
        this.dynamo = dynamo;
        this.config = config;
    }

    /** @return the id (SHA-256 of the raw body) under which the event is kept */
    public String quarantine(String raw, String reason, String eventId, String accountId, Instant now) {
        String body = raw == null ? "" : raw;
        String id = sha256(body);
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        String kept = prefix(body, MAX_RAW_BYTES);
        boolean truncated = kept.length() < body.length();
        Map<String, AttributeValue> values = new java.util.HashMap<>();
        values.put(":raw", s(kept));
        values.put(":truncated", Attrs.bool(truncated));
        values.put(":bytes", Attrs.n(bytes.length));
        values.put(":reason", s(reason));
        values.put(":now", Attrs.instant(now));
        values.put(":one", Attrs.n(1));
        values.put(":gpk", s(Keys.QUARANTINE));
        values.put(":gsk", s(Keys.time(now) + "#" + id));
        values.put(":type", s("QUARANTINE"));
        values.put(":id", s(id));
        // Every name goes through a placeholder: several (raw, reason, ...) are DynamoDB reserved words.
        StringBuilder set = new StringBuilder("SET #type = :type, #id = :id, #raw = if_not_exists(#raw, :raw), #truncated = :truncated, #bytes = :bytes, "
                + "#reason = :reason, #firstSeen = if_not_exists(#firstSeen, :now), #lastSeen = :now, "
                + "#gpk = :gpk, #gsk = if_not_exists(#gsk, :gsk)");
        Map<String, String> names = new java.util.HashMap<>(Map.of("#type", "type", "#id", "quarantineId", "#raw", "raw",
                "#truncated", "truncated", "#reason", "reason", "#firstSeen", "firstSeen", "#lastSeen", "lastSeen",
                "#gpk", Keys.GSI1PK, "#gsk", Keys.GSI1SK, "#count", "seenCount"));
        names.put("#bytes", "rawBytes");
        if (eventId != null) {
            values.put(":eventId", s(eventId));
            set.append(", #eventId = :eventId");
            names.put("#eventId", "eventId");
        }
        if (accountId != null) {
            values.put(":accountId", s(accountId));
            set.append(", #accountId = :accountId");
            names.put("#accountId", "accountId");
        }
        dynamo.updateItem(b -> b.tableName(config.tableName())
                .key(Map.of(Keys.PK, s(Keys.quarantine(id)), Keys.SK, s(Keys.QUARANTINE)))
                .updateExpression(set + " ADD #count :one")
                .expressionAttributeNames(names)
                .expressionAttributeValues(values));
        return id;
    }

    /** A quarantined event as kept. */
    public record Quarantined(String id, String raw, boolean truncated, String reason, String eventId, String accountId,
                              Instant firstSeen, Instant lastSeen, long seenCount) {}

    /** Quarantined events first seen at or after {@code since}, oldest first, at most {@code limit}. */
    public List<Quarantined> since(Instant since, int limit) {
        List<Quarantined> found = new ArrayList<>();
        dynamo.queryPaginator(b -> b.tableName(config.tableName()).indexName(Keys.GSI1)
                        .keyConditionExpression("gsi1pk = :pk AND gsi1sk >= :since")
                        .expressionAttributeValues(Map.of(":pk", s(Keys.QUARANTINE), ":since", s(Keys.time(since)))))
                .items().stream().limit(limit).forEach(item -> found.add(fromItem(item)));
        return found;
    }

    /** One page of {@link #since}, continuing after {@code startKey} (null: from the start). */
    public MeteringStore.Page<Quarantined> page(Instant since, int limit, Map<String, AttributeValue> startKey) {
        var response = dynamo.query(b -> {
            b.tableName(config.tableName()).indexName(Keys.GSI1).limit(limit)
                    .keyConditionExpression("gsi1pk = :pk AND gsi1sk >= :since")
                    .expressionAttributeValues(Map.of(":pk", s(Keys.QUARANTINE), ":since", s(Keys.time(since))));
            if (startKey != null) {
                b.exclusiveStartKey(startKey);
            }
        });
        List<Quarantined> found = new ArrayList<>();
        response.items().forEach(item -> found.add(fromItem(item)));
        return new MeteringStore.Page<>(found, response.hasLastEvaluatedKey() && !response.lastEvaluatedKey().isEmpty()
                ? response.lastEvaluatedKey() : null);
    }

    private static Quarantined fromItem(Map<String, AttributeValue> item) {
        return new Quarantined(Attrs.str(item, "quarantineId"), Attrs.str(item, "raw"), Attrs.flag(item, "truncated"),
                Attrs.str(item, "reason"), Attrs.str(item, "eventId"), Attrs.str(item, "accountId"),
                Attrs.instantOrNull(item, "firstSeen"), Attrs.instantOrNull(item, "lastSeen"), Attrs.num(item, "seenCount"));
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
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(body.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
