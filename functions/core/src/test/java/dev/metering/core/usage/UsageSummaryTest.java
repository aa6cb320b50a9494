package dev.metering.core.usage;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.metering.core.ledger.EntryKind;
import dev.metering.core.ledger.LedgerEntry;
import dev.metering.core.money.Money;
import dev.metering.core.price.TokenUsage;
import dev.metering.core.source.PoolKind;
import java.time.Instant;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import org.junit.jupiter.api.Test;

/** Cells add debits up without losing any, and every grouping of the cells adds up to the same totals. */
class UsageSummaryTest {

    private static final Instant START = Instant.parse("2027-03-01T00:00:00Z");
    private static final ZoneId ZONE = ZoneId.of("America/Los_Angeles");
    private static final List<List<String>> GROUPINGS = List.of(List.of("model"), List.of("source"), List.of("day"),
            List.of("model", "source"), List.of("day", "model"), List.of("source", "day", "model"));

    static LedgerEntry debit(int n, long minutes, String model, String source, long credit, long extra, long overrun) {
        long cost = credit + extra + overrun;
        return new LedgerEntry("evt:e" + n, EntryKind.DEBIT, PoolKind.PROGRAMMATIC, START.plusSeconds(minutes * 60), START,
                Money.ofNanos(credit), Money.ofNanos(extra), Money.ofNanos(overrun), "e" + n, source, model,
                START.plusSeconds(minutes * 60), false, Money.ofNanos(cost), new TokenUsage(n, 2L * n, 1, 2, 3), null,
                LedgerEntry.Marks.NONE, "h" + n, null, null);
    }

    @Provide
    Arbitrary<LedgerEntry> debits() {
        return Combinators.combine(Arbitraries.integers().between(0, 1_000_000), Arbitraries.longs().between(0, 60 * 24 * 31),
                        Arbitraries.of("claude-haiku-4-5", "claude-opus-4-6"), Arbitraries.of("agent-sdk", "third-party:ci", "cowork"),
                        Arbitraries.longs().between(0, 5_000_000_000L), Arbitraries.longs().between(0, 5_000_000_000L),
                        Arbitraries.longs().between(0, 5_000_000_000L))
                .as(UsageSummaryTest::debit);
    }

    @Provide
    Arbitrary<List<LedgerEntry>> debitLists() {
        return debits().list().ofMaxSize(60);
    }

    @Property(tries = 300)
    void everyGroupingOfTheCellsAddsUpToTheDebits(@ForAll("debitLists") List<LedgerEntry> debits) {
        List<UsageCell> cells = UsageCell.of(debits, ZONE);
        long cost = debits.stream().mapToLong(d -> d.cost().nanos()).sum();
        long credit = debits.stream().mapToLong(d -> d.credit().nanos()).sum();
        long input = debits.stream().mapToLong(d -> d.tokens().input()).sum();
        assertThat(cells.stream().map(UsageCell::key).distinct().count()).isEqualTo(cells.size());
        for (List<String> dimensions : GROUPINGS) {
            List<UsageSummary.Group> groups = UsageSummary.group(cells, dimensions);
            assertThat(groups.stream().mapToLong(UsageSummary.Group::events).sum()).as("events by " + dimensions).isEqualTo(debits.size());
            assertThat(groups.stream().mapToLong(g -> g.cost().nanos()).sum()).as("cost by " + dimensions).isEqualTo(cost);
            assertThat(groups.stream().mapToLong(g -> g.credit().nanos()).sum()).as("credit by " + dimensions).isEqualTo(credit);
            assertThat(groups.stream().mapToLong(UsageSummary.Group::inputTokens).sum()).as("input by " + dimensions).isEqualTo(input);
            groups.forEach(g -> assertThat(g.cost()).isEqualTo(g.credit().plus(g.extraUsage()).plus(g.overrun())));
        }
        List<LedgerEntry> shuffled = new ArrayList<>(debits);
        Collections.shuffle(shuffled);
        assertThat(UsageSummary.group(UsageCell.of(shuffled, ZONE), List.of("day", "model", "source")))
                .as("the order debits come in changes nothing").isEqualTo(UsageSummary.group(cells, List.of("day", "model", "source")));
    }

    @Test
    void aDayIsTheAccountsLocalDayOfOccurredAt() {
        // 2027-03-01T00:00Z is still Feb 28 in Los Angeles; 08:00Z is Mar 1 there.
        List<UsageCell> cells = UsageCell.of(List.of(debit(1, 0, "m", "s", 1, 0, 0), debit(2, 8 * 60, "m", "s", 2, 0, 0)), ZONE);
        assertThat(UsageSummary.group(cells, List.of("day"))).extracting(UsageSummary.Group::key)
                .containsExactly(Map.of("day", "2027-02-28"), Map.of("day", "2027-03-01"));
    }

    @Test
    void onlyDebitsAreUsageAndCellsOfDifferentKeysDoNotAdd() {
        LedgerEntry grant = LedgerEntry.movement("grant:1", EntryKind.GRANT, PoolKind.PROGRAMMATIC, START, START, Money.ofUsd(5), "opened");
        assertThat(UsageCell.of(List.of(grant, debit(1, 0, "m", "s", 7, 0, 0)), ZONE)).singleElement()
                .satisfies(c -> assertThat(c.cost()).isEqualTo(Money.ofNanos(7)));
        assertThatThrownBy(() -> UsageCell.of(grant, ZONE)).isInstanceOf(IllegalArgumentException.class);
        UsageCell a = UsageCell.of(debit(1, 0, "m", "s", 1, 0, 0), ZONE);
        UsageCell b = UsageCell.of(debit(2, 0, "m", "other", 1, 0, 0), ZONE);
        assertThatThrownBy(() -> a.plus(b)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void aCountThatWouldOverflowIsAnErrorNotAWrappedTotal() {
        UsageCell big = UsageCell.of(debit(1, 0, "m", "s", Long.MAX_VALUE - 1, 0, 0), ZONE);
        assertThatThrownBy(() -> big.plus(big)).isInstanceOf(ArithmeticException.class);
    }
}
