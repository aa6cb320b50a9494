package dev.metering.store;

import dev.metering.core.cycle.CyclePools;
import dev.metering.core.ledger.LedgerEntry;
import java.util.List;

/**
 * One all-or-nothing write of debits against one cycle of one account.
 *
 * @param before the pools as read ({@code version 0}: the cycle is not stored and this write opens it)
 * @param after the pools with every debit applied
 * @param debits one ledger entry per event, each also the event's idempotency record
 * @param openingGrants the GRANT entries of the cycle's opening, when this write opens it
 */
public record DebitWrite(CyclePools before, CyclePools after, List<LedgerEntry> debits, List<LedgerEntry> openingGrants) {

    /** DynamoDB's limit on actions in one transaction. */
    public static final int MAX_ACTIONS = 100;

    public DebitWrite {
        debits = List.copyOf(debits);
        openingGrants = List.copyOf(openingGrants);
        if (1 + debits.size() + openingGrants.size() > MAX_ACTIONS) {
            throw new IllegalArgumentException("too many actions for one transaction: " + (1 + debits.size() + openingGrants.size()));
        }
        if (!openingGrants.isEmpty() && before.isStored()) {
            throw new IllegalArgumentException("opening grants for a cycle that is already stored");
        }
    }
}
