package dev.metering.core.cycle;

import dev.metering.core.account.Account;
import dev.metering.core.account.Terms;
import dev.metering.core.debit.Pool;
import dev.metering.core.money.Money;
import dev.metering.core.plan.Plan;
import dev.metering.core.plan.PlanCatalog;
import java.time.Instant;

/**
 * What a cycle's pools hold when the cycle opens: the account's terms for that cycle (see
 * {@link Account#termsFor}), so that a cycle opened early by an event stamped ahead, or late by a
 * reset that was behind, holds what it would have held had it opened on time. Whoever opens the
 * cycle (account creation, the reset, a settings change or the recorder) opens it the same way.
 */
public final class CycleOpening {

    private final PlanCatalog plans;

    public CycleOpening(PlanCatalog plans) {
        this.plans = plans;
    }

    public CyclePools open(Account account, Cycle cycle, Instant now) {
        Terms terms = account.termsFor(cycle, now);
        Plan plan = plans.require(terms.plan());
        Money credit = terms.claimed() ? plan.programmaticCredit() : Money.ZERO;
        return CyclePools.opened(account.id(), cycle, plan.id(), terms.claimed(),
                Pool.programmatic(credit, terms.extraUsageEnabled(), terms.extraUsageCap()),
                Pool.interactive(plan.interactiveAllowance()));
    }
}
