package dev.metering.store.item;

import dev.metering.core.money.Money;
import java.time.Instant;
import java.util.Map;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/** Reading and writing attribute values; money is stored as whole nano-dollars in a number. */
public final class Attrs {

    private Attrs() {}

    public static AttributeValue s(String value) {
        return AttributeValue.fromS(value);
    }

    public static AttributeValue n(long value) {
        return AttributeValue.fromN(Long.toString(value));
    }

    public static AttributeValue money(Money value) {
        return n(value.nanos());
    }

    public static AttributeValue bool(boolean value) {
        return AttributeValue.fromBool(value);
    }

    public static AttributeValue instant(Instant value) {
        return s(value.toString());
    }

    public static String str(Map<String, AttributeValue> item, String name) {
        AttributeValue v = item.get(name);
        return v == null || v.s() == null ? null : v.s();
    }

    public static long num(Map<String, AttributeValue> item, String name) {
        AttributeValue v = item.get(name);
        if (v == null || v.n() == null) {
            throw new IllegalStateException("item " + item.get(Keys.PK) + "/" + item.get(Keys.SK) + " lacks number " + name);
        }
        return Long.parseLong(v.n());
    }

    public static Money money(Map<String, AttributeValue> item, String name) {
        return Money.ofNanos(num(item, name));
    }

    public static Money moneyOrNull(Map<String, AttributeValue> item, String name) {
        AttributeValue v = item.get(name);
        return v == null || v.n() == null ? null : Money.ofNanos(Long.parseLong(v.n()));
    }

    public static boolean flag(Map<String, AttributeValue> item, String name) {
        AttributeValue v = item.get(name);
        return v != null && Boolean.TRUE.equals(v.bool());
    }

    public static Instant instantOrNull(Map<String, AttributeValue> item, String name) {
        String text = str(item, name);
        return text == null ? null : Instant.parse(text);
    }
}
