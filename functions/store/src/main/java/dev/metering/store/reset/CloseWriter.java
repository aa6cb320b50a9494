package dev.metering.store.reset;

import static dev.metering.store.item.Attrs.s;

import dev.metering.core.account.Account;
import dev.metering.core.ledger.EntryKind;
import dev.metering.core.ledger.LedgerEntry;
import dev.metering.core.money.Money;
import dev.metering.core.source.PoolKind;
import dev.metering.store.MeteringStore;
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

/**
 * Writes the close of one cycle as one transaction of at most four item writes: the closed cycle,
 * the next cycle, and the next cycle's grants (one per pool that has any). The closed cycle item is
 * also the cycle's EXPIRY ledger entry and its close record. The account is never written: a
 * downgrade waiting for the next cycle is in the account's history, from which the next cycle
 * opens. The guards:
 *
 * <pre>
 * item                  condition                                          why
 * cycle N (closed)      version = :read AND attribute_not_exists(closedAt)  closed once, with the expiry computed
 *                                                                           from exactly the state read; a racing
 *                                                                           debit forces a re-read
 * cycle N+1             attribute_not_exists(pk), only if not read stored   never clobbers a cycle that the
 *                                                                           recorder or a settings change opened
 * grants of N+1         attribute_not_exists(pk)                            granted once
 * </pre>
 *
 * <p>Settings changed after the account was read cannot be lost: the reset opens only cycles that
 * have started (it closes only cycles that ended before now), so a settings change made meanwhile
 * either wrote N+1 as its current cycle (and the put above fails, and the close is planned again),
 * or was made after N+1 ended and so never applies to it.
 */
final class CloseWriter {

    private final MeteringStore store;

    CloseWriter(MeteringStore store) {
        this.store = store;
    }

    /** @return false when a concurrent write got in first: read again and retry */
    boolean write(Account account, Closing closing, Instant now) {
        List<TransactWriteItem> actions = new ArrayList<>();
        actions.add(store.cycleWrite(closing.before(), closing.closed(), closeRecord(account, closing, now)));
        if (!closing.next().isStored()) {
            actions.add(store.cycleWrite(closing.next(), closing.next()));
        }
        for (LedgerEntry grant : closing.grants()) {
            actions.add(store.newItem(LedgerItems.toItem(account.id(), grant)));
        }
        return store.transact(actions);
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
        Map<String, AttributeValue> record = new HashMap<>(LedgerItems.toItem(account.id(), expiry));
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
