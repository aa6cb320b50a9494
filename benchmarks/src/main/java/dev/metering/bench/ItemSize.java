package dev.metering.bench;

import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * An item's size as DynamoDB bills it: each attribute's name in UTF-8 bytes plus its value
 * (strings in UTF-8 bytes, numbers about one byte per two significant digits plus one, booleans
 * and nulls one byte, maps and lists their contents plus three bytes and one per element).
 */
final class ItemSize {

    private ItemSize() {}

    static int of(Map<String, AttributeValue> item) {
        int size = 0;
        for (Map.Entry<String, AttributeValue> e : item.entrySet()) {
            size += utf8(e.getKey()) + value(e.getValue());
        }
        return size;
    }

    private static int value(AttributeValue v) {
        if (v.s() != null) {
            return utf8(v.s());
        }
        if (v.n() != null) {
            String digits = new BigDecimal(v.n()).unscaledValue().abs().toString().replaceAll("0+$", "");
            return (Math.max(1, digits.length()) + 1) / 2 + 1;
        }
        if (v.bool() != null || Boolean.TRUE.equals(v.nul())) {
            return 1;
        }
        if (v.hasM()) {
            return 3 + v.m().size() + of(v.m());
        }
        if (v.hasL()) {
            return 3 + v.l().size() + v.l().stream().mapToInt(ItemSize::value).sum();
        }
        throw new IllegalArgumentException("no size rule for " + v);
    }

    private static int utf8(String s) {
        return s.getBytes(StandardCharsets.UTF_8).length;
    }

    /** Write capacity units for one write of an item this size (1 KB each, rounded up). */
    static int writeUnits(int bytes) {
        return Math.max(1, (bytes + 1023) / 1024);
    }
}
