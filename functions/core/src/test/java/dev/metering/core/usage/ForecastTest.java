package dev.metering.core.usage;

import static org.assertj.core.api.Assertions.assertThat;

import dev.metering.core.cycle.Cycle;
import dev.metering.core.cycle.CyclePools;
import dev.metering.core.debit.ExtraUsage;
import dev.metering.core.debit.Pool;
import dev.metering.core.money.Money;
import dev.metering.core.price.TokenUsage;
import dev.metering.core.source.PoolKind;
import dev.metering.core.source.SourceCatalog;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;

/** Forecasts of constructed histories: none yet, a steady burn, one that already ran out, a cap ahead, one that outlasts the cycle. */
class ForecastTest {

    private static final ZoneId ZONE = ZoneId.of("America/New_York");
    private static final Instant START = Instant.parse("2027-02-10T05:00:00Z"); // midnight in New York
    private static final Cycle CYCLE = new Cycle(1, START, Instant.parse("2027-03-10T05:00:00Z"), ZONE);
    private static final SourceCatalog SOURCES = SourceCatalog.of(Map.of("agent-sdk", PoolKind.PROGRAMMATIC, "claude-code", PoolKind.INTERACTIVE));

    private static CyclePools pools(long usedUsd, boolean extra, Money cap, long accruedUsd, Instant switchedAt) {
        Pool programmatic = new Pool(PoolKind.PROGRAMMATIC, Money.ofUsd(100), Money.ofUsd(usedUsd), Money.ZERO, Money.ZERO,
                new ExtraUsage(extra, cap, Money.ofUsd(accruedUsd)), switchedAt, new TreeSet<>());
        return new CyclePools("acct_1", CYCLE, "max-5x", true, programmatic, Pool.interactive(Money.ofUsd(40)), Map.of(), null, 3);
    }

    private static UsageCell cell(String day, String source, long usd) {
        return new UsageCell(new UsageCell.Key(LocalDate.parse(day), "m", source), 1, Money.ofUsd(usd), Money.ofUsd(usd), Money.ZERO,
                Money.ZERO, new TokenUsage(0, 0, 0, 0, 0));
    }

    @Test
    void nothingUsedYetForecastsNothing() {
        Forecast f = Forecast.of(pools(0, false, null, 0, null), List.of(), SOURCES, START.plusSeconds(3600));
        assertThat(f.dailyBurn()).isEqualTo(Money.ZERO);
        assertThat(f.creditDepletesAt()).isNull();
        assertThat(f.capReachedAt()).isNull();
        assertThat(f.basis()).contains("no programmatic usage");
    }

    @Test
    void aSteadyBurnRunsOutWhenTheRemainderIsSpentAtThatRate() {
        // Four days (Feb 10..13, New York), $40 of programmatic cost and $30 interactive, which does not count.
        List<UsageCell> cells = List.of(cell("2027-02-10", "agent-sdk", 10), cell("2027-02-11", "agent-sdk", 20),
                cell("2027-02-13", "agent-sdk", 10), cell("2027-02-12", "claude-code", 30));
        Instant now = Instant.parse("2027-02-13T17:00:00Z");

        Forecast f = Forecast.of(pools(40, false, null, 0, null), cells, SOURCES, now);

        assertThat(f.dailyBurn()).isEqualTo(Money.ofUsd(10));
        assertThat(f.creditDepletesAt()).as("$60 left at $10 a day").isEqualTo(now.plusSeconds(6 * 86_400));
        assertThat(f.capReachedAt()).isNull();
        assertThat(f.basis()).contains("40.000000000").contains("4 days").contains("2027-02-10").contains("America/New_York");
    }

    @Test
    void aCapAheadIsReachedAfterTheCreditRunsOut() {
        List<UsageCell> cells = List.of(cell("2027-02-10", "agent-sdk", 40));
        Instant now = Instant.parse("2027-02-11T17:00:00Z"); // two days: $20 a day
        Forecast f = Forecast.of(pools(40, true, Money.ofUsd(30), 0, null), cells, SOURCES, now);
        assertThat(f.creditDepletesAt()).isEqualTo(now.plusSeconds(3 * 86_400));
        assertThat(f.capReachedAt()).isEqualTo(now.plusSeconds(3 * 86_400 + 129_600));
    }

    @Test
    void creditThatAlreadyRanOutDepletedAtTheRateSwitch() {
        Instant switched = Instant.parse("2027-02-12T09:30:00Z");
        List<UsageCell> cells = List.of(cell("2027-02-10", "agent-sdk", 100), cell("2027-02-12", "agent-sdk", 20));
        Instant now = Instant.parse("2027-02-12T20:00:00Z"); // three days: $40 a day
        Forecast f = Forecast.of(pools(100, true, Money.ofUsd(50), 20, switched), cells, SOURCES, now);
        assertThat(f.dailyBurn()).isEqualTo(Money.ofUsd(40));
        assertThat(f.creditDepletesAt()).isEqualTo(switched);
        assertThat(f.capReachedAt()).as("$30 of headroom from now at $40 a day").isEqualTo(now.plusSeconds(64_800));
        assertThat(Forecast.of(pools(100, true, Money.ofUsd(20), 20, switched), cells, SOURCES, now).capReachedAt())
                .as("reached already: the state says it").isNull();
    }

    @Test
    void creditThatOutlastsTheCycleExpiresFirst() {
        List<UsageCell> cells = List.of(cell("2027-02-10", "agent-sdk", 1));
        Forecast f = Forecast.of(pools(1, false, null, 0, null), cells, SOURCES, Instant.parse("2027-02-10T20:00:00Z"));
        assertThat(f.dailyBurn()).as("at least one day").isEqualTo(Money.ofUsd(1));
        assertThat(f.creditDepletesAt()).as("99 days of credit, 28 left in the cycle").isNull();
    }
}
