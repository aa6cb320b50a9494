package dev.metering.core.debit;

import static org.assertj.core.api.Assertions.assertThat;

import dev.metering.core.cycle.Cycle;
import dev.metering.core.cycle.CyclePools;
import dev.metering.core.money.Money;
import dev.metering.core.source.PoolKind;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.TreeSet;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.LongRange;
import org.junit.jupiter.api.Test;

class AuthorizationTest {

    private static final Instant START = Instant.parse("2027-02-10T00:00:00Z");
    private static final Cycle CYCLE = new Cycle(1, START, Instant.parse("2027-03-10T00:00:00Z"), ZoneOffset.UTC);

    private static CyclePools pools(long grantedUsd, long usedUsd, boolean claimed, boolean extra, Money cap, long accruedUsd) {
        Pool programmatic = new Pool(PoolKind.PROGRAMMATIC, Money.ofUsd(grantedUsd), Money.ofUsd(usedUsd), Money.ZERO, Money.ZERO,
                new ExtraUsage(extra, cap, Money.ofUsd(accruedUsd)), null, new TreeSet<>(), Money.ZERO);
        return new CyclePools("acct_1", CYCLE, "pro", claimed, programmatic, Pool.interactive(Money.ofUsd(8)), java.util.Map.of(), null, 7);
    }

    @Test
    void creditLeftIsServedFromTheCredit() {
        Authorization a = Authorization.of(pools(20, 5, true, false, null, 0), PoolKind.PROGRAMMATIC);
        assertThat(a.decision()).isEqualTo(Authorization.Decision.ALLOW);
        assertThat(a.billing()).isEqualTo(Authorization.Billing.CREDIT);
        assertThat(a.reason()).isNull();
        assertThat(a.remaining()).isEqualTo(Money.ofUsd(15));
        assertThat(a.extraUsageHeadroom()).as("extra usage off: none").isEqualTo(Money.ZERO);
        assertThat(a.resetsAt()).isEqualTo(CYCLE.end());
        assertThat(a.cycleVersion()).isEqualTo(7);
    }

    @Test
    void spentCreditGoesToExtraUsageUntilTheCap() {
        Authorization under = Authorization.of(pools(20, 20, true, true, Money.ofUsd(10), 4), PoolKind.PROGRAMMATIC);
        assertThat(under.billing()).isEqualTo(Authorization.Billing.EXTRA_USAGE);
        assertThat(under.extraUsageHeadroom()).isEqualTo(Money.ofUsd(6));
        assertThat(Authorization.of(pools(20, 20, true, true, null, 4), PoolKind.PROGRAMMATIC).extraUsageHeadroom()).as("no cap").isNull();
        Authorization capped = Authorization.of(pools(20, 20, true, true, Money.ofUsd(10), 10), PoolKind.PROGRAMMATIC);
        assertThat(capped.decision()).isEqualTo(Authorization.Decision.DENY);
        assertThat(capped.reason()).isEqualTo(Authorization.Reason.EXTRA_USAGE_CAP_REACHED);
        assertThat(capped.billing()).isNull();
    }

    @Test
    void eachRefusalHasItsName() {
        assertThat(Authorization.of(pools(20, 20, true, false, null, 0), PoolKind.PROGRAMMATIC).reason())
                .isEqualTo(Authorization.Reason.CREDIT_EXHAUSTED_EXTRA_USAGE_OFF);
        assertThat(Authorization.of(pools(0, 0, false, false, null, 0), PoolKind.PROGRAMMATIC).reason())
                .isEqualTo(Authorization.Reason.NO_CREDIT_CLAIMED_EXTRA_USAGE_OFF);
        CyclePools spent = pools(20, 0, true, false, null, 0);
        spent = spent.debit(PoolKind.INTERACTIVE, "m", Money.ofUsd(9), START).after();
        Authorization interactive = Authorization.of(spent, PoolKind.INTERACTIVE);
        assertThat(interactive.reason()).isEqualTo(Authorization.Reason.INTERACTIVE_ALLOWANCE_EXHAUSTED);
        assertThat(interactive.extraUsageHeadroom()).isNull();
        assertThat(Authorization.of(pools(20, 0, true, false, null, 0), PoolKind.INTERACTIVE).billing())
                .isEqualTo(Authorization.Billing.ALLOWANCE);
    }

    /** The decision agrees with what the debit rule does with the next event, whatever its cost. */
    @Property(tries = 1000)
    void agreesWithTheDebitOfTheNextEvent(@ForAll @IntRange(min = 0, max = 50) int granted, @ForAll @IntRange(min = 0, max = 60) int used,
                                          @ForAll boolean extra, @ForAll boolean capped, @ForAll @IntRange(min = 0, max = 20) int cap,
                                          @ForAll @IntRange(min = 0, max = 25) int accrued, @ForAll @LongRange(min = 1, max = 5_000_000_000L) long costNanos,
                                          @ForAll boolean interactive) {
        int spent = Math.min(used, granted);
        int extraAccrued = extra && spent == granted ? (capped ? Math.min(accrued, cap) : accrued) : 0;
        CyclePools pools = pools(granted, spent, granted > 0, extra, capped ? Money.ofUsd(cap) : null, extraAccrued);
        PoolKind kind = interactive ? PoolKind.INTERACTIVE : PoolKind.PROGRAMMATIC;

        Authorization decision = Authorization.of(pools, kind);
        Money cost = Money.ofNanos(costNanos);
        Split next = DebitRule.debit(pools.pool(kind), cost, START).split();

        assertThat(decision.decision() == Authorization.Decision.ALLOW).isEqualTo(next.overrun().compareTo(cost) < 0);
        if (decision.decision() == Authorization.Decision.ALLOW) {
            Authorization.Billing expected = next.credit().isPositive()
                    ? (interactive ? Authorization.Billing.ALLOWANCE : Authorization.Billing.CREDIT) : Authorization.Billing.EXTRA_USAGE;
            assertThat(decision.billing()).isEqualTo(expected);
        } else {
            assertThat(next.credit().isZero() && next.extraUsage().isZero()).isTrue();
            assertThat(decision.reason()).isNotNull();
        }
    }
}
