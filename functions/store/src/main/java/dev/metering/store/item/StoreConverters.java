package dev.metering.store.item;

import dev.metering.core.money.Money;
import java.time.Instant;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import software.amazon.awssdk.enhanced.dynamodb.AttributeConverter;
import software.amazon.awssdk.enhanced.dynamodb.AttributeConverterProvider;
import software.amazon.awssdk.enhanced.dynamodb.AttributeValueType;
import software.amazon.awssdk.enhanced.dynamodb.EnhancedType;
import software.amazon.awssdk.enhanced.dynamodb.TableSchema;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * How every value of the table is stored, in one place: money as whole nano-dollars in a number
 * (exact, and summable by an {@code ADD}), instants as ISO-8601 strings as {@link Instant#toString()}
 * writes them, zones and enum constants by name, strings, whole numbers and flags as themselves.
 * The SDK's default provider is not used: it builds some sixty converters at start-up for types no
 * item has, and a type without a converter here should fail when its schema is built.
 */
public final class StoreConverters implements AttributeConverterProvider {

    public static final StoreConverters INSTANCE = new StoreConverters();

    private StoreConverters() {}

    @Override
    @SuppressWarnings({"unchecked", "rawtypes"})
    public <T> AttributeConverter<T> converterFor(EnhancedType<T> type) {
        Class<T> raw = type.rawClass();
        if (raw == String.class) {
            return (AttributeConverter<T>) STRING;
        }
        if (raw == Long.class) {
            return (AttributeConverter<T>) LONG;
        }
        if (raw == Boolean.class) {
            return (AttributeConverter<T>) BOOLEAN;
        }
        if (raw == Money.class) {
            return (AttributeConverter<T>) MONEY;
        }
        if (raw == Instant.class) {
            return (AttributeConverter<T>) INSTANT;
        }
        if (raw == ZoneId.class) {
            return (AttributeConverter<T>) ZONE;
        }
        if (raw.isEnum()) {
            return (AttributeConverter<T>) enumeration((Class) raw);
        }
        throw new IllegalStateException("no stored form for " + type);
    }

    static final AttributeConverter<String> STRING = converter(EnhancedType.of(String.class), AttributeValueType.S,
            AttributeValue::fromS, AttributeValue::s);

    static final AttributeConverter<Long> LONG = converter(EnhancedType.of(Long.class), AttributeValueType.N,
            number -> AttributeValue.fromN(Long.toString(number)), stored -> Long.parseLong(stored.n()));

    static final AttributeConverter<Boolean> BOOLEAN = converter(EnhancedType.of(Boolean.class), AttributeValueType.BOOL,
            AttributeValue::fromBool, AttributeValue::bool);

    private static <E extends Enum<E>> AttributeConverter<E> enumeration(Class<E> type) {
        return converter(EnhancedType.of(type), AttributeValueType.S, constant -> AttributeValue.fromS(constant.name()),
                stored -> Enum.valueOf(type, stored.s()));
    }

    /** A list of nested documents, each a map of {@code schema}'s attributes without its null ones. */
    static <R> AttributeConverter<List<R>> documents(Class<R> type, TableSchema<R> schema) {
        return converter(EnhancedType.listOf(EnhancedType.documentOf(type, schema)), AttributeValueType.L,
                items -> {
                    List<AttributeValue> stored = new ArrayList<>(items.size());
                    items.forEach(item -> stored.add(AttributeValue.fromM(schema.itemToMap(item, true))));
                    return AttributeValue.fromL(stored);
                },
                stored -> {
                    List<R> items = new ArrayList<>();
                    if (stored.hasL()) {
                        stored.l().forEach(value -> items.add(schema.mapToItem(value.m())));
                    }
                    return items;
                });
    }

    static final AttributeConverter<Money> MONEY = converter(EnhancedType.of(Money.class), AttributeValueType.N,
            money -> AttributeValue.fromN(Long.toString(money.nanos())), stored -> Money.ofNanos(Long.parseLong(stored.n())));

    static final AttributeConverter<Instant> INSTANT = converter(EnhancedType.of(Instant.class), AttributeValueType.S,
            instant -> AttributeValue.fromS(instant.toString()), stored -> Instant.parse(stored.s()));

    static final AttributeConverter<ZoneId> ZONE = converter(EnhancedType.of(ZoneId.class), AttributeValueType.S,
            zone -> AttributeValue.fromS(zone.getId()), stored -> ZoneId.of(stored.s()));

    /** Amounts by name (extra usage by model): a map of numbers, each whole nano-dollars. */
    static final AttributeConverter<Map<String, Money>> MONEY_BY_NAME = converter(EnhancedType.mapOf(String.class, Money.class),
            AttributeValueType.M,
            amounts -> {
                Map<String, AttributeValue> stored = new HashMap<>();
                amounts.forEach((name, amount) -> stored.put(name, MONEY.transformFrom(amount)));
                return AttributeValue.fromM(stored);
            },
            stored -> {
                Map<String, Money> amounts = new HashMap<>();
                if (stored.hasM()) {
                    stored.m().forEach((name, amount) -> amounts.put(name, MONEY.transformTo(amount)));
                }
                return amounts;
            });

    /** Text by name (an event's tags): a map of strings, read as an unmodifiable map. */
    static final AttributeConverter<Map<String, String>> TEXT_BY_NAME = converter(EnhancedType.mapOf(String.class, String.class),
            AttributeValueType.M,
            texts -> {
                Map<String, AttributeValue> stored = new HashMap<>();
                texts.forEach((name, text) -> stored.put(name, AttributeValue.fromS(text)));
                return AttributeValue.fromM(stored);
            },
            stored -> {
                Map<String, String> texts = new HashMap<>();
                if (stored.hasM()) {
                    stored.m().forEach((name, text) -> texts.put(name, text.s()));
                }
                return Map.copyOf(texts);
            });

    /**
     * As {@code inner}, each direction remembered ({@link Memo}), for immutable values that recur
     * unchanged from one write or read to the next (at most {@code capacity} of each).
     */
    static <T> AttributeConverter<T> remembered(AttributeConverter<T> inner, int capacity) {
        return converter(inner.type(), inner.attributeValueType(), new Memo<>(inner::transformFrom, capacity),
                new Memo<>(inner::transformTo, capacity));
    }

    static <T> AttributeConverter<T> converter(EnhancedType<T> type, AttributeValueType storedAs,
                                                       Function<T, AttributeValue> write, Function<AttributeValue, T> read) {
        return new AttributeConverter<>() {
            @Override
            public AttributeValue transformFrom(T input) {
                return write.apply(input);
            }

            @Override
            public T transformTo(AttributeValue input) {
                return read.apply(input);
            }

            @Override
            public EnhancedType<T> type() {
                return type;
            }

            @Override
            public AttributeValueType attributeValueType() {
                return storedAs;
            }
        };
    }
}
