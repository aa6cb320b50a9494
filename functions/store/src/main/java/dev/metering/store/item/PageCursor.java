package dev.metering.store.item;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * Where a listing goes on, as an opaque string: the last key of a page (every key attribute of this
 * table is a string), so that no DynamoDB type leaves the store. It is not signed: an API that
 * hands cursors to callers signs them itself.
 */
public final class PageCursor {

    private static final Set<String> KEY_NAMES = Set.of(Keys.PK, Keys.SK, Keys.GSI1PK, Keys.GSI1SK, Keys.GSI2PK, Keys.GSI2SK);
    private static final char SEPARATOR = '\u0000';

    private PageCursor() {}

    /** @return null when there is no further page */
    public static String encode(Map<String, AttributeValue> lastKey) {
        if (lastKey == null || lastKey.isEmpty()) {
            return null;
        }
        StringBuilder text = new StringBuilder();
        new TreeMap<>(lastKey).forEach((name, value) -> {
            if (value.s() == null) {
                throw new IllegalStateException("key attribute " + name + " is not a string");
            }
            text.append(name).append(SEPARATOR).append(value.s()).append(SEPARATOR);
        });
        return Base64.getUrlEncoder().withoutPadding().encodeToString(text.toString().getBytes(StandardCharsets.UTF_8));
    }

    /**
     * @return null for no cursor (the first page)
     * @throws IllegalArgumentException for text this class did not write
     */
    public static Map<String, AttributeValue> decode(String cursor) {
        if (cursor == null || cursor.isEmpty()) {
            return null;
        }
        String text = new String(Base64.getUrlDecoder().decode(cursor), StandardCharsets.UTF_8);
        String[] parts = text.split(String.valueOf(SEPARATOR), -1);
        if (parts.length < 3 || parts.length % 2 != 1 || !parts[parts.length - 1].isEmpty()) {
            throw new IllegalArgumentException("not a page cursor");
        }
        Map<String, AttributeValue> key = new HashMap<>();
        for (int i = 0; i + 1 < parts.length; i += 2) {
            if (!KEY_NAMES.contains(parts[i])) {
                throw new IllegalArgumentException("not a page cursor: unknown key attribute");
            }
            key.put(parts[i], AttributeValue.fromS(parts[i + 1]));
        }
        return key;
    }
}
