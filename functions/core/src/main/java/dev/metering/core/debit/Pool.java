package dev.metering.core.debit;

import dev.metering.core.money.Money;
import dev.metering.core.source.PoolKind;
import java.time.Instant;
import java.util.Collections;
import java.util.Objects;
import java.util.SortedSet;
import java.util.TreeSet;

/**
 * One pool of one cycle. {@code used} is credit consumed; extra usage and overrun are kept apart
 * because they are paid differently (billed, or not at all). The invariant
 * {@code granted = used + remaining + expired} holds by construction: remaining is derived.
 *
 * @param adjusted what adjustments have granted (net, either sign), part of {@code granted}, so that a
 *     plan change can bring the grant to what the plan grants plus adjustments; null for a pool
 *     stored before adjustments were kept apart (see {@code TermsChange})
 */
public record Pool(
        PoolKind kind,
        Money granted,
        Money used,
        Money overrun,
        Money expired,
        ExtraUsage extraUsage,
        Instant rateSwitchedAt,
        SortedSet<Integer> thresholds,
        Money adjusted) {

    public Pool {
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(granted, "granted");
        Objects.requireNonNull(used, "used");
        Objects.requireNonNull(overrun, "overrun");
        Objects.requireNonNull(expired, "expired");
        Objects.requireNonNull(extraUsage, "extraUsage");
        if (kind == PoolKind.INTERACTIVE && (extraUsage.enabled() || extraUsage.accrued().isPositive())) {
            throw new IllegalArgumentException("the interactive pool has no extra usage");
        }
        if (granted.isNegative() || used.isNegative() || overrun.isNegative() || expired.isNegative()) {
            throw new IllegalArgumentException("negative pool amount");
        }
        if (used.plus(expired).compareTo(granted) > 0) {
            throw new IllegalArgumentException("used " + used + " + expired " + expired + " exceed granted " + granted);
        }
        thresholds = Collections.unmodifiableSortedSet(new TreeSet<>(thresholds == null ? new TreeSet<>() : thresholds));
    }

    public static Pool interactive(Money allowance) {
        return new Pool(PoolKind.INTERACTIVE, allowance, Money.ZERO, Money.ZERO, Money.ZERO, ExtraUsage.OFF, null, new TreeSet<>(),
                Money.ZERO);
    }

    public static Pool programmatic(Money credit, boolean extraUsageEnabled, Money cap) {
        return new Pool(PoolKind.PROGRAMMATIC, credit, Money.ZERO, Money.ZERO, Money.ZERO,
                new ExtraUsage(extraUsageEnabled, cap, Money.ZERO), null, new TreeSet<>(), Money.ZERO);
    }

    public Money remaining() {
        return granted.minus(used).minus(expired);
    }

    public PoolState state() {
        if (kind == PoolKind.INTERACTIVE) {
            return remaining().isPositive() ? PoolState.ACTIVE : PoolState.PAUSED;
        }
        if (remaining().isPositive()) {
            return PoolState.CREDIT;
        }
        return extraUsage.hasHeadroom() ? PoolState.EXTRA_USAGE : PoolState.PAUSED;
    }

    /** Adds credit (a claim, a plan change). A negative amount takes unused credit back. */
    public Pool grant(Money amount, Instant at) {
        Pool after = new Pool(kind, granted.plus(amount), used, overrun, expired, extraUsage, rateSwitchedAt, thresholds, adjusted);
        return after.settledFrom(this, at);
    }

    /** An adjustment: granted like any credit, and counted apart so that plan changes keep it. */
    public Pool adjust(Money amount, Instant at) {
        Pool after = new Pool(kind, granted.plus(amount), used, overrun, expired, extraUsage, rateSwitchedAt, thresholds,
                adjusted == null ? null : adjusted.plus(amount));
        return after.settledFrom(this, at);
    }

    public Pool withExtraUsageSettings(boolean enabled, Money cap, Instant at) {
        if (kind == PoolKind.INTERACTIVE) {
            throw new IllegalArgumentException("the interactive pool has no extra usage");
        }
        Pool after = new Pool(kind, granted, used, overrun, expired, extraUsage.withSettings(enabled, cap), rateSwitchedAt, thresholds,
                adjusted);
        return after.settledFrom(this, at);
    }

    /** Unused credit lapses at the end of the cycle; this is not a rate switch. */
    public Pool expireRemaining() {
        return new Pool(kind, granted, used, overrun, expired.plus(remaining()), extraUsage, rateSwitchedAt, thresholds, adjusted);
    }

    Pool afterDebit(Split split, Instant at) {
        Pool after = new Pool(kind, granted, used.plus(split.credit()), overrun.plus(split.overrun()), expired,
                extraUsage.accrue(split.extraUsage()), rateSwitchedAt, thresholds, adjusted);
        return after.settledFrom(this, at);
    }

    /** Records the rate switch (once per cycle) and newly reached thresholds after a change from {@code before}. */
    private Pool settledFrom(Pool before, Instant at) {
        Instant switchedAt = rateSwitchedAt;
        if (kind == PoolKind.PROGRAMMATIC && switchedAt == null
                && before.state() == PoolState.CREDIT && state() != PoolState.CREDIT) {
            switchedAt = at;
        }
        TreeSet<Integer> reached = new TreeSet<>(thresholds);
        if (kind == PoolKind.PROGRAMMATIC) {
            for (int percent : Threshold.PERCENTS) {
                if (Threshold.reached(percent, used, granted)) {
                    reached.add(percent);
                }
            }
        }
        return new Pool(kind, granted, used, overrun, expired, extraUsage, switchedAt, reached, adjusted);
    }
}
