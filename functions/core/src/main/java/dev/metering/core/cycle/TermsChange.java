package dev.metering.core.cycle;

import dev.metering.core.account.Terms;
import dev.metering.core.debit.Pool;
import dev.metering.core.ledger.EntryKind;
import dev.metering.core.ledger.LedgerEntry;
import dev.metering.core.money.Money;
import dev.metering.core.plan.Plan;
import dev.metering.core.plan.PlanCatalog;
import dev.metering.core.source.PoolKind;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * Brings an open cycle to the terms its account now holds for it, each movement of credit a ledger
 * entry. A change made now reaches the cycle containing now and any later cycle opened already:
 * <ul>
 *   <li>a plan change brings each pool's grant to what the plan in force grants (credit only where
 *       claimed) plus the cycle's adjustments, never below what was used: an upgrade grants the
 *       difference at once; a downgrade reaches only a cycle that starts after it was recorded, and
 *       takes back at most what remains; so any sequence of changes ends at the last plan's grant,
 *       and a downgrade cut short by what was used is never granted twice by the upgrade after it;
 *   <li>a claim grants the cycle's plan credit, once;
 *   <li>extra-usage settings replace the pool's; enabling or raising the cap resumes a paused pool.
 * </ul>
 */
public final class TermsChange {

    /** The cycle after the change and the ledger entries that record it (none for settings alone). */
    public record Result(CyclePools after, List<LedgerEntry> entries) {
        public boolean changed(CyclePools before) {
            return !after.equals(before);
        }
    }

    private final PlanCatalog plans;

    public TermsChange(PlanCatalog plans) {
        this.plans = plans;
    }

    /** @param changeId unique per change of the account (its new version), so that entry ids never collide */
    public Result apply(CyclePools cycle, Terms wanted, Instant now, String changeId) {
        if (cycle.isClosed()) {
            throw new IllegalArgumentException("a closed cycle never changes: " + cycle.cycle().start());
        }
        List<LedgerEntry> entries = new ArrayList<>();
        Instant start = cycle.cycle().start();
        String prefix = "terms:" + start.getEpochSecond() + ":" + changeId;
        CyclePools after = cycle;
        if (!wanted.plan().equals(cycle.plan())) {
            Plan from = plans.require(cycle.plan());
            Plan to = plans.require(wanted.plan());
            String reason = (to.isUpgradeFrom(from) ? "upgrade" : "downgrade") + " from " + from.id() + " to " + to.id();
            Money fromCredit = cycle.claimed() ? from.programmaticCredit() : Money.ZERO;
            Money toCredit = cycle.claimed() ? to.programmaticCredit() : Money.ZERO;
            after = after.withPlan(to.id());
            after = move(after, PoolKind.PROGRAMMATIC, toGrant(cycle.programmatic(), fromCredit, toCredit), now, prefix, reason, entries);
            after = move(after, PoolKind.INTERACTIVE, toGrant(cycle.interactive(), from.interactiveAllowance(), to.interactiveAllowance()),
                    now, prefix, reason, entries);
        }
        if (wanted.claimed() && !after.claimed()) {
            Money credit = plans.require(after.plan()).programmaticCredit();
            after = after.withClaimed(true);
            after = move(after, PoolKind.PROGRAMMATIC, credit, now, "claim:" + start.getEpochSecond(), "programmatic credit claimed on plan "
                    + after.plan(), entries);
        }
        if (wanted.extraUsageEnabled() != after.programmatic().extraUsage().enabled()
                || !Objects.equals(wanted.extraUsageCap(), after.programmatic().extraUsage().cap())) {
            after = after.with(after.programmatic().withExtraUsageSettings(wanted.extraUsageEnabled(), wanted.extraUsageCap(), now));
        }
        return new Result(after, entries);
    }

    /**
     * What moves into a pool whose plan grant goes from {@code fromPlan} to {@code toPlan}: the grant
     * becomes the new plan's plus the cycle's adjustments, never below what was used and expired. A
     * pool stored before adjustments were kept apart counts all it holds beyond its plan's grant as
     * adjusted, so its grant is kept as it stood.
     */
    static Money toGrant(Pool pool, Money fromPlan, Money toPlan) {
        Money adjusted = pool.adjusted() != null ? pool.adjusted() : pool.granted().minus(fromPlan);
        Money floor = pool.used().plus(pool.expired());
        Money target = Money.max(Money.max(Money.ZERO, floor), toPlan.plus(adjusted));
        return target.minus(pool.granted());
    }

    /** Grants {@code amount} into a pool; a negative amount takes back at most what remains. */
    private static CyclePools move(CyclePools cycle, PoolKind kind, Money amount, Instant now, String id, String reason,
                                   List<LedgerEntry> entries) {
        Money remaining = Money.max(Money.ZERO, cycle.pool(kind).remaining());
        Money moved = amount.isNegative() ? Money.max(amount, remaining.negate()) : amount;
        if (moved.isZero()) {
            return cycle;
        }
        Pool before = cycle.pool(kind);
        Pool after = before.grant(moved, now);
        // Taking credit back may spend the rest of it: the entry carries the rate switch and thresholds it set off.
        entries.add(LedgerEntry.movement(id + ":" + kind.name().toLowerCase(), EntryKind.GRANT, kind, now, cycle.cycle().start(),
                moved, reason).marked(LedgerEntry.Marks.between(before, after)));
        return cycle.with(after);
    }
}
