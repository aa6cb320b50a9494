package dev.metering.store.reset;

import dev.metering.core.cycle.CyclePools;
import dev.metering.core.ledger.LedgerEntry;
import dev.metering.core.money.Money;
import java.util.List;
import java.util.Map;

/**
 * The close of one cycle as it will be written.
 *
 * @param before the cycle as read ({@code version 0}: it was never opened and is opened closed)
 * @param closed the cycle closed: unused credit expired, {@code closedAt} set
 * @param next the following cycle as read, or as this close opens it ({@code version 0})
 * @param grants opening GRANT entries of whichever of the two cycles this close opens
 * @param extraUsageByModel the cycle's extra usage per model, the invoice line's breakdown
 * @param applyPendingPlan whether the account's pending downgrade takes effect with the next cycle
 */
record Closing(CyclePools before, CyclePools closed, CyclePools next, List<LedgerEntry> grants,
               Map<String, Money> extraUsageByModel, boolean applyPendingPlan) {

    Money expired() {
        return closed.programmatic().expired().minus(before.programmatic().expired());
    }

    Money extraUsage() {
        return closed.programmatic().extraUsage().accrued();
    }
}
