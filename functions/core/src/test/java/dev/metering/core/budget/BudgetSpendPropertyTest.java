package dev.metering.core.budget;

import static org.assertj.core.api.Assertions.assertThat;

import dev.metering.core.cycle.BillingCalendar;
import dev.metering.core.cycle.Cycle;
import dev.metering.core.money.Money;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

/**
 * Whatever the debits, in whatever batches: each budget's spend at any moment is the sum of the
 * matching debits in its window, computed here straight from the rules' words (the cycle, the day in
 * the account's zone, the twelve 5-minute steps ending with the current one), never from the counters.
 */
class BudgetSpendPropertyTest {

    private static final ZoneId ZONE = ZoneId.of("America/Los_Angeles");
    private static final BillingCalendar CALENDAR = new BillingCalendar(Instant.parse("2027-01-31T08:00:00Z"), ZONE);
    private static final Instant START = Instant.parse("2027-03-30T20:00:00Z");
    private static final List<String> SOURCES = List.of("agent-sdk", "claude-code-github-actions");

    private record Debit(long offsetSeconds, int source, boolean tagged, long nanos) {}

    @Provide
    Arbitrary<List<Debit>> debits() {
        return Combinators.combine(Arbitraries.longs().between(0, 3 * 24 * 3600), Arbitraries.integers().between(0, 1), Arbitraries.of(true, false),
                Arbitraries.longs().between(1, 5_000_000_000L)).as(Debit::new).list().ofMaxSize(40);
    }

    @Property(tries = 300)
    void eachSpendIsTheSumOfItsDebitsInItsWindow(@ForAll("debits") List<Debit> debits, @ForAll("probe") long probeSeconds) {
        BudgetSet set = BudgetSet.NONE
                .put(new Budget("cycle", BudgetMatch.ALL, Money.ofUsd(1000), BudgetWindow.CYCLE, Budget.Action.PAUSE, START, START, "owner"))
                .put(new Budget("day", BudgetMatch.source("agent-sdk"), Money.ofUsd(1000), BudgetWindow.DAY, Budget.Action.PAUSE, START, START, "owner"))
                .put(new Budget("hour", BudgetMatch.tag("run", "nightly"), Money.ofUsd(1000), BudgetWindow.HOUR, Budget.Action.PAUSE, START, START, "owner"));
        List<Debit> sorted = new ArrayList<>(debits);
        sorted.sort((a, b) -> Long.compare(a.offsetSeconds(), b.offsetSeconds()));
        List<Debit> recorded = new ArrayList<>();
        for (Debit d : sorted) {
            // Each debit recorded when it occurs, in the cycle that holds it (the cycle of 2027-03-31 begins in between).
            Instant at = START.plusSeconds(d.offsetSeconds());
            Cycle cycle = CALENDAR.cycleContaining(at);
            set = set.record(List.of(new Charge(at, SOURCES.get(d.source()), d.tagged() ? Tags.of(Map.of("run", "nightly")) : Tags.NONE,
                    Money.ofNanos(d.nanos()))), cycle, false, cycle, ZONE, at).after();
            recorded.add(d);
        }
        Instant now = START.plusSeconds(sorted.isEmpty() ? probeSeconds : sorted.get(sorted.size() - 1).offsetSeconds() + probeSeconds % 7200);
        Cycle current = CALENDAR.cycleContaining(now);
        long cycleSum = 0;
        long daySum = 0;
        long hourSum = 0;
        long step = Math.floorDiv(now.toEpochMilli(), 300_000L);
        for (Debit d : recorded) {
            Instant at = START.plusSeconds(d.offsetSeconds());
            boolean sameCycle = CALENDAR.cycleContaining(at).start().equals(current.start());
            if (!sameCycle || at.isAfter(now)) {
                continue;
            }
            cycleSum += d.nanos();
            if (d.source() == 0 && LocalDate.ofInstant(at, ZONE).equals(LocalDate.ofInstant(now, ZONE))) {
                daySum += d.nanos();
            }
            long s = Math.floorDiv(at.toEpochMilli(), 300_000L);
            if (d.tagged() && s > step - 12 && s <= step) {
                hourSum += d.nanos();
            }
        }
        assertThat(set.spent(set.find("cycle").orElseThrow(), current, ZONE, now).nanos()).isEqualTo(cycleSum);
        assertThat(set.spent(set.find("day").orElseThrow(), current, ZONE, now).nanos()).isEqualTo(daySum);
        assertThat(set.spent(set.find("hour").orElseThrow(), current, ZONE, now).nanos()).isEqualTo(hourSum);
    }

    @Provide
    Arbitrary<Long> probe() {
        return Arbitraries.longs().between(0, 7200);
    }
}
