package dev.metering.store.reset;

import static dev.metering.store.item.Attrs.s;

import dev.metering.core.account.Account;
import dev.metering.core.ledger.EntryKind;
import dev.metering.core.ledger.LedgerEntry;
import dev.metering.core.money.Money;
import dev.metering.core.source.PoolKind;
import dev.metering.store.MeteringStore;
import dev.metering.store.item.AccountItems;
import dev.metering.store.item.Attrs;
import dev.metering.store.item.Keys;
import dev.metering.store.item.LedgerItems;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.TransactWriteItem;
import software.amazon.awssdk.services.dynamodb.model.Update;

/**
 * Writes the close of one cycle as one transaction of at most four item writes in the common case:
 * the closed cycle, the next cycle, and the next cycle's grants (one per pool that has any). The
 * closed cycle item is also the cycle's EXPIRY ledger entry and its close record; the account item
 * is written only when a pending plan change takes effect. The guards:
 *
 * <pre>
 * item                  condition                                          why
 * cycle N (closed)      version = :read AND attribute_not_exists(closedAt)  closed once, with the expiry computed
 *                       (or attribute_not_exists(pk) if never opened)       from exactly the state read; a racing
 *                                                                           debit forces a re-read
 * cycle N+1             attribute_not_exists(pk), only if not read stored   never clobbers a cycle that the
 *                                                                           recorder or a settings change opened
 * grants of N+1         attribute_not_exists(pk)                            granted once
 * account               version = :read, only with a pending plan           applies the plan change once
 * </pre>
 *
 * <p>Settings changed after the account was read cannot be lost: every settings change writes the
 * current cycle, which by the time of a close is cycle N+1, so either it opened N+1 first (and the
 * put above fails, and the close is planned again) or it reads the N+1 written here.
 */
final class CloseWriter {

    private final MeteringStore store;
    private final String table;

    CloseWriter(MeteringStore store) {
        this.store = store;
        this.table = store.config().tableName();
    }

    /** @return false when a concurrent write got in first: read again and retry */
    boolean write(Account account, Closing closing, Instant now) {
        List<TransactWriteItem> actions = new ArrayList<>();
        actions.add(store.cycleWrite(closing.before(), closing.closed(), closeRecord(account, closing, now)));
        if (!closing.next().isStored()) {
            actions.add(store.cycleWrite(closing.next(), closing.next()));
        }
        for (LedgerEntry grant : closing.grants()) {
            actions.add(store.newItem(LedgerItems.toItem(account.id(), grant, null)));
        }
        if (closing.applyPendingPlan()) {
            actions.add(applyPendingPlan(account));
        }
        return store.transact(actions);
    }

    private TransactWriteItem applyPendingPlan(Account account) {
        Update update = Update.builder().tableName(table).key(AccountItems.key(account.id()))
                .updateExpression("SET #plan = :plan, version = version + :one REMOVE pendingPlan, pendingFrom")
                .conditionExpression("version = :read")
                .expressionAttributeNames(Map.of("#plan", "plan"))
                .expressionAttributeValues(Map.of(":plan", s(account.pendingPlan()), ":one", Attrs.n(1), ":read", Attrs.n(account.version())))
                .build();
        return TransactWriteItem.builder().update(update).build();
    }

    /**
     * What the closed cycle item carries besides its pools: its EXPIRY ledger entry (listed in the
     * cycle's ledger through gsi1), the invoice line (extra usage, by model) and the domain events
     * of the close, for delivery by a stream consumer.
     */
    private static Map<String, AttributeValue> closeRecord(Account account, Closing closing, Instant now) {
        Instant start = closing.before().cycle().start();
        LedgerEntry expiry = LedgerEntry.movement("close:" + start.getEpochSecond(), EntryKind.EXPIRY, PoolKind.PROGRAMMATIC, now,
                start, closing.expired(), "cycle closed: unused credit expires");
        Map<String, AttributeValue> record = new HashMap<>(LedgerItems.toItem(account.id(), expiry, null));
        record.keySet().removeAll(List.of(Keys.PK, Keys.SK, "type"));
        record.put("invoiceExtraUsage", Attrs.money(closing.extraUsage()));
        Map<String, AttributeValue> byModel = new HashMap<>();
        closing.extraUsageByModel().forEach((model, amount) -> byModel.put(model, Attrs.money(amount)));
        record.put("invoiceByModel", AttributeValue.fromM(byModel));
        record.put("domainEvents", AttributeValue.fromL(List.of(
                domainEvent("CreditExpired", account, closing, closing.expired(), now),
                domainEvent("CycleClosed", account, closing, closing.extraUsage(), now))));
        record.put("delivery", s("PENDING"));
        return record;
    }

    private static AttributeValue domainEvent(String type, Account account, Closing closing, Money amount, Instant at) {
        return AttributeValue.fromM(Map.of(
                "type", s(type),
                "accountId", s(account.id()),
                "cycleStart", Attrs.instant(closing.before().cycle().start()),
                "cycleEnd", Attrs.instant(closing.before().cycle().end()),
                "amountUsd", s(amount.toUsdString()),
                "at", Attrs.instant(at)));
    }
}
