package dev.metering.store;

import dev.metering.core.account.Account;
import dev.metering.core.budget.BudgetSet;
import dev.metering.core.budget.Crossing;
import dev.metering.core.cycle.Cycle;
import dev.metering.core.cycle.CreditTotals;
import dev.metering.core.cycle.CyclePools;
import dev.metering.core.cycle.SeatShare;
import dev.metering.core.ledger.LedgerEntry;
import dev.metering.core.money.Money;
import dev.metering.core.usage.TagCell;
import dev.metering.core.usage.UsageCell;
import dev.metering.store.item.AccountItem;
import dev.metering.store.item.BudgetSetItem;
import dev.metering.store.item.TagCellItem;
import dev.metering.store.item.TagKeyItem;
import dev.metering.store.item.TagValueItem;
import dev.metering.store.item.CloseRecord;
import dev.metering.store.item.CycleItem;
import dev.metering.store.item.LedgerEntryItem;
import dev.metering.store.item.MeteringTable;
import dev.metering.store.item.OrganizationTotalsItem;
import dev.metering.store.item.SeatShareItem;
import dev.metering.store.item.TransactActions;
import dev.metering.store.item.UsageCellItem;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import software.amazon.awssdk.enhanced.dynamodb.Expression;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.TransactWriteItem;
import software.amazon.awssdk.services.dynamodb.model.TransactWriteItemsRequest;
import software.amazon.awssdk.services.dynamodb.model.TransactionCanceledException;

/**
 * One all-or-nothing write, built in domain terms; each action carries the condition that guards
 * it. Actions keep the order they were added in, which is the order of the cancellation reasons
 * when the transaction fails.
 *
 * <p>Every ledger entry is written together with its cycle's item, and gets its place in the
 * cycle's ledger here: a sequence from the cycle's new version (version x 100 + its place among the
 * write's entries of that cycle; a transaction holds at most 100 actions) and the programmatic
 * credit remaining after it, carried from the cycle as read through the entries in the order they
 * are added. The entries must bring that balance to what the cycle's new pools hold, or nothing is
 * written: a ledger that does not add up to its pools is a bug, never data.
 */
public final class Transaction {

    private static final Expression ABSENT = Expression.builder().expression("attribute_not_exists(pk)").build();
    private static final int PLACES_PER_VERSION = 100;

    private final MeteringTable table;
    private final int dueShards;
    private final List<TransactWriteItem> actions = new ArrayList<>();
    private final Map<String, CycleLedger> ledgers = new HashMap<>();

    /** A cycle this transaction writes: where its next entry goes, and the credit balance so far. */
    private static final class CycleLedger {
        final String cycle;
        final long version;
        final Money expected;
        Money balance;
        int places;

        CycleLedger(CyclePools before, CyclePools after) {
            this.cycle = after.accountId() + " from " + after.cycle().start();
            this.version = before.version() + 1;
            // A cycle opened by this write starts from nothing: its opening grants bring the credit in.
            this.balance = before.isStored() ? before.programmatic().remaining() : Money.ZERO;
            this.expected = after.programmatic().remaining();
        }

        LedgerEntry place(LedgerEntry entry) {
            if (places == PLACES_PER_VERSION) {
                throw new IllegalStateException("more than " + PLACES_PER_VERSION + " entries for cycle " + cycle + " in one write");
            }
            balance = balance.plus(entry.creditEffect());
            return entry.at(new LedgerEntry.Position(version * PLACES_PER_VERSION + places++, balance));
        }
    }

    Transaction(MeteringTable table, int dueShards) {
        this.table = table;
        this.dueShards = dueShards;
    }

    /**
     * The whole cycle item at the next version, on condition that it is still the version read and open
     * (or new); it records the seat's organization as the write found it, for what is told of the write.
     */
    public Transaction cycle(CyclePools before, CyclePools after, String organizationId) {
        ledgers.put(cycleKey(after.accountId(), after.cycle().start()), new CycleLedger(before, after));
        return putCycle(before, CycleItem.of(after, before.version() + 1, dueShards, organizationId));
    }

