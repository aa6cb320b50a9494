package dev.metering.store;

import dev.metering.core.budget.BudgetSet;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The budget sets a store has read or committed, by account, each at its version. A set's item is
 * only ever written whole at the next version, on condition that the version read is still there,
 * and never removed: a version names one content for good, so a set read again at a version known
 * here needs no conversion. A recorder reads every account's set for each batch: mostly the one it
 * committed last (its own count), or the one it read last (no count since). Bounded: past
 * {@link #MAX_ACCOUNTS} accounts it starts over empty, which costs conversions again, never a wrong set.
 */
final class KnownBudgetSets {

    static final int MAX_ACCOUNTS = 1_024;

    private final Map<String, BudgetSet> read = new ConcurrentHashMap<>();
    private final Map<String, BudgetSet> committed = new ConcurrentHashMap<>();

    /** The set of {@code accountId} at {@code version}, when it is one known. */
    BudgetSet at(String accountId, long version) {
        BudgetSet known = read.get(accountId);
        if (known != null && known.version() == version) {
            return known;
        }
        known = committed.get(accountId);
        return known != null && known.version() == version ? known : null;
    }

    void read(String accountId, BudgetSet set) {
        remember(read, accountId, set);
    }

    void committed(String accountId, BudgetSet set) {
        remember(committed, accountId, set);
    }

    private static void remember(Map<String, BudgetSet> sets, String accountId, BudgetSet set) {
        if (sets.size() >= MAX_ACCOUNTS && !sets.containsKey(accountId)) {
            sets.clear();
        }
        sets.put(accountId, set);
    }
}
