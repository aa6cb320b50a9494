package dev.metering.core.cycle;

import dev.metering.core.debit.Debit;
import dev.metering.core.debit.DebitRule;
import dev.metering.core.debit.Pool;
import dev.metering.core.money.Money;
import dev.metering.core.source.PoolKind;
import java.time.Instant;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;

/**
 * Both pools of one account in one cycle, as one versioned unit: every change to either pool is
 * computed from a version and written on condition that the version is still current.
 *
 * @param claimed whether the programmatic credit is granted in this cycle
 * @param extraUsageByModel the programmatic pool's extra usage per model: the invoice line's
 *     breakdown, kept with the totals so that the close reads it from this one item
 * @param closedAt when the reset closed the cycle, {@code null} while open
 * @param version the stored version this state was read at; 0 for a cycle not stored yet
 */
public record CyclePools(
        String accountId,
        Cycle cycle,
        String plan,
        boolean claimed,
        Pool programmatic,
        Pool interactive,
        Map<String, Money> extraUsageByModel,
        Instant closedAt,
        long version) {

    public CyclePools {
        Objects.requireNonNull(accountId, "accountId");
        Objects.requireNonNull(cycle, "cycle");
        Objects.requireNonNull(programmatic, "programmatic");
        Objects.requireNonNull(interactive, "interactive");
        if (programmatic.kind() != PoolKind.PROGRAMMATIC || interactive.kind() != PoolKind.INTERACTIVE) {
            throw new IllegalArgumentException("pools in the wrong places");
        }
        extraUsageByModel = java.util.Collections.unmodifiableMap(new TreeMap<>(extraUsageByModel));
    }

    /** A cycle's pools as they open: nothing used yet. */
    public static CyclePools opened(String accountId, Cycle cycle, String plan, boolean claimed, Pool programmatic, Pool interactive) {
        return new CyclePools(accountId, cycle, plan, claimed, programmatic, interactive, Map.of(), null, 0);
    }

    public boolean isStored() {
        return version > 0;
    }

    public boolean isClosed() {
        return closedAt != null;
    }

    public Pool pool(PoolKind kind) {
        return kind == PoolKind.PROGRAMMATIC ? programmatic : interactive;
    }

    public CyclePools with(Pool pool) {
        return pool.kind() == PoolKind.PROGRAMMATIC
                ? new CyclePools(accountId, cycle, plan, claimed, pool, interactive, extraUsageByModel, closedAt, version)
                : new CyclePools(accountId, cycle, plan, claimed, programmatic, pool, extraUsageByModel, closedAt, version);
    }

    public CyclePools withClaimed(boolean claimed) {
        return new CyclePools(accountId, cycle, plan, claimed, programmatic, interactive, extraUsageByModel, closedAt, version);
    }

    public CyclePools withPlan(String plan) {
        return new CyclePools(accountId, cycle, plan, claimed, programmatic, interactive, extraUsageByModel, closedAt, version);
    }

    /** The same pools at another stored version (after a write of them). */
    public CyclePools atVersion(long newVersion) {
        return new CyclePools(accountId, cycle, plan, claimed, programmatic, interactive, extraUsageByModel, closedAt, newVersion);
    }

    /**
     * The pools as the reset closes them: unused credit expires (no roll-over) and nothing changes
     * after. Unused interactive allowance is not money: it lapses with the cycle, unrecorded.
     */
    public CyclePools close(Instant at) {
        if (isClosed()) {
            throw new IllegalStateException("cycle " + cycle.start() + " of " + accountId + " is already closed");
        }
        return new CyclePools(accountId, cycle, plan, claimed, programmatic.expireRemaining(), interactive, extraUsageByModel, at, version);
    }

    /** The next state of this unit after a debit of {@code cost} of {@code model} against the pool of {@code kind}. */
    public Debited debit(PoolKind kind, String model, Money cost, Instant at) {
        Debit debit = DebitRule.debit(pool(kind), cost, at);
        CyclePools after = with(debit.after());
        if (debit.split().extraUsage().isPositive()) {
            Map<String, Money> byModel = new TreeMap<>(extraUsageByModel);
            byModel.merge(model, debit.split().extraUsage(), Money::plus);
            after = new CyclePools(accountId, cycle, plan, claimed, after.programmatic, interactive, byModel, closedAt, version);
        }
        return new Debited(debit, after);
    }

    /** A debit and the pools after it. */
    public record Debited(Debit debit, CyclePools after) {}
}
