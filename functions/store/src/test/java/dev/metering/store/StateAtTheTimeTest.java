package dev.metering.store;

import static org.assertj.core.api.Assertions.assertThat;

import dev.metering.core.cycle.CyclePools;
import dev.metering.core.ledger.EntryKind;
import dev.metering.core.ledger.LedgerEntry;
import dev.metering.core.money.Money;
import dev.metering.core.source.PoolKind;
import dev.metering.store.accounts.AccountService;
import dev.metering.store.recording.IncomingEvent;
import dev.metering.store.recording.RecordStatus;
import dev.metering.store.reset.ResetReport;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Each cycle follows the account as it stood for that cycle: a change made now reaches the cycle
 * containing now and a later one that an event stamped ahead opened already; a cycle opened after
 * it ended follows the account as it was before its end.
 */
class StateAtTheTimeTest {

    private static final Instant ANCHOR = Instant.parse("2027-03-10T00:00:00Z");
    private static final Instant END = Instant.parse("2027-04-10T00:00:00Z");
    /** Two minutes before the cycle's end. */
    private static final Instant NOW = END.minus(Duration.ofMinutes(2));

    private static String ahead(String id, String account) {
        // Stamped a minute after the end: within the five minutes of clock skew allowed.
        return Events.usage(id, account, END.plus(Duration.ofMinutes(1)), "agent-sdk", "claude-sonnet-4-6", 1_000, 1_000);
    }

    @Test
    void aClaimAndSettingsMadeAfterAnEarlyEventOpenedTheNextCycleReachItToo() {
        try (StoreFixture fixture = new StoreFixture("state-claim", Clock.fixed(NOW, ZoneOffset.UTC))) {
            AccountService accounts = fixture.accounts();
            accounts.create(new AccountService.NewAccount("acct_early", "max-5x", null, ANCHOR, ZoneOffset.UTC, true, null));
            assertThat(fixture.recorder().record(List.of(new IncomingEvent("m0", ahead("ev-ahead", "acct_early")))))
                    .extracting(r -> r.status()).containsExactly(RecordStatus.APPLIED);
            assertThat(fixture.store().findCycle("acct_early", END)).as("the early event opened the next cycle").isPresent();

            accounts.claimCredit("acct_early", "acct_early");
            accounts.setExtraUsage("acct_early", false, null, "acct_early");

            CyclePools current = fixture.assertInvariants("acct_early", ANCHOR);
            CyclePools next = fixture.assertInvariants("acct_early", END);
            assertThat(current.programmatic().granted()).isEqualTo(Money.ofUsd(100));
            assertThat(next.claimed()).as("the claim reaches the cycle opened early").isTrue();
            assertThat(next.programmatic().granted()).isEqualTo(Money.ofUsd(100));
            assertThat(next.programmatic().extraUsage().enabled()).as("so does turning extra usage off").isFalse();
            assertThat(next.programmatic().extraUsage().accrued().isPositive()).as("the early event was billed before the claim")
                    .isTrue();
            assertThat(fixture.store().findAccount("acct_early").orElseThrow().history())
                    .as("who changed what is kept").anySatisfy(c -> assertThat(c.by()).isEqualTo("acct_early"));
        }
    }

    @Test
    void aDowngradeRecordedBeforeTheNextCycleStartsCorrectsItsEarlyGrantAndAnUpgradeReachesItAtOnce() {
        try (StoreFixture fixture = new StoreFixture("state-plan", Clock.fixed(NOW, ZoneOffset.UTC))) {
            fixture.claimedAccount("acct_plan", "max-20x", ANCHOR, false, null);
            fixture.recorder().record(List.of(new IncomingEvent("m0", ahead("ev-plan", "acct_plan"))));
            assertThat(fixture.store().findCycle("acct_plan", END).orElseThrow().programmatic().granted()).isEqualTo(Money.ofUsd(200));

            AccountService accounts = fixture.accounts();
            accounts.put("acct_plan", new AccountService.Settings("pro", null, null, null), "admin");
            CyclePools current = fixture.assertInvariants("acct_plan", ANCHOR);
            CyclePools next = fixture.assertInvariants("acct_plan", END);
            assertThat(current.plan()).as("a downgrade waits for the next cycle").isEqualTo("max-20x");
            assertThat(next.plan()).isEqualTo("pro");
            assertThat(next.programmatic().granted()).as("its grant corrected to the lower plan").isEqualTo(Money.ofUsd(20));
            List<LedgerEntry> ledger = fixture.store().ledger("acct_plan", END);
            assertThat(ledger).filteredOn(e -> e.kind() == EntryKind.GRANT && e.credit().isNegative())
                    .extracting(LedgerEntry::pool, LedgerEntry::credit).containsExactlyInAnyOrder(
                            org.assertj.core.groups.Tuple.tuple(PoolKind.PROGRAMMATIC, Money.ofUsd(-180)),
                            org.assertj.core.groups.Tuple.tuple(PoolKind.INTERACTIVE, Money.ofUsd(-152)));

            accounts.put("acct_plan", new AccountService.Settings("max-20x", null, null, null), "admin");
            assertThat(fixture.assertInvariants("acct_plan", END).programmatic().granted())
                    .as("a plan change after it cancels the downgrade").isEqualTo(Money.ofUsd(200));
        }
    }

    @Test
    void aCycleOpenedAfterItEndedGrantsCreditOnlyIfTheClaimCameBeforeItsEnd() {
        Instant created = Instant.parse("2027-03-20T00:00:00Z");
        Clock late = Clock.fixed(Instant.parse("2027-05-20T00:00:00Z"), ZoneOffset.UTC);
        try (StoreFixture fixture = new StoreFixture("state-late", Clock.fixed(created, ZoneOffset.UTC))) {
            fixture.accounts().create(new AccountService.NewAccount("acct_late", "max-5x", null, ANCHOR, ZoneId.of("UTC"), false, null));
            // Two months on, with no reset run meanwhile, the owner claims: the cycle containing now gets the credit.
            new AccountService(fixture.store(), fixture.catalogs.plans(), late).claimCredit("acct_late");

            ResetReport report = new ResetFixture(fixture).at(late.instant()).run(late.instant(), false, Deadline.none());

            assertThat(report.cyclesClosed()).as("March and April close").isEqualTo(2);
            CyclePools april = fixture.assertInvariants("acct_late", END);
            assertThat(april.claimed()).as("April ended before the claim").isFalse();
            assertThat(april.programmatic().granted()).isEqualTo(Money.ZERO);
            assertThat(report.creditExpired()).as("no credit that never existed expires").isEqualTo(Money.ZERO);
            assertThat(fixture.assertInvariants("acct_late", Instant.parse("2027-05-10T00:00:00Z")).programmatic().granted())
                    .isEqualTo(Money.ofUsd(100));
        }
    }
}