    /** As {@link #cycle}, for the close of a cycle: the closed pools with their close record, its EXPIRY entry placed. */
    public Transaction closedCycle(CyclePools before, CyclePools closed, CloseRecord record, String organizationId) {
        CycleLedger ledger = new CycleLedger(before, closed);
        ledgers.put(cycleKey(closed.accountId(), closed.cycle().start()), ledger);
        return putCycle(before, CycleItem.of(closed, before.version() + 1, dueShards, organizationId)
                .closedWith(record.at(ledger.place(record.expiry()).position())));
    }

    private static String cycleKey(String accountId, Instant cycleStart) {
        return accountId + "@" + cycleStart;
    }

    private LedgerEntry place(String accountId, LedgerEntry entry) {
        CycleLedger ledger = ledgers.get(cycleKey(accountId, entry.cycleStart()));
        if (ledger == null) {
            throw new IllegalStateException("entry " + entry.entryId() + " of a cycle this write does not write: " + entry.cycleStart());
        }
        return ledger.place(entry);
    }

    private Transaction putCycle(CyclePools before, CycleItem item) {
        Expression condition = before.isStored()
                ? Expression.builder().expression("version = :read AND attribute_not_exists(closedAt)")
                        .putExpressionValue(":read", version(before.version())).build()
                : ABSENT;
        actions.add(TransactActions.put(table.cycles(), item, condition, false));
        return this;
    }

    /** A new ledger entry (a grant, an adjustment): written once, never overwritten. */
    public Transaction newEntry(String accountId, LedgerEntry entry) {
        actions.add(TransactActions.put(table.ledger(), LedgerEntryItem.of(accountId, place(accountId, entry)), ABSENT, false));
        return this;
    }

    /** An adjustment's entry, with the answer to keep for a retry of its request: written once. */
    public Transaction newAdjustment(String accountId, LedgerEntry entry, MeteringStore.KeptAnswer answer) {
        actions.add(TransactActions.put(table.ledger(),
                LedgerEntryItem.answered(accountId, place(accountId, entry), answer.fingerprint(), answer.status(), answer.body()), ABSENT, false));
        return this;
    }

    /**
     * A debit entry, also its event's idempotency record: written once; when it exists already, the
     * cancellation reason carries the stored entry, whose body hash tells a resend from a reused id.
     */
    public Transaction newDebit(String accountId, LedgerEntry debit) {
        actions.add(TransactActions.put(table.ledger(), LedgerEntryItem.of(accountId, place(accountId, debit)), ABSENT, true));
        return this;
    }

    /** Adds one write's usage to a cell of the cycle, creating the cell with it when there is none. */
    public Transaction addUsage(String accountId, Instant cycleStart, UsageCell cell) {
        actions.add(TransactActions.update(table.usageCells(), UsageCellItem.incrementAttributes(accountId, cycleStart, cell), null));
        return this;
    }

    /**
     * An account's budgets with what this write counted, on condition that they are still the version
     * read (none: that there are none), so that every debit counted is counted under the budgets it was
     * matched against.
     */
    public Transaction budgets(String accountId, BudgetSet before, BudgetSet after, List<Crossing> crossings, Cycle current,
                               String organizationId) {
        actions.add(TransactActions.put(table.budgetSets(), BudgetSetItem.attributesOf(accountId, after, crossings, current, organizationId),
                before.version() == 0 ? ABSENT : atVersion(before.version()), false));
        return this;
    }

    /** Adds one write's debits to tag cells of the cycle, creating each cell with them when there is none. */
    public Transaction addTagUsage(String accountId, Instant cycleStart, List<TagCell> cells) {
        if (cells.isEmpty()) {
            return this;
        }
        TagCellItem.incrementAttributes(accountId, cycleStart, cells).forEach(item -> actions.add(TransactActions.update(table.tagCells(), item, null)));
        return this;
    }

