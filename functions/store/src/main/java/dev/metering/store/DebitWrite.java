package dev.metering.store;

import dev.metering.core.account.Account;
import dev.metering.core.budget.BudgetSet;
import dev.metering.core.budget.Crossing;
import dev.metering.core.cycle.Cycle;
import dev.metering.core.cycle.CyclePools;
import dev.metering.core.ledger.LedgerEntry;
import dev.metering.core.usage.TagCell;
import dev.metering.core.usage.UsageCell;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * One all-or-nothing write of debits against one cycle of one account.
 *
 * @param before the pools as read ({@code version 0}: the cycle is not stored and this write opens it)
 * @param after the pools with every debit applied
 * @param debits one ledger entry per event, each also the event's idempotency record
 * @param openingGrants the GRANT entries of the cycle's opening, when this write opens it
 * @param openedFrom the account as read, when this write opens the cycle: its terms opened it, so
 *     the write holds only if no settings change came in between
 * @param cells the debits added up per usage cell, each added to its stored cell by this write
 * @param organizationId the seat's organization as read (null: of none), recorded on the cycle item
 * @param budgets what the write counts on the account's budgets (null: none of them counts it)
 * @param tagCells the debits added up per tag cell
 * @param admitted per tag key, the values this write tells apart in the cycle for the first time
 */
public record DebitWrite(CyclePools before, CyclePools after, List<LedgerEntry> debits, List<LedgerEntry> openingGrants,
                         Account openedFrom, List<UsageCell> cells, String organizationId, Budgets budgets, List<TagCell> tagCells,
                         Map<String, Set<String>> admitted) {

    /** DynamoDB's limit on actions in one transaction. */
    public static final int MAX_ACTIONS = 100;

    /**
     * What the write counts on the account's budgets: the set as read and as it leaves it, with what its
     * spend crossed in {@code current}, the cycle holding the write's now.
     */
    public record Budgets(BudgetSet before, BudgetSet after, List<Crossing> crossings, Cycle current) {}

    public DebitWrite(CyclePools before, CyclePools after, List<LedgerEntry> debits, List<LedgerEntry> openingGrants, Account openedFrom,
                      List<UsageCell> cells, String organizationId) {
        this(before, after, debits, openingGrants, openedFrom, cells, organizationId, null, List.of(), Map.of());
    }

    public DebitWrite {
        debits = List.copyOf(debits);
        openingGrants = List.copyOf(openingGrants);
        cells = List.copyOf(cells);
        tagCells = List.copyOf(tagCells);
        admitted = Map.copyOf(admitted);
        int actions = actions(debits.size(), openingGrants.size(), openedFrom != null, cells.size())
                + (budgets == null ? 0 : 1) + tagCells.size() + admissions(admitted);
        if (actions > MAX_ACTIONS) {
            throw new IllegalArgumentException("too many actions for one transaction: " + actions);
        }
        if (before.isStored() && (!openingGrants.isEmpty() || openedFrom != null)) {
            throw new IllegalArgumentException("an opening for a cycle that is already stored");
        }
    }

    /** Actions of admitting new tag values: one per value, one per key whose count they raise. */
    public static int admissions(Map<String, Set<String>> admitted) {
        return admitted.size() + admitted.values().stream().mapToInt(Set::size).sum();
    }

    /** Actions of one write: the cycle item, its entries and cells, and the account check of an opening. */
    public static int actions(int debits, int grants, boolean opening, int cells) {
        return 1 + debits + grants + (opening ? 1 : 0) + cells;
    }
}
