package dev.metering.store.reset;

import dev.metering.core.account.Account;
import dev.metering.core.ledger.EntryKind;
import dev.metering.core.ledger.LedgerEntry;
import dev.metering.core.money.Money;
import dev.metering.core.source.PoolKind;
import dev.metering.store.MeteringStore;
import dev.metering.store.Transaction;
import dev.metering.store.item.CloseRecord;
import dev.metering.store.item.DomainEventItem;
import java.time.Instant;
import java.util.List;

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
        Transaction close = store.transaction().closedCycle(closing.before(), closing.closed(), closeRecord(account, closing, now),
                account.organizationId());
        if (!closing.next().isStored()) {
            close.cycle(closing.next(), closing.next(), account.organizationId());
        }
        closing.grants().forEach(grant -> close.newEntry(account.id(), grant));
        return close.tryCommit();
    }

    /** The closed cycle's EXPIRY entry, invoice line and domain events. */
    private static CloseRecord closeRecord(Account account, Closing closing, Instant now) {
        Instant start = closing.before().cycle().start();
        LedgerEntry expiry = LedgerEntry.movement("close:" + start.getEpochSecond(), EntryKind.EXPIRY, PoolKind.PROGRAMMATIC, now,
                start, closing.expired(), "cycle closed: unused credit expires");
        return CloseRecord.of(account.id(), expiry, closing.extraUsage(), closing.extraUsageByModel(), List.of(
                domainEvent("CreditExpired", account, closing, closing.expired(), now),
                domainEvent("CycleClosed", account, closing, closing.extraUsage(), now)));
    }

    private static DomainEventItem domainEvent(String type, Account account, Closing closing, Money amount, Instant at) {
        return DomainEventItem.of(type, account.id(), closing.before().cycle().start(), closing.before().cycle().end(),
                amount.toUsdString(), at);
    }
}
