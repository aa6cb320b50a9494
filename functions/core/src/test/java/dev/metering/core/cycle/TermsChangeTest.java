package dev.metering.core.cycle;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.metering.core.account.Account;
import dev.metering.core.account.AccountChange;
import dev.metering.core.account.Terms;
import dev.metering.core.debit.PoolState;
import dev.metering.core.ledger.EntryKind;
import dev.metering.core.ledger.LedgerEntry;
import dev.metering.core.money.Money;
import dev.metering.core.plan.PlanCatalog;
import dev.metering.core.source.PoolKind;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import dev.metering.core.debit.Pool;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.From;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.Size;
import org.junit.jupiter.api.Test;

/** Opening a cycle on the account's terms for it, and bringing an open cycle to new terms. */
class TermsChangeTest {

    private static final PlanCatalog PLANS = PlanCatalog.load(null);
    private static final Instant START = Instant.parse("2027-02-10T00:00:00Z");
    private static final Cycle CYCLE = new Cycle(1, START, Instant.parse("2027-03-10T00:00:00Z"), ZoneOffset.UTC);
    private static final Instant NOW = Instant.parse("2027-02-15T00:00:00Z");
    private final TermsChange change = new TermsChange(PLANS);

    private static Account account(boolean claimed, String plan) {
        Instant first = Instant.parse("2027-01-10T00:00:00Z");
        Account a = new Account("a", null, first, ZoneOffset.UTC, first, List.of(AccountChange.plan(first, first, null, plan),
                AccountChange.extraUsage(first, first, null, true, Money.ofUsd(50))), 1);
        return claimed ? a.with(AccountChange.claim(first, null)) : a;
    }

    @Test
    void aCycleOpensWithThePlanAllowanceCreditAndSettingsOfItsTerms() {
        CyclePools open = new CycleOpening(PLANS).open(account(true, "max-5x"), CYCLE, NOW);
        assertThat(open.plan()).isEqualTo("max-5x");
        assertThat(open.claimed()).isTrue();
        assertThat(open.programmatic().granted()).isEqualTo(Money.ofUsd(100));
        assertThat(open.interactive().granted()).isEqualTo(Money.ofUsd(40));
        assertThat(open.programmatic().extraUsage().cap()).isEqualTo(Money.ofUsd(50));
        assertThat(open.isStored()).isFalse();
        assertThat(new CycleOpening(PLANS).open(account(false, "max-5x"), CYCLE, NOW).programmatic().granted()).isEqualTo(Money.ZERO);
    }

    @Test
    void anUpgradeGrantsTheDifferencesAndADowngradeTakesBackNoMoreThanRemains() {
        CyclePools open = new CycleOpening(PLANS).open(account(true, "max-5x"), CYCLE, NOW);
        TermsChange.Result up = change.apply(open, new Terms("max-20x", true, true, Money.ofUsd(50)), NOW, "v2");
        assertThat(up.after().programmatic().granted()).isEqualTo(Money.ofUsd(200));
        assertThat(up.after().interactive().granted()).isEqualTo(Money.ofUsd(160));
        assertThat(up.entries()).extracting(LedgerEntry::kind).containsOnly(EntryKind.GRANT);
        assertThat(up.entries()).extracting(LedgerEntry::credit).containsExactly(Money.ofUsd(100), Money.ofUsd(120));

        CyclePools used = open.debit(PoolKind.PROGRAMMATIC, "m", Money.ofUsd(95), NOW).after();
        TermsChange.Result down = change.apply(used, new Terms("pro", true, true, Money.ofUsd(50)), NOW, "v3");
        assertThat(down.after().programmatic().granted()).as("only the $5 that remains is taken back").isEqualTo(Money.ofUsd(95));
        assertThat(down.after().programmatic().remaining()).isEqualTo(Money.ZERO);
        assertThat(down.after().programmatic().state()).isEqualTo(PoolState.EXTRA_USAGE);
        assertThat(down.after().programmatic().rateSwitchedAt()).isEqualTo(NOW);
        assertThat(down.after().interactive().granted()).isEqualTo(Money.ofUsd(8));
    }

