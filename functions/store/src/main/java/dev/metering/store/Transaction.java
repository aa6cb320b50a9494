package dev.metering.store;

import dev.metering.core.account.Account;
import dev.metering.core.cycle.CyclePools;
import dev.metering.core.ledger.LedgerEntry;
import dev.metering.store.item.AccountItem;
import dev.metering.store.item.CloseRecord;
import dev.metering.store.item.CycleItem;
import dev.metering.store.item.LedgerEntryItem;
import dev.metering.store.item.MeteringTable;
import java.time.Instant;
import software.amazon.awssdk.enhanced.dynamodb.Expression;
import software.amazon.awssdk.enhanced.dynamodb.model.ConditionCheck;
import software.amazon.awssdk.enhanced.dynamodb.model.TransactPutItemEnhancedRequest;
import software.amazon.awssdk.enhanced.dynamodb.model.TransactWriteItemsEnhancedRequest;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.ReturnValuesOnConditionCheckFailure;
import software.amazon.awssdk.services.dynamodb.model.TransactionCanceledException;

/**
 * One all-or-nothing write, built in domain terms; each action carries the condition that guards
 * it. Actions keep the order they were added in, which is the order of the cancellation reasons
 * when the transaction fails.
 */
public final class Transaction {

    private static final Expression ABSENT = Expression.builder().expression("attribute_not_exists(pk)").build();

    private final MeteringTable table;
    private final TransactWriteItemsEnhancedRequest.Builder request = TransactWriteItemsEnhancedRequest.builder();

    Transaction(MeteringTable table) {
        this.table = table;
    }

    /** The whole cycle item at the next version, on condition that it is still the version read and open (or new). */
    public Transaction cycle(CyclePools before, CyclePools after) {
        return putCycle(before, CycleItem.of(after, before.version() + 1));
    }

    /** As {@link #cycle}, for the close of a cycle: the closed pools with their close record. */
    public Transaction closedCycle(CyclePools before, CyclePools closed, CloseRecord record) {
        return putCycle(before, CycleItem.of(closed, before.version() + 1).closedWith(record));
    }

    private Transaction putCycle(CyclePools before, CycleItem item) {
        Expression condition = before.isStored()
                ? Expression.builder().expression("version = :read AND attribute_not_exists(closedAt)")
                        .putExpressionValue(":read", version(before.version())).build()
                : ABSENT;
        request.addPutItem(table.cycles(), TransactPutItemEnhancedRequest.builder(CycleItem.class).item(item)
                .conditionExpression(condition).build());
        return this;
    }

    /** A new ledger entry (a grant, an adjustment): written once, never overwritten. */
    public Transaction newEntry(String accountId, LedgerEntry entry) {
        request.addPutItem(table.ledger(), TransactPutItemEnhancedRequest.builder(LedgerEntryItem.class)
                .item(LedgerEntryItem.of(accountId, entry)).conditionExpression(ABSENT).build());
        return this;
    }

    /** An adjustment's entry, with the answer to keep for a retry of its request: written once. */
    public Transaction newAdjustment(String accountId, LedgerEntry entry, MeteringStore.KeptAnswer answer) {
        request.addPutItem(table.ledger(), TransactPutItemEnhancedRequest.builder(LedgerEntryItem.class)
                .item(LedgerEntryItem.answered(accountId, entry, answer.fingerprint(), answer.status(), answer.body()))
                .conditionExpression(ABSENT).build());
        return this;
    }

    /**
     * A debit entry, also its event's idempotency record: written once; when it exists already, the
     * cancellation reason carries the stored entry, whose body hash tells a resend from a reused id.
     */
    public Transaction newDebit(String accountId, LedgerEntry debit) {
        request.addPutItem(table.ledger(), TransactPutItemEnhancedRequest.builder(LedgerEntryItem.class)
                .item(LedgerEntryItem.of(accountId, debit)).conditionExpression(ABSENT)
                .returnValuesOnConditionCheckFailure(ReturnValuesOnConditionCheckFailure.ALL_OLD).build());
        return this;
    }

    /** A new account, with nothing there before it. */
    public Transaction newAccount(Account account) {
        request.addPutItem(table.accounts(), TransactPutItemEnhancedRequest.builder(AccountItem.class)
                .item(AccountItem.of(account)).conditionExpression(ABSENT).build());
        return this;
    }

    /** The account as changed, on condition that it is still at the version read. */
    public Transaction account(Account before, Account after) {
        request.addPutItem(table.accounts(), TransactPutItemEnhancedRequest.builder(AccountItem.class)
                .item(AccountItem.of(after)).conditionExpression(atVersion(before.version())).build());
        return this;
    }

    /** A check, writing nothing, that the account is still at the version read. */
    public Transaction accountUnchanged(Account account) {
        request.addConditionCheck(table.accounts(), ConditionCheck.builder().key(AccountItem.key(account.id()))
                .conditionExpression(atVersion(account.version())).build());
        return this;
    }

    /** A check, writing nothing, that a cycle is still not opened. */
    public Transaction cycleAbsent(String accountId, Instant cycleStart) {
        request.addConditionCheck(table.cycles(), ConditionCheck.builder().key(CycleItem.key(accountId, cycleStart))
                .conditionExpression(ABSENT).build());
        return this;
    }

    /** @throws TransactionCanceledException when a condition failed, or a conflict or throttle cancelled it */
    public void commit() {
        table.enhanced().transactWriteItems(request.build());
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
