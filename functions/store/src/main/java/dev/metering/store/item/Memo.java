package dev.metering.store.item;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;

/**
 * A pure conversion's results, remembered by their input (an immutable value): what every debit
 * transaction of an account converts again and again (its budgets' definitions, its events' tags)
 * is converted once. At most {@code capacity} results; past that it forgets them all at once,
 * which costs conversions again, never a wrong value.
 */
final class Memo<K, V> implements Function<K, V> {

    private final Map<K, V> results;
    private final Function<K, V> convert;
    private final int capacity;

    Memo(Function<K, V> convert, int capacity) {
        this(convert, capacity, new ConcurrentHashMap<>());
    }

    private Memo(Function<K, V> convert, int capacity, Map<K, V> results) {
        this.convert = convert;
        this.capacity = capacity;
        this.results = results;
    }

    /**
     * Remembered by the input's identity: for inputs whose hash would cost about what converting
     * them does (a list of budgets), which are passed on as the same instance from read to write.
     */
    static <K, V> Memo<K, V> byIdentity(Function<K, V> convert, int capacity) {
        return new Memo<>(convert, capacity, java.util.Collections.synchronizedMap(new java.util.IdentityHashMap<>()));
    }

    @Override
    public V apply(K input) {
        V known = results.get(input);
        if (known != null) {
            return known;
        }
        V value = convert.apply(input);
        if (results.size() >= capacity) {
            results.clear();
        }
        results.put(input, value);
        return value;
    }
}
