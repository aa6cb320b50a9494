package dev.metering.core.account;

import static org.assertj.core.api.Assertions.assertThat;

import dev.metering.core.money.Money;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.Size;
import org.junit.jupiter.api.Test;

/** A compacted history answers every instant it keeps as the whole one did, and stays small whatever number of changes was made. */
class AccountCompactionTest {

    private static final Instant T0 = Instant.parse("2027-01-01T00:00:00Z");

    private static Account created() {
        return new Account("a", null, T0, ZoneOffset.UTC, T0, List.of(AccountChange.plan(T0, T0, "admin", "max-5x"),
                AccountChange.extraUsage(T0, T0, "admin", false, null)), 1);
    }

    /** A change recorded at {@code recordedHour}, in effect from then or (a downgrade) {@code aheadHours} later. */
    record Drawn(int kind, int recordedHour, int aheadHours, int value) {
        AccountChange change() {
            Instant recorded = T0.plus(Duration.ofHours(recordedHour));
            return switch (kind) {
                case 0 -> AccountChange.plan(recorded, recorded.plus(Duration.ofHours(aheadHours)), "x", List.of("pro", "max-5x", "max-20x").get(value % 3));
                case 1 -> AccountChange.extraUsage(recorded, recorded, "x", value % 2 == 0, value % 3 == 0 ? null : Money.ofUsd(value));
                default -> AccountChange.claim(recorded, "x");
            };
        }
    }

    @Provide
    Arbitrary<Drawn> changes() {
        return Combinators.combine(Arbitraries.integers().between(0, 2), Arbitraries.integers().between(0, 400),
                Arbitraries.of(0, 0, 0, 30, 200), Arbitraries.integers().between(0, 50)).as(Drawn::new);
    }

    @Property(tries = 500)
    void theTermsAtEveryKeptInstantAreUnchanged(@ForAll @Size(max = 40) List<@net.jqwik.api.From("changes") Drawn> drawn,
                                               @ForAll @IntRange(min = 0, max = 450) int nowHour,
                                               @ForAll @IntRange(min = 1, max = 300) int cycleHours) {
        List<Drawn> sorted = new ArrayList<>(drawn);
        sorted.sort((a, b) -> Integer.compare(a.recordedHour(), b.recordedHour()));
        Account account = created();
        for (Drawn d : sorted) {
            account = account.with(d.change());
        }
        Instant now = T0.plus(Duration.ofHours(nowHour));
        Instant previous = now.minus(Duration.ofHours(cycleHours));
        Instant lastOfPrevious = previous.isBefore(T0) ? T0 : previous; // the account's first cycle has none before it
        Instant from = now;

        Account compacted = account.compacted(lastOfPrevious, from);

        assertThat(compacted.termsAt(lastOfPrevious)).isEqualTo(account.termsAt(lastOfPrevious));
        for (int h = 0; h <= 700; h += 1) {
            Instant t = from.plus(Duration.ofHours(h));
            assertThat(compacted.termsAt(t)).as("terms at " + t).isEqualTo(account.termsAt(t));
        }
        assertThat(compacted.claimedAt()).isEqualTo(account.claimedAt());
        assertThat(compacted.version()).isEqualTo(account.version());
    }

    @Test
    void tenThousandChangesLeaveAHandful() {
        Account account = created();
        for (int i = 0; i < 10_000; i++) {
            Instant at = T0.plus(Duration.ofMinutes(i));
            account = account.with(AccountChange.extraUsage(at, at, "owner", i % 2 == 0, Money.ofUsd(i % 7)))
                    .compacted(at.minus(Duration.ofDays(30)), at);
        }
        assertThat(account.history()).as("the plan, and the settings in force now and at the point kept").hasSizeLessThanOrEqualTo(3);
        assertThat(account.termsAt(T0.plus(Duration.ofMinutes(9_999))).extraUsageCap()).isEqualTo(Money.ofUsd(9_999 % 7));
    }
}
