package dev.metering.core.ledger;

import dev.metering.core.cycle.CyclePools;
import dev.metering.core.debit.Pool;
import dev.metering.core.money.Money;
import dev.metering.core.source.PoolKind;
import java.util.ArrayList;
import java.util.List;

/**
 * A cycle's totals recomputed from its ledger, against the totals stored on its pools: every
 * ledger entry must sum to the pool's figures exactly. Reports each field that differs; changes
 * nothing.
 */
public final class Reconciliation {

    /** One field of one pool whose stored total is not what the ledger sums to. */
    public record Difference(PoolKind pool, String field, Money stored, Money fromLedger) {}

    private Reconciliation() {}

    public static List<Difference> differences(CyclePools cycle, List<LedgerEntry> ledger) {
        List<Difference> out = new ArrayList<>();
        for (PoolKind kind : PoolKind.values()) {
            Pool pool = cycle.pool(kind);
            Money granted = Money.ZERO;
            Money used = Money.ZERO;
            Money expired = Money.ZERO;
            Money extra = Money.ZERO;
            Money overrun = Money.ZERO;
            for (LedgerEntry e : ledger) {
                if (e.pool() != kind) {
                    continue;
                }
                switch (e.kind()) {
                    case GRANT, ADJUSTMENT -> granted = granted.plus(e.credit());
                    case DEBIT -> used = used.plus(e.credit());
                    case EXPIRY -> expired = expired.plus(e.credit());
                }
                extra = extra.plus(e.extraUsage());
                overrun = overrun.plus(e.overrun());
            }
            compare(out, kind, "granted", pool.granted(), granted);
            compare(out, kind, "used", pool.used(), used);
            compare(out, kind, "expired", pool.expired(), expired);
            compare(out, kind, "extraUsage", pool.extraUsage().accrued(), extra);
            compare(out, kind, "overrun", pool.overrun(), overrun);
        }
        return out;
    }

    private static void compare(List<Difference> out, PoolKind kind, String field, Money stored, Money fromLedger) {
        if (!stored.equals(fromLedger)) {
            out.add(new Difference(kind, field, stored, fromLedger));
        }
    }
}
