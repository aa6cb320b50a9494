package dev.metering.core.debit;

import dev.metering.core.money.Money;
import dev.metering.core.source.PoolKind;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * The debit of one event of cost C against a pool with remaining credit R, extra usage enabled E,
 * cap K (none: unlimited) and accrued extra X:
 * <pre>
 *   creditPart  = min(C, R)
 *   rest        = C - creditPart
 *   extraPart   = E ? min(rest, K - X) : 0
 *   overrunPart = rest - extraPart
 * </pre>
 * Usage has already happened, so it is never refused: what neither credit nor extra usage covers
 * is recorded as overrun. The interactive pool has no extra usage.
 */
public final class DebitRule {

    private DebitRule() {}

    public static Debit debit(Pool pool, Money cost, Instant at) {
        if (cost.isNegative()) {
            throw new IllegalArgumentException("negative cost " + cost);
        }
        Money creditPart = Money.min(cost, Money.max(Money.ZERO, pool.remaining()));
        Money rest = cost.minus(creditPart);
        Money extraPart = Money.ZERO;
        if (pool.kind() == PoolKind.PROGRAMMATIC && pool.extraUsage().enabled()) {
            Money headroom = pool.extraUsage().headroom();
            extraPart = headroom == null ? rest : Money.min(rest, headroom);
        }
        Split split = new Split(creditPart, extraPart, rest.minus(extraPart));
        Pool after = pool.afterDebit(split, at);
        boolean switched = pool.rateSwitchedAt() == null && after.rateSwitchedAt() != null;
        List<Integer> newly = new ArrayList<>(after.thresholds());
        newly.removeAll(pool.thresholds());
        return new Debit(split, pool, after, switched, List.copyOf(newly));
    }
}
