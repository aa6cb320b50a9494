package dev.metering.core.debit;

import dev.metering.core.money.Money;
import java.util.Objects;

/**
 * Pay-as-you-go usage past the credit: whether the subscriber allows it, the optional spend cap
 * ({@code null}: no cap) and what has accrued this cycle.
 */
public record ExtraUsage(boolean enabled, Money cap, Money accrued) {

    public static final ExtraUsage OFF = new ExtraUsage(false, null, Money.ZERO);

    public ExtraUsage {
        Objects.requireNonNull(accrued, "accrued");
        if (cap != null && cap.isNegative()) {
            throw new IllegalArgumentException("negative cap " + cap);
        }
        if (accrued.isNegative()) {
            throw new IllegalArgumentException("negative accrued extra usage " + accrued);
        }
    }

    /** What can still be billed as extra usage: none when off, unlimited (null) without a cap. */
    public Money headroom() {
        if (!enabled) {
            return Money.ZERO;
        }
        return cap == null ? null : Money.max(Money.ZERO, cap.minus(accrued));
    }

    public boolean hasHeadroom() {
        Money headroom = headroom();
        return headroom == null || headroom.isPositive();
    }

    public ExtraUsage withSettings(boolean enabled, Money cap) {
        return new ExtraUsage(enabled, cap, accrued);
    }

    ExtraUsage accrue(Money amount) {
        return new ExtraUsage(enabled, cap, accrued.plus(amount));
    }
}
