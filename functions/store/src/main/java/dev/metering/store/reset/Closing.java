package dev.metering.store.reset;

import dev.metering.core.cycle.CyclePools;
import dev.metering.core.ledger.LedgerEntry;
import dev.metering.core.money.Money;
import java.util.List;
import java.util.Map;

/**
 * The close of one cycle as it will be written.
 *
 * @param before the cycle as read
 * @param closed the cycle closed: unused credit expired, {@code closedAt} set
 * @param next the following cycle as read, or as this close opens it ({@code version 0})
 * @param grants opening GRANT entries of the next cycle, when this close opens it
 */
record Closing(CyclePools before, CyclePools closed, CyclePools next, List<LedgerEntry> grants) {

    Money expired() {
        return closed.programmatic().expired().minus(before.programmatic().expired());
    }

    Money extraUsage() {
        return closed.programmatic().extraUsage().accrued();
    }

    /** The invoice line's breakdown, kept on the cycle item with every debit. */
    Map<String, Money> extraUsageByModel() {
        return closed.extraUsageByModel();
    }
}
