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
 * Writes the close of one cycle as one transaction. The guards:
 *
 * <pre>
 * item                  condition                                          why
 * cycle N               version = :read AND attribute_not_exists(closedAt)  expiry computed from exactly this
 *                       (or attribute_not_exists(pk) if never opened)       state; a racing debit forces a re-read
 * account (due marker)  gsi1sk = :dueN AND version = :read               N is closed once: a second run finds
 *                                                                           the marker already moved on; the next
 *                                                                           cycle opens on the settings read
 * cycle N+1             attribute_not_exists(pk), only if not read stored   never clobbers a cycle that the
 *                                                                           recorder opened lazily
 * close record          attribute_not_exists(pk)                            one expiry and invoice line per cycle
 * </pre>
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
        actions.add(store.cycleWrite(closing.before(), closing.closed()));
        actions.add(moveDueMarker(account, closing));
        if (!closing.next().isStored()) {
            actions.add(store.cycleWrite(closing.next(), closing.next()));
        }
        for (LedgerEntry grant : closing.grants()) {
            actions.add(store.newItem(LedgerItems.toItem(account.id(), grant, null)));
        }
        actions.add(store.newItem(closeRecord(account, closing, now)));
        return store.transact(actions);
    }

    private TransactWriteItem moveDueMarker(Account account, Closing closing) {
        Map<String, AttributeValue> values = new HashMap<>();
        values.put(":dueN", s(Keys.dueOrder(closing.before().cycle().end(), account.id())));
        values.put(":dueNext", s(Keys.dueOrder(closing.next().cycle().end(), account.id())));
        values.put(":read", Attrs.n(account.version()));
        String update = "SET gsi1sk = :dueNext";
        if (closing.applyPendingPlan()) {
            values.put(":plan", s(account.pendingPlan()));
            values.put(":one", Attrs.n(1));
            update += ", #plan = :plan, version = version + :one REMOVE pendingPlan, pendingFrom";
        }
        Update.Builder builder = Update.builder().tableName(table).key(AccountItems.key(account.id()))
                .updateExpression(update).conditionExpression("gsi1sk = :dueN AND version = :read").expressionAttributeValues(values);
        if (closing.applyPendingPlan()) {
            builder.expressionAttributeNames(Map.of("#plan", "plan"));
        }
        return TransactWriteItem.builder().update(builder.build()).build();
    }

    /**
     * The EXPIRY ledger entry of the cycle, which also carries its invoice line (extra usage, by
     * model) and the domain events of the close, for delivery by a stream consumer.
     */
    private static Map<String, AttributeValue> closeRecord(Account account, Closing closing, Instant now) {
        Instant start = closing.before().cycle().start();
        LedgerEntry expiry = LedgerEntry.movement("close:" + start.getEpochSecond(), EntryKind.EXPIRY, PoolKind.PROGRAMMATIC, now,
                start, closing.expired(), "cycle closed: unused credit expires");
        Map<String, AttributeValue> item = new HashMap<>(LedgerItems.toItem(account.id(), expiry, null));
        item.put("invoiceExtraUsage", Attrs.money(closing.extraUsage()));
        Map<String, AttributeValue> byModel = new HashMap<>();
        closing.extraUsageByModel().forEach((model, amount) -> byModel.put(model, Attrs.money(amount)));
        item.put("invoiceByModel", AttributeValue.fromM(byModel));
        item.put("cycleEnd", Attrs.instant(closing.before().cycle().end()));
        item.put("domainEvents", AttributeValue.fromL(List.of(
                domainEvent("CreditExpired", account, closing, closing.expired(), now),
                domainEvent("CycleClosed", account, closing, closing.extraUsage(), now))));
        item.put("delivery", s("PENDING"));
        return item;
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