    @Test
    void aClaimGrantsTheCyclesPlanOnceAndSettingsAloneWriteNoEntry() {
        CyclePools open = new CycleOpening(PLANS).open(account(false, "pro"), CYCLE, NOW);
        TermsChange.Result claimed = change.apply(open, new Terms("pro", true, true, Money.ofUsd(50)), NOW, "v2");
        assertThat(claimed.after().programmatic().granted()).isEqualTo(Money.ofUsd(20));
        assertThat(claimed.entries()).singleElement().satisfies(e -> assertThat(e.entryId()).startsWith("claim:"));
        assertThat(change.apply(claimed.after(), new Terms("pro", true, true, Money.ofUsd(50)), NOW, "v3").changed(claimed.after()))
                .isFalse();

        TermsChange.Result off = change.apply(claimed.after(), new Terms("pro", true, false, null), NOW, "v4");
        assertThat(off.entries()).isEmpty();
        assertThat(off.after().programmatic().extraUsage().enabled()).isFalse();
        assertThat(off.changed(claimed.after())).isTrue();
    }

    @Test
    void aClosedCycleNeverChanges() {
        CyclePools closed = new CycleOpening(PLANS).open(account(true, "pro"), CYCLE, NOW).close(NOW);
        assertThatThrownBy(() -> change.apply(closed, new Terms("max-5x", true, false, null), NOW, "v2"))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void aCapChangeAloneIsAChangeAndAnUnclaimedUpgradeGrantsOnlyTheAllowance() {
        CyclePools open = new CycleOpening(PLANS).open(account(false, "pro"), CYCLE, NOW);
        TermsChange.Result capped = change.apply(open, new Terms("pro", false, true, Money.ofUsd(10)), NOW, "v2");
        assertThat(capped.changed(open)).isTrue();
        assertThat(capped.after().programmatic().extraUsage().cap()).isEqualTo(Money.ofUsd(10));
        assertThat(capped.entries()).isEmpty();

        TermsChange.Result up = change.apply(open, new Terms("max-5x", false, true, Money.ofUsd(50)), NOW, "v3");
        assertThat(up.entries()).singleElement().satisfies(e -> assertThat(e.pool()).isEqualTo(PoolKind.INTERACTIVE));
        assertThat(up.after().programmatic().granted()).isEqualTo(Money.ZERO);
        assertThat(up.after().plan()).isEqualTo("max-5x");

        CyclePools claimed = new CycleOpening(PLANS).open(account(true, "pro"), CYCLE, NOW);
        assertThat(change.apply(claimed, new Terms("pro", true, true, Money.ofUsd(50)), NOW, "v4").entries())
                .as("claimed already: no second grant").isEmpty();
    }

    @Test
    void aDowngradeCutShortThenUndoneGrantsNoMoreThanThePlan() {
        // The audit's sequence: max-20x, $150 spent early, down to pro (only $50 remains to take back), back up.
        CyclePools open = new CycleOpening(PLANS).open(account(true, "max-20x"), CYCLE, NOW);
        CyclePools spent = open.debit(PoolKind.PROGRAMMATIC, "m", Money.ofUsd(150), NOW).after();

        CyclePools down = change.apply(spent, new Terms("pro", true, true, Money.ofUsd(50)), NOW, "v2").after();
        assertThat(down.programmatic().granted()).as("never below what was used").isEqualTo(Money.ofUsd(150));
        TermsChange.Result up = change.apply(down, new Terms("max-20x", true, true, Money.ofUsd(50)), NOW, "v3");

        assertThat(up.after().programmatic().granted()).as("max-20x grants $200, not $330").isEqualTo(Money.ofUsd(200));
        assertThat(up.entries()).filteredOn(e -> e.pool() == PoolKind.PROGRAMMATIC).extracting(LedgerEntry::credit)
                .containsExactly(Money.ofUsd(50));
    }

    @Test
    void adjustmentsOutlivePlanChanges() {
        CyclePools open = new CycleOpening(PLANS).open(account(true, "max-5x"), CYCLE, NOW);
        CyclePools adjusted = open.with(open.programmatic().adjust(Money.ofUsd(7), NOW));
        CyclePools up = change.apply(adjusted, new Terms("max-20x", true, true, Money.ofUsd(50)), NOW, "v2").after();
        CyclePools down = change.apply(up, new Terms("pro", true, true, Money.ofUsd(50)), NOW, "v3").after();
        assertThat(up.programmatic().granted()).isEqualTo(Money.ofUsd(207));
        assertThat(down.programmatic().granted()).isEqualTo(Money.ofUsd(27));
        assertThat(down.programmatic().adjusted()).isEqualTo(Money.ofUsd(7));
    }

    @Test
    void aPoolStoredBeforeAdjustmentsWereKeptApartKeepsWhatItHeldBeyondItsPlan() {
        CyclePools open = new CycleOpening(PLANS).open(account(true, "max-5x"), CYCLE, NOW);
        Pool p = open.programmatic();
        Pool legacy = new Pool(p.kind(), Money.ofUsd(110), p.used(), p.overrun(), p.expired(), p.extraUsage(), null, p.thresholds(), null);
        CyclePools up = change.apply(open.with(legacy), new Terms("max-20x", true, true, Money.ofUsd(50)), NOW, "v2").after();
        assertThat(up.programmatic().granted()).as("$10 beyond max-5x kept as adjusted").isEqualTo(Money.ofUsd(210));
    }

    /** Any sequence of plan changes, with spending between them, ends at the last plan's grant plus adjustments, never below what was used. */
    @Property(tries = 300)
    void anySequenceOfPlanChangesEndsAtTheLastPlansGrant(@ForAll @Size(min = 1, max = 8) List<@From("steps") Object> steps,
                                                        @ForAll @IntRange(min = -20, max = 20) int adjustmentUsd) {
        CyclePools cycle = new CycleOpening(PLANS).open(account(true, "max-5x"), CYCLE, NOW);
        cycle = cycle.with(cycle.programmatic().adjust(Money.ofUsd(Math.max(adjustmentUsd, 0)), NOW));
        int version = 2;
        Money expected = cycle.programmatic().granted();
        for (Object step : steps) {
            if (step instanceof String plan) {
                TermsChange.Result r = change.apply(cycle, new Terms(plan, true, true, null), NOW, "v" + version++);
                Money moved = r.entries().stream().filter(e -> e.pool() == PoolKind.PROGRAMMATIC).map(LedgerEntry::credit)
                        .reduce(Money.ZERO, Money::plus);
                assertThat(r.after().programmatic().granted()).as("the entries say what moved")
                        .isEqualTo(cycle.programmatic().granted().plus(moved));
                cycle = r.after();
                expected = Money.max(cycle.programmatic().used(),
                        PLANS.require(plan).programmaticCredit().plus(cycle.programmatic().adjusted()));
            } else {
                cycle = cycle.debit(PoolKind.PROGRAMMATIC, "m", Money.ofUsd((Integer) step), NOW).after();
            }
        }
        assertThat(cycle.programmatic().granted()).isEqualTo(expected);
        assertThat(cycle.programmatic().remaining().isNegative()).isFalse();
    }

    @Provide
    Arbitrary<Object> steps() {
        return Arbitraries.oneOf(Arbitraries.of("pro", "max-5x", "max-20x", "team-standard", "team-premium").map(p -> (Object) p),
                Arbitraries.integers().between(0, 90).map(n -> (Object) n));
    }
}
