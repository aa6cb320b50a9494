package dev.metering.core.cycle;

import dev.metering.core.account.Account;
import dev.metering.core.debit.Pool;
import dev.metering.core.money.Money;
import dev.metering.core.plan.Plan;
import dev.metering.core.plan.PlanCatalog;

/**
 * What a cycle's pools hold when the cycle opens: the plan in effect for the cycle (a pending
 * downgrade applies from its cycle on), the interactive allowance, and the programmatic credit if
 * the account has claimed it. Whoever opens the cycle (account creation, the reset, or the
 * recorder when the reset is late) opens it the same way.
 */
public final class CycleOpening {

    private final PlanCatalog plans;

    public CycleOpening(PlanCatalog plans) {
        this.plans = plans;
    }

    public CyclePools open(Account account, Cycle cycle) {
        Plan plan = plans.require(account.planFor(cycle));
        Money credit = account.claimed() ? plan.programmaticCredit() : Money.ZERO;
        return new CyclePools(account.id(), cycle, plan.id(), account.claimed(),
                Pool.programmatic(credit, account.extraUsageEnabled(), account.extraUsageCap()),
                Pool.interactive(plan.interactiveAllowance()), null, 0);
    }
}
