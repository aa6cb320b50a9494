package dev.metering.core.usage;

import static org.assertj.core.api.Assertions.assertThat;

import dev.metering.core.cycle.Cycle;
import dev.metering.core.cycle.CyclePools;
import dev.metering.core.debit.ExtraUsage;
import dev.metering.core.debit.Pool;
import dev.metering.core.money.Money;
import dev.metering.core.source.PoolKind;
import java.time.Instant;
import java.time.ZoneId;
import java.util.Map;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;

/** Forecasts of constructed histories: none yet, a steady burn, one that already ran out, a cap ahead, one that outlasts the cycle. */
class ForecastTest {

    private static final ZoneId ZONE = ZoneId.of("America/New_York");
    private static final Instant START = Instant.parse("2027-02-10T05:00:00Z"); // midnight in New York
    private static final Cycle CYCLE = new Cycle(1, START, Instant.parse("2027-03-10T05:00:00Z"), ZONE);

    private static CyclePools pools(long usedUsd, boolean extra, Money cap, long accruedUsd, Instant switchedAt) {
        Pool programmatic = new Pool(PoolKind.PROGRAMMATIC, Money.ofUsd(100), Money.ofUsd(usedUsd), Money.ZERO, Money.ZERO,
                new ExtraUsage(extra, cap, Money.ofUsd(accruedUsd)), switchedAt, new TreeSet<>(), Money.ZERO);
        return new CyclePools("acct_1", CYCLE, "max-5x", true, programmatic, Pool.interactive(Money.ofUsd(40)), Map.of(), null, 3);
    }

    @Test
    void nothingUsedYetForecastsNothing() {
        Forecast f = Forecast.of(pools(0, false, null, 0, null), START.plusSeconds(3600));
        assertThat(f.dailyBurn()).isEqualTo(Money.ZERO);
        assertThat(f.creditDepletesAt()).isNull();
        assertThat(f.capReachedAt()).isNull();
        assertThat(f.basis()).contains("no programmatic usage");
    }

    @Test
    void aSteadyBurnRunsOutWhenTheRemainderIsSpentAtThatRate() {
        // Four days (Feb 10..13, New York), $40 of programmatic cost.
        Instant now = Instant.parse("2027-02-13T17:00:00Z");

        Forecast f = Forecast.of(pools(40, false, null, 0, null), now);

        assertThat(f.dailyBurn()).isEqualTo(Money.ofUsd(10));
        assertThat(f.creditDepletesAt()).as("$60 left at $10 a day").isEqualTo(now.plusSeconds(6 * 86_400));
        assertThat(f.capReachedAt()).isNull();
        assertThat(f.basis()).contains("40.000000000").contains("4 days").contains("2027-02-10").contains("America/New_York");
    }

    @Test
    void aCapAheadIsReachedAfterTheCreditRunsOut() {
        Instant now = Instant.parse("2027-02-11T17:00:00Z"); // two days: $20 a day
        Forecast f = Forecast.of(pools(40, true, Money.ofUsd(30), 0, null), now);
        assertThat(f.creditDepletesAt()).isEqualTo(now.plusSeconds(3 * 86_400));
        assertThat(f.capReachedAt()).isEqualTo(now.plusSeconds(3 * 86_400 + 129_600));
    }

    @Test
    void creditThatAlreadyRanOutDepletedAtTheRateSwitch() {
        Instant switched = Instant.parse("2027-02-12T09:30:00Z");
        Instant now = Instant.parse("2027-02-12T20:00:00Z"); // three days: $40 a day
        Forecast f = Forecast.of(pools(100, true, Money.ofUsd(50), 20, switched), now);
        assertThat(f.dailyBurn()).isEqualTo(Money.ofUsd(40));
        assertThat(f.creditDepletesAt()).isEqualTo(switched);
        assertThat(f.capReachedAt()).as("$30 of headroom from now at $40 a day").isEqualTo(now.plusSeconds(64_800));
        assertThat(Forecast.of(pools(100, true, Money.ofUsd(20), 20, switched), now).capReachedAt())
                .as("reached already: the state says it").isNull();
    }

    @Test
    void creditThatOutlastsTheCycleExpiresFirst() {
        Forecast f = Forecast.of(pools(1, false, null, 0, null), Instant.parse("2027-02-10T20:00:00Z"));
        assertThat(f.dailyBurn()).as("at least one day").isEqualTo(Money.ofUsd(1));
        assertThat(f.creditDepletesAt()).as("99 days of credit, 28 left in the cycle").isNull();
    }

    @Test
    void aPoolThatNeverHadCreditProjectsItsCapFromNow() {
        Pool never = new Pool(PoolKind.PROGRAMMATIC, Money.ZERO, Money.ZERO, Money.ZERO, Money.ZERO,
                new ExtraUsage(true, Money.ofUsd(30), Money.ofUsd(10)), null, new TreeSet<>(), Money.ZERO);
        CyclePools unclaimed = new CyclePools("acct_1", CYCLE, "pro", false, never, Pool.interactive(Money.ofUsd(8)), Map.of(), null, 3);
        Instant now = Instant.parse("2027-02-10T17:00:00Z"); // one day: $10 a day

        Forecast f = Forecast.of(unclaimed, now);

        assertThat(f.creditDepletesAt()).as("never had any").isNull();
        assertThat(f.capReachedAt()).as("$20 of headroom at $10 a day").isEqualTo(now.plusSeconds(2 * 86_400));
    }

    @Test
    void anEndedCycleDividesByItsOwnDaysNotTheDayItsSuccessorStarts() {
        // February 2027 from midnight in New York: 28 days, $56 spent, $2 a day.
        Instant febStart = Instant.parse("2027-02-01T05:00:00Z");
        Cycle february = new Cycle(1, febStart, Instant.parse("2027-03-01T05:00:00Z"), ZONE);
        Pool programmatic = new Pool(PoolKind.PROGRAMMATIC, Money.ofUsd(100), Money.ofUsd(56), Money.ZERO, Money.ZERO,
                new ExtraUsage(false, null, Money.ZERO), null, new TreeSet<>(), Money.ZERO);
        CyclePools ended = new CyclePools("acct_1", february, "max-5x", true, programmatic, Pool.interactive(Money.ofUsd(40)), Map.of(),
                null, 3);

        Forecast f = Forecast.of(ended, Instant.parse("2027-03-05T00:00:00Z"));

        assertThat(f.dailyBurn()).isEqualTo(Money.ofUsd(2));
        assertThat(f.basis()).contains("28 days");
    }
}
