package dev.metering.core.debit;

import static org.assertj.core.api.Assertions.assertThat;

import dev.metering.core.money.Money;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.Size;

class DebitInvariantsTest {

    private static final Instant T0 = Instant.parse("2026-11-01T00:00:00Z");

    @Provide
    Arbitrary<Pool> pools() {
        Arbitrary<Long> amounts = Arbitraries.longs().between(0, 300_000_000_000L);
        Arbitrary<Money> caps = amounts.map(Money::ofNanos).injectNull(0.3);
        return Combinators.combine(amounts, Arbitraries.of(true, false), caps)
                .as((granted, enabled, cap) -> Pool.programmatic(Money.ofNanos(granted), enabled, cap));
    }

    @Provide
    Arbitrary<Long> costs() {
        return Arbitraries.oneOf(
                Arbitraries.longs().between(0, 5_000_000_000L),
                Arbitraries.longs().between(0, 1_000),
                Arbitraries.just(0L));
    }

    @Property(tries = 2000)
    void theSplitAlwaysSumsToTheCost(@ForAll("pools") Pool pool, @ForAll("costs") long cost) {
        Debit debit = DebitRule.debit(pool, Money.ofNanos(cost), T0);
        assertThat(debit.split().total().nanos()).isEqualTo(cost);
        assertThat(debit.split().credit().isNegative() || debit.split().extraUsage().isNegative() || debit.split().overrun().isNegative())
                .isFalse();
    }

    @Property(tries = 500)
    void overAnySequenceOfDebitsTheInvariantsHold(
            @ForAll("pools") Pool start, @ForAll @Size(max = 200) List<@net.jqwik.api.constraints.LongRange(min = 0, max = 20_000_000_000L) Long> costs) {
        Pool pool = start;
        long charged = 0;
        int switches = 0;
        Map<Integer, Integer> thresholdHits = new HashMap<>();
        Instant at = T0;
        for (long cost : costs) {
            Debit debit = DebitRule.debit(pool, Money.ofNanos(cost), at);
            charged += cost;
            switches += debit.rateSwitched() ? 1 : 0;
            debit.thresholdsReached().forEach(t -> thresholdHits.merge(t, 1, Integer::sum));
            pool = debit.after();

            assertThat(pool.remaining().isNegative()).as("remaining never negative").isFalse();
            assertThat(pool.granted()).isEqualTo(pool.used().plus(pool.remaining()).plus(pool.expired()));
            if (pool.extraUsage().cap() != null) {
                assertThat(pool.extraUsage().accrued()).as("extra usage never passes the cap").isLessThanOrEqualTo(pool.extraUsage().cap());
            }
            if (!pool.extraUsage().enabled()) {
                assertThat(pool.extraUsage().accrued()).isEqualTo(Money.ZERO);
            }
            at = at.plusSeconds(1);
        }
        assertThat(pool.used().plus(pool.extraUsage().accrued()).plus(pool.overrun()).nanos()).isEqualTo(charged);
        assertThat(switches).isLessThanOrEqualTo(1);
        assertThat(switches == 1).isEqualTo(pool.rateSwitchedAt() != null);
        assertThat(thresholdHits.values()).allMatch(n -> n == 1);
        assertThat(thresholdHits.keySet()).isEqualTo(pool.thresholds());
    }

    @Property(tries = 1000)
    void creditIsSpentBeforeAnythingElse(@ForAll("pools") Pool pool, @ForAll("costs") long cost) {
        Debit debit = DebitRule.debit(pool, Money.ofNanos(cost), T0);
        boolean paidBeyondCredit = debit.split().extraUsage().isPositive() || debit.split().overrun().isPositive();
        if (paidBeyondCredit) {
            assertThat(debit.after().remaining()).isEqualTo(Money.ZERO);
        }
    }
}
