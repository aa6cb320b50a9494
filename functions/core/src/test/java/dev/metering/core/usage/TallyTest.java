package dev.metering.core.usage;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.metering.core.ledger.EntryKind;
import dev.metering.core.ledger.LedgerEntry;
import dev.metering.core.money.Money;
import dev.metering.core.price.TokenUsage;
import dev.metering.core.source.PoolKind;
import java.time.Instant;
import java.time.LocalDate;
import org.junit.jupiter.api.Test;

/** Debits added up and taken apart, every field on its own, exactly. */
class TallyTest {

    private static final Tally A = new Tally(3, Money.ofNanos(700), Money.ofNanos(500), Money.ofNanos(150), Money.ofNanos(50),
            new TokenUsage(11, 13, 17, 19, 23));
    private static final Tally B = new Tally(2, Money.ofNanos(90), Money.ofNanos(60), Money.ofNanos(20), Money.ofNanos(10),
            new TokenUsage(5, 7, 3, 2, 4));

    @Test
    void plusAddsEachFieldAndMinusTakesAPartOut() {
        assertThat(A.plus(B)).isEqualTo(new Tally(5, Money.ofNanos(790), Money.ofNanos(560), Money.ofNanos(170), Money.ofNanos(60),
                new TokenUsage(16, 20, 20, 21, 27)));
        assertThat(A.minus(B)).isEqualTo(new Tally(1, Money.ofNanos(610), Money.ofNanos(440), Money.ofNanos(130), Money.ofNanos(40),
                new TokenUsage(6, 6, 14, 17, 19)));
        assertThat(A.plus(B).minus(B)).isEqualTo(A);
        assertThat(Tally.ZERO.plus(A)).isEqualTo(A);
    }

    @Test
    void aCellIsATallyOfItsDebits() {
        UsageCell cell = new UsageCell(new UsageCell.Key(LocalDate.of(2026, 12, 1), "claude-haiku-4-5", "agent-sdk"), 3, Money.ofNanos(700),
                Money.ofNanos(500), Money.ofNanos(150), Money.ofNanos(50), new TokenUsage(11, 13, 17, 19, 23));
        assertThat(Tally.of(cell)).isEqualTo(A);
    }

    @Test
    void anOverflowIsAnErrorNotAWrap() {
        Tally huge = new Tally(Long.MAX_VALUE, Money.ZERO, Money.ZERO, Money.ZERO, Money.ZERO, new TokenUsage(0, 0, 0, 0, 0));
        assertThatThrownBy(() -> huge.plus(B)).isInstanceOf(ArithmeticException.class);
    }

    private static LedgerEntry debit(long cost, long credit, long extra, long overrun, TokenUsage tokens) {
        Instant at = Instant.parse("2027-01-01T00:00:00Z");
        return new LedgerEntry("evt:e", EntryKind.DEBIT, PoolKind.PROGRAMMATIC, at, at, Money.ofNanos(credit), Money.ofNanos(extra),
                Money.ofNanos(overrun), "e", "agent-sdk", "claude-haiku-4-5", at, false, Money.ofNanos(cost), tokens, null,
                LedgerEntry.Marks.NONE, "h", null, null);
    }

    @Test
    void aSumInPlaceIsTheDebitsAddedOneByOne() {
        LedgerEntry first = debit(700, 500, 150, 50, new TokenUsage(11, 13, 17, 19, 23));
        LedgerEntry second = debit(90, 60, 20, 10, new TokenUsage(5, 7, 3, 2, 4));
        Tally.Sum sum = new Tally.Sum();
        sum.add(first);
        sum.add(second);
        sum.add(first);
        assertThat(sum.tally()).isEqualTo(Tally.of(first).plus(Tally.of(second)).plus(Tally.of(first)));
        assertThat(new Tally.Sum().tally()).isEqualTo(Tally.ZERO);
    }

    @Test
    void aSumInPlaceOverflowsAsAnErrorToo() {
        Tally.Sum sum = new Tally.Sum();
        sum.add(debit(Long.MAX_VALUE, 0, 0, 0, new TokenUsage(0, 0, 0, 0, 0)));
        assertThatThrownBy(() -> sum.add(debit(1, 0, 0, 0, new TokenUsage(0, 0, 0, 0, 0)))).isInstanceOf(ArithmeticException.class);
    }
}
