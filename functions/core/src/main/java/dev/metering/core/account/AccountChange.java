package dev.metering.core.account;

import dev.metering.core.money.Money;
import java.time.Instant;
import java.util.Objects;

/**
 * One entry of an account's history: a change of its plan, its claim of the credit or its
 * extra-usage settings, recorded at {@code recordedAt} by {@code by} and in effect from
 * {@code effectiveFrom} (the same instant, except for a downgrade, which waits for the next cycle).
 *
 * @param plan the plan, for {@link Kind#PLAN}
 * @param extraUsageEnabled and {@code extraUsageCap} ({@code null}: no cap), for {@link Kind#EXTRA_USAGE}
 */
public record AccountChange(Instant recordedAt, Instant effectiveFrom, String by, Kind kind, String plan,
                            boolean extraUsageEnabled, Money extraUsageCap) {

    public enum Kind { PLAN, CLAIM, EXTRA_USAGE }

    public AccountChange {
        Objects.requireNonNull(recordedAt, "recordedAt");
        Objects.requireNonNull(effectiveFrom, "effectiveFrom");
        Objects.requireNonNull(kind, "kind");
        if (kind == Kind.PLAN && plan == null) {
            throw new IllegalArgumentException("a plan change names its plan");
        }
    }

    public static AccountChange plan(Instant recordedAt, Instant effectiveFrom, String by, String plan) {
        return new AccountChange(recordedAt, effectiveFrom, by, Kind.PLAN, plan, false, null);
    }

    public static AccountChange claim(Instant at, String by) {
        return new AccountChange(at, at, by, Kind.CLAIM, null, false, null);
    }

    public static AccountChange extraUsage(Instant recordedAt, Instant effectiveFrom, String by, boolean enabled, Money cap) {
        return new AccountChange(recordedAt, effectiveFrom, by, Kind.EXTRA_USAGE, null, enabled, cap);
    }
}
