package dev.metering.store.recording;

import dev.metering.store.MeteringStore.CycleKey;
import dev.metering.store.MeteringStore.TagRef;
import java.time.Instant;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The tag values a recorder knows its cycles tell apart, kept across batches. A value once told
 * apart in a cycle is told apart for good (its item is written once and never removed), so a value
 * found here needs no read before a debit: a warm recorder reads a cycle's tag values only when an
 * event brings one it has not seen. Bounded: past {@link #MAX_VALUES} values it starts over empty,
 * which costs reads again, never a wrong count.
 */
final class AdmittedTags {

    static final int MAX_VALUES = 20_000;

    private final Set<TagRef> known = ConcurrentHashMap.newKeySet();

    boolean contains(TagRef ref) {
        return known.contains(ref);
    }

    /** Records that the cycle tells apart {@code admitted} ({@code tag=value} each), as read or as written. */
    void add(CycleKey cycle, Set<String> admitted) {
        if (known.size() + admitted.size() > MAX_VALUES) {
            known.clear();
        }
        admitted.forEach(pair -> known.add(ref(cycle.accountId(), cycle.cycleStart(), pair)));
    }

    /** As {@link #add(CycleKey, Set)}, for values written per key. */
    void add(String accountId, Instant cycleStart, Map<String, Set<String>> valuesByKey) {
        valuesByKey.forEach((tag, values) -> values.forEach(value -> {
            if (known.size() >= MAX_VALUES) {
                known.clear();
            }
            known.add(new TagRef(accountId, cycleStart, tag, value));
        }));
    }

    private static TagRef ref(String accountId, Instant cycleStart, String pair) {
        int eq = pair.indexOf('=');
        return new TagRef(accountId, cycleStart, pair.substring(0, eq), pair.substring(eq + 1));
    }
}
