package dev.metering.core.cycle;

import dev.metering.core.account.Terms;
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
 *   <li>an upgrade grants the difference at once (credit only where claimed);
 *   <li>a downgrade reaches only a cycle that starts after it was recorded: its grant is corrected
 *       down, by at most what remains, since what was used is used;
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
            boolean upgrade = to.isUpgradeFrom(from);
            String reason = (upgrade ? "upgrade" : "downgrade") + " from " + from.id() + " to " + to.id();
            // An upgrade only ever grants, a downgrade only ever takes back.
            Money credit = cycle.claimed() ? bounded(to.programmaticCredit().minus(from.programmaticCredit()), upgrade) : Money.ZERO;
            Money allowance = bounded(to.interactiveAllowance().minus(from.interactiveAllowance()), upgrade);
            after = after.withPlan(to.id());
            after = move(after, PoolKind.PROGRAMMATIC, credit, now, prefix, reason, entries);
            after = move(after, PoolKind.INTERACTIVE, allowance, now, prefix, reason, entries);
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

    private static Money bounded(Money difference, boolean upgrade) {
        return upgrade ? Money.max(Money.ZERO, difference) : Money.min(Money.ZERO, difference);
    }

    /** Grants {@code amount} into a pool; a negative amount takes back at most what remains. */
    private static CyclePools move(CyclePools cycle, PoolKind kind, Money amount, Instant now, String id, String reason,
                                   List<LedgerEntry> entries) {
        Money remaining = Money.max(Money.ZERO, cycle.pool(kind).remaining());
        Money moved = amount.isNegative() ? Money.max(amount, remaining.negate()) : amount;
        if (moved.isZero()) {
            return cycle;
        }
        entries.add(LedgerEntry.movement(id + ":" + kind.name().toLowerCase(), EntryKind.GRANT, kind, now, cycle.cycle().start(),
                moved, reason));
        return cycle.with(cycle.pool(kind).grant(moved, now));
    }
}