    /**
     * Tells {@code values} of {@code tag} apart in the cycle from now on: each written once, and the
     * key's count raised by them on condition that it stays within {@link TagCell#VALUES_PER_KEY}.
     */
    public Transaction admitTagValues(String accountId, Instant cycleStart, String tag, java.util.Set<String> values) {
        for (String value : values) {
            actions.add(TransactActions.put(table.tagValues(), TagValueItem.of(accountId, cycleStart, tag, value), ABSENT, false));
        }
        Expression room = Expression.builder().expression("attribute_not_exists(pk) OR #values <= :most")
                .putExpressionName("#values", "values")
                .putExpressionValue(":most", AttributeValue.fromN(Long.toString(TagCell.VALUES_PER_KEY - values.size()))).build();
        actions.add(TransactActions.update(table.tagKeys(), TagKeyItem.increment(accountId, cycleStart, tag, values.size()), room));
        return this;
    }

    /**
     * A seat's share of its organization's totals, on condition that the share stored is still the one
     * read ({@code applied}; null: none stored), so that each change is applied once.
     */
    public Transaction seatShare(String organizationId, String accountId, SeatShare share, SeatShare applied) {
        Expression condition = applied == null ? ABSENT
                : Expression.builder().expression("version = :version AND cycleStart = :cycleStart")
                        .putExpressionValue(":version", version(applied.version()))
                        .putExpressionValue(":cycleStart", AttributeValue.fromS(applied.cycleStart().toString())).build();
        actions.add(TransactActions.put(table.seatShares(), SeatShareItem.of(organizationId, accountId, share), condition, false));
        return this;
    }

    /** Adds one seat's change to its organization's totals, creating them with it when there are none. */
    public Transaction addToTotals(String organizationId, CreditTotals change, Instant at) {
        actions.add(TransactActions.update(table.organizationTotals(), OrganizationTotalsItem.increment(organizationId, change, at), null));
        return this;
    }

    /** A new account, with nothing there before it. */
    public Transaction newAccount(Account account) {
        actions.add(TransactActions.put(table.accounts(), AccountItem.of(account), ABSENT, false));
        return this;
    }

    /** The account as changed, on condition that it is still at the version read. */
    public Transaction account(Account before, Account after) {
        actions.add(TransactActions.put(table.accounts(), AccountItem.of(after), atVersion(before.version()), false));
        return this;
    }

    /** A check, writing nothing, that the account is still at the version read. */
    public Transaction accountUnchanged(Account account) {
        actions.add(TransactActions.check(table.accounts(), AccountItem.key(account.id()), atVersion(account.version())));
        return this;
    }

    /** A check, writing nothing, that a cycle is still not opened. */
    public Transaction cycleAbsent(String accountId, Instant cycleStart) {
        actions.add(TransactActions.check(table.cycles(), CycleItem.key(accountId, cycleStart), ABSENT));
        return this;
    }

    /** @throws TransactionCanceledException when a condition failed, or a conflict or throttle cancelled it */
    public void commit() {
        for (CycleLedger ledger : ledgers.values()) {
            if (!ledger.balance.equals(ledger.expected)) {
                throw new IllegalStateException("the entries written for cycle " + ledger.cycle + " leave " + ledger.balance.toUsdString()
                        + " of credit, its pools " + ledger.expected.toUsdString());
            }
        }
        table.dynamo().transactWriteItems(TransactWriteItemsRequest.builder().transactItems(actions).build());
    }

    /** @return false when it was cancelled: the caller reads again and retries with backoff */
    public boolean tryCommit() {
        try {
            commit();
            return true;
        } catch (TransactionCanceledException e) {
            return false;
        }
    }

    private static Expression atVersion(long version) {
        return Expression.builder().expression("version = :read").putExpressionValue(":read", version(version)).build();
    }

    private static AttributeValue version(long version) {
        return AttributeValue.fromN(Long.toString(version));
    }
}
