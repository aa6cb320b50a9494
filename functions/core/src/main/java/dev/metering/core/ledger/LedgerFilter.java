package dev.metering.core.ledger;

import java.time.Instant;
import java.util.function.Predicate;

/**
 * Which entries of a cycle's ledger a listing shows: of one kind (null: all), recorded ({@code at})
 * from {@code from} inclusive to {@code to} exclusive (null: unbounded). A window that ends before
 * it starts holds nothing, as any empty window does.
 */
public record LedgerFilter(EntryKind kind, Instant from, Instant to) implements Predicate<LedgerEntry> {

    public static final LedgerFilter ALL = new LedgerFilter(null, null, null);

    @Override
    public boolean test(LedgerEntry e) {
        return (kind == null || e.kind() == kind)
                && (from == null || !e.at().isBefore(from))
                && (to == null || e.at().isBefore(to));
    }
}
