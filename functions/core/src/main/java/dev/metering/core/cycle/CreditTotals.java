package dev.metering.core.cycle;

import dev.metering.core.debit.Pool;
import dev.metering.core.money.Money;
import java.util.List;

/** The programmatic pools of several seats' current cycles, added up: an organization's view of its credit. */
public record CreditTotals(long seats, Money granted, Money used, Money remaining, Money extraUsageAccrued, Money overrun) {

    public static final CreditTotals NONE = new CreditTotals(0, Money.ZERO, Money.ZERO, Money.ZERO, Money.ZERO, Money.ZERO);

    public static CreditTotals of(List<CyclePools> cycles) {
        CreditTotals totals = NONE;
        for (CyclePools c : cycles) {
            totals = totals.plus(c.programmatic());
        }
        return totals;
    }

    /** The totals with {@code other}'s added (negative amounts and seats take away). */
    public CreditTotals plus(CreditTotals other) {
        return new CreditTotals(Math.addExact(seats, other.seats), granted.plus(other.granted), used.plus(other.used),
                remaining.plus(other.remaining), extraUsageAccrued.plus(other.extraUsageAccrued), overrun.plus(other.overrun));
    }

    /** What takes these totals to {@code other}. */
    public CreditTotals to(CreditTotals other) {
        return new CreditTotals(Math.subtractExact(other.seats, seats), other.granted.minus(granted), other.used.minus(used),
                other.remaining.minus(remaining), other.extraUsageAccrued.minus(extraUsageAccrued), other.overrun.minus(overrun));
    }

    public boolean isZero() {
        return equals(NONE);
    }

    private CreditTotals plus(Pool p) {
        return new CreditTotals(seats + 1, granted.plus(p.granted()), used.plus(p.used()), remaining.plus(p.remaining()),
                extraUsageAccrued.plus(p.extraUsage().accrued()), overrun.plus(p.overrun()));
    }
}
