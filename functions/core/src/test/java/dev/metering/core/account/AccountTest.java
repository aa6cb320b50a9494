package dev.metering.core.account;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.metering.core.cycle.Cycle;
import dev.metering.core.money.Money;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The terms of an account at any instant, and so of any cycle, from its effective-dated history. */
class AccountTest {

    private static final Instant ANCHOR = Instant.parse("2027-01-10T00:00:00Z");
    private static final Instant JAN = ANCHOR;
    private static final Instant FEB = Instant.parse("2027-02-10T00:00:00Z");
    private static final Instant MAR = Instant.parse("2027-03-10T00:00:00Z");
    private static final Cycle FEBRUARY = new Cycle(1, FEB, MAR, ZoneOffset.UTC);

    private static Account created() {
        return new Account("a", null, ANCHOR, ZoneOffset.UTC, JAN, List.of(
                AccountChange.plan(JAN.plusSeconds(60), JAN, "admin", "max-5x"),
                AccountChange.extraUsage(JAN.plusSeconds(60), JAN, "admin", false, null)), 1);
    }

    private static Instant jan(int day) {
        return Instant.parse("2027-01-%02dT00:00:00Z".formatted(day));
    }

    @Test
    void aClaimCountsFromWhenItWasMade() {
        Account a = created().with(AccountChange.claim(jan(20), "a"));
        assertThat(a.termsAt(jan(19)).claimed()).isFalse();
        assertThat(a.termsAt(jan(20)).claimed()).isTrue();
        assertThat(a.claimedAt()).contains(jan(20));
        assertThat(a.version()).isEqualTo(2);
    }

    @Test
    void aDowngradeWaitsForItsCycleAndALaterPlanChangeCancelsIt() {
        Account down = created().with(AccountChange.plan(jan(20), FEB, "admin", "pro"));
        assertThat(down.termsAt(jan(25)).plan()).isEqualTo("max-5x");
        assertThat(down.termsAt(FEB).plan()).isEqualTo("pro");
        assertThat(down.pendingPlan(jan(25))).hasValueSatisfying(c -> assertThat(c.plan()).isEqualTo("pro"));
        assertThat(down.pendingPlan(FEB)).isEmpty();

        Account up = down.with(AccountChange.plan(jan(22), jan(22), "admin", "max-20x"));
        assertThat(up.termsAt(FEB).plan()).as("recorded later, so it wins from February too").isEqualTo("max-20x");
        assertThat(up.pendingPlan(jan(25))).isEmpty();
    }

    @Test
    void aCycleFollowsTheTermsOfItsStartBeforeItStartsOfNowWhileItRunsAndOfItsLastInstantAfterItEnded() {
        Account a = created()
                .with(AccountChange.extraUsage(jan(20), jan(20), "a", true, Money.ofUsd(5)))
                .with(AccountChange.claim(Instant.parse("2027-02-20T00:00:00Z"), "a"))
                .with(AccountChange.claim(Instant.parse("2027-03-20T00:00:00Z"), "a"));
        assertThat(a.termsFor(FEBRUARY, jan(25))).isEqualTo(new Terms("max-5x", false, true, Money.ofUsd(5)));
        assertThat(a.termsFor(FEBRUARY, Instant.parse("2027-02-25T00:00:00Z")).claimed()).isTrue();
        assertThat(created().with(AccountChange.claim(Instant.parse("2027-03-20T00:00:00Z"), "a"))
                .termsFor(FEBRUARY, Instant.parse("2027-04-01T00:00:00Z")).claimed())
                .as("a claim after February ended never reaches it").isFalse();
    }

    @Test
    void anAccountWithoutAPlanIsRefused() {
        assertThatThrownBy(() -> new Account("a", null, ANCHOR, ZoneOffset.UTC, JAN, List.of(), 1))
                .hasMessageContaining("no plan");
        assertThatThrownBy(() -> created().termsAt(JAN.minusSeconds(1))).hasMessageContaining("no plan at");
    }

    @Test
    void organizationAndTouchMoveTheVersionOnly() {
        Account a = created();
        assertThat(a.withOrganization("org_1").organizationId()).isEqualTo("org_1");
        assertThat(a.touched().version()).isEqualTo(2);
        assertThat(a.touched().history()).isEqualTo(a.history());
    }

    @Test
    void aDowngradeIsPendingUntilTheInstantItTakesEffectAndTheAccountKnowsItsCalendar() {
        Account down = created().with(AccountChange.plan(jan(20), FEB, "admin", "pro"));
        assertThat(down.pendingPlan(FEB.minusNanos(1))).isPresent();
        assertThat(down.pendingPlan(FEB)).isEmpty();
        assertThat(down.claimed()).isFalse();
        assertThat(down.claimedAt()).isEmpty();
        assertThat(down.withOrganization("org_1").version()).isEqualTo(down.version() + 1);
        assertThat(down.calendar().cycleContaining(jan(25)).end()).isEqualTo(FEB);
    }
}
