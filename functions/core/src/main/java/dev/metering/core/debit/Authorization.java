package dev.metering.core.debit;

import dev.metering.core.budget.Budget;
import dev.metering.core.budget.BudgetSet;
import dev.metering.core.budget.BudgetWindow;
import dev.metering.core.budget.Tags;
import dev.metering.core.cycle.Cycle;
import dev.metering.core.cycle.CyclePools;
import dev.metering.core.money.Money;
import dev.metering.core.source.PoolKind;
import java.time.Instant;
import java.time.ZoneId;
import java.util.Optional;

/**
 * What a gateway asks before serving a request: would the next event of this pool be served, and
 * how would it be paid. It is the debit rule itself applied to an event of one nano-dollar, so it
 * agrees with what recording that event would do: ALLOW unless such an event would be wholly
 * overrun. It is a decision, not a reservation: requests served meanwhile may overshoot, and the
 * overshoot is recorded as overrun.
 *
 * @param billing how the next event would be paid; null when denied
 * @param reason why it is denied; null when allowed
 * @param extraUsageHeadroom what extra usage may still accrue under its cap: zero when extra usage
 *     is off, null when it has no cap or for the interactive pool (which has none)
 * @param cycleStart with {@code cycleVersion}, which state of which cycle the decision was made from
 *     (versions restart with each cycle)
 * @param budgetId the budget that denies the request ({@code BUDGET_EXHAUSTED}), else null
 * @param budgetsVersion which state of the account's budgets the decision was made from (0: none)
 * @param changesBy when time alone may change the answer (a budget counted over a day or an hour
 *     matches the request: the next 5-minute step), else null
 */
public record Authorization(Decision decision, PoolKind pool, Billing billing, Reason reason, Money remaining,
                            Money extraUsageHeadroom, Instant cycleStart, Instant resetsAt, long cycleVersion, String budgetId,
                            long budgetsVersion, Instant changesBy) {

    public Authorization(Decision decision, PoolKind pool, Billing billing, Reason reason, Money remaining, Money extraUsageHeadroom,
                         Instant cycleStart, Instant resetsAt, long cycleVersion) {
        this(decision, pool, billing, reason, remaining, extraUsageHeadroom, cycleStart, resetsAt, cycleVersion, null, 0, null);
    }

    public enum Decision { ALLOW, DENY }

    public enum Billing { CREDIT, EXTRA_USAGE, ALLOWANCE }

    public enum Reason {
        CREDIT_EXHAUSTED_EXTRA_USAGE_OFF,
        EXTRA_USAGE_CAP_REACHED,
        INTERACTIVE_ALLOWANCE_EXHAUSTED,
        NO_CREDIT_CLAIMED_EXTRA_USAGE_OFF,
        BUDGET_EXHAUSTED
    }

    private static final Money SMALLEST = Money.ofNanos(1);

    public static Authorization of(CyclePools pools, PoolKind kind) {
        Pool pool = pools.pool(kind);
        Split next = DebitRule.debit(pool, SMALLEST, pools.cycle().start()).split();
        Money headroom = kind == PoolKind.INTERACTIVE ? null : pool.extraUsage().headroom();
        if (next.overrun().equals(SMALLEST)) {
            return new Authorization(Decision.DENY, kind, null, refusal(pools, kind), pool.remaining(), headroom,
                    pools.cycle().start(), pools.cycle().end(), pools.version());
        }
        Billing billing = next.credit().isPositive() ? (kind == PoolKind.PROGRAMMATIC ? Billing.CREDIT : Billing.ALLOWANCE) : Billing.EXTRA_USAGE;
        return new Authorization(Decision.ALLOW, kind, billing, null, pool.remaining(), headroom, pools.cycle().start(),
                pools.cycle().end(), pools.version());
    }

    /**
     * The decision with the account's budgets: after the pool's own reasons, a programmatic request is
     * denied when a {@code pause} budget it matches would be left at or above its limit by a
     * one-nano-dollar event ({@code BUDGET_EXHAUSTED}, the lowest such budget named). The recorder never
     * refuses usage: this is what a gateway is told before it serves.
     *
     * @param current the cycle holding {@code now}
     */
    public Authorization withBudgets(BudgetSet budgets, String source, Tags tags, Cycle current, ZoneId zone, Instant now) {
        if (pool != PoolKind.PROGRAMMATIC || budgets.isEmpty()) {
            return this;
        }
        Instant timed = budgets.timed(source, tags) ? BudgetWindow.stepStart(BudgetWindow.step(now) + 1) : null;
        Optional<Budget> stopping = decision == Decision.DENY ? Optional.empty() : budgets.stopping(source, tags, current, zone, now);
        if (stopping.isPresent()) {
            return new Authorization(Decision.DENY, pool, null, Reason.BUDGET_EXHAUSTED, remaining, extraUsageHeadroom, cycleStart, resetsAt,
                    cycleVersion, stopping.get().budgetId(), budgets.version(), timed);
        }
        return new Authorization(decision, pool, billing, reason, remaining, extraUsageHeadroom, cycleStart, resetsAt, cycleVersion, null,
                budgets.version(), timed);
    }

    /** Why the pool of {@code kind} takes no more: the names the API and the notifications give. */
    public static Reason refusal(CyclePools pools, PoolKind kind) {
        if (kind == PoolKind.INTERACTIVE) {
            return Reason.INTERACTIVE_ALLOWANCE_EXHAUSTED;
        }
        if (pools.programmatic().extraUsage().enabled()) {
            return Reason.EXTRA_USAGE_CAP_REACHED;
        }
        return pools.claimed() || pools.programmatic().granted().isPositive()
                ? Reason.CREDIT_EXHAUSTED_EXTRA_USAGE_OFF : Reason.NO_CREDIT_CLAIMED_EXTRA_USAGE_OFF;
    }
}
