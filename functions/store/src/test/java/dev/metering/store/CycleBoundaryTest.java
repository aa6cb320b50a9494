package dev.metering.store;

import static org.assertj.core.api.Assertions.assertThat;

import dev.metering.core.cycle.CyclePools;
import dev.metering.core.ledger.EntryKind;
import dev.metering.core.ledger.LedgerEntry;
import dev.metering.core.money.Money;
import dev.metering.store.accounts.AccountService;
import dev.metering.store.recording.IncomingEvent;
import dev.metering.store.recording.RecordResult;
import dev.metering.store.recording.RecordStatus;
import dev.metering.store.recording.Recording;
import dev.metering.store.recording.UsageRecorder;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The recorder at cycle boundaries: lazy opening when the reset is late, and late events. */
class CycleBoundaryTest {

    private static final Instant ANCHOR = Instant.parse("2026-10-17T08:00:00Z");
    private static final Instant CREATED = Instant.parse("2026-11-20T12:00:00Z"); // in the cycle from Nov 17
    private static final Instant NOV_17 = Instant.parse("2026-11-17T08:00:00Z");
    private static final Instant DEC_17 = Instant.parse("2026-12-17T08:00:00Z");

    private static UsageRecorder recorderAt(StoreFixture fixture, Instant now) {
        return Recording.recorder(fixture.client(), fixture.config, fixture.catalogs, Clock.fixed(now, ZoneOffset.UTC));
    }

    private static RecordResult record(UsageRecorder recorder, String body) {
        return recorder.record(List.of(new IncomingEvent("1", body))).get(0);
    }

    private static StoreFixture fixtureWithClaimedAccount() {
        StoreFixture fixture = new StoreFixture("boundary", Clock.fixed(CREATED, ZoneOffset.UTC));
        AccountService accounts = fixture.accounts();
        accounts.create(new AccountService.NewAccount("acct_b", "pro", null, ANCHOR, ZoneOffset.UTC, false, null));
        accounts.claimCredit("acct_b");
        return fixture;
    }

    @Test
    void theFirstEventOfANewCycleOpensItWithItsGrantWhenTheResetIsLate() {
        try (StoreFixture fixture = fixtureWithClaimedAccount()) {
            Instant now = DEC_17.plusSeconds(600);
            RecordResult result = record(recorderAt(fixture, now),
                    Events.usage("dec-1", "acct_b", DEC_17.plusSeconds(60), "agent-sdk", "claude-haiku-4-5", 1000, 0));

            assertThat(result.status()).isEqualTo(RecordStatus.APPLIED);
            assertThat(result.late()).isFalse();
            CyclePools december = fixture.assertInvariants("acct_b", DEC_17);
            assertThat(december.programmatic().granted()).isEqualTo(Money.parseUsd("20"));
            assertThat(december.programmatic().used()).isEqualTo(Money.parseUsd("0.001"));
            assertThat(december.interactive().granted()).isEqualTo(Money.parseUsd("8"));
            List<LedgerEntry> ledger = fixture.store().ledger("acct_b", DEC_17);
            assertThat(ledger).filteredOn(e -> e.kind() == EntryKind.GRANT).hasSize(2);

            CyclePools november = fixture.assertInvariants("acct_b", NOV_17);
            assertThat(november.programmatic().used()).as("the open previous cycle is untouched").isEqualTo(Money.ZERO);
            assertThat(november.isClosed()).isFalse();
        }
    }

    @Test
    void anEventWhoseCycleIsClosedGoesToTheCurrentCycleFlaggedLate() {
        try (StoreFixture fixture = fixtureWithClaimedAccount()) {
            // The reset closed November after the grace period.
            Instant now = DEC_17.plusSeconds(7200);
            assertThat(new ResetFixture(fixture).run(now).cyclesClosed()).isEqualTo(1);
            CyclePools closedBefore = fixture.store().findCycle("acct_b", NOV_17).orElseThrow();
            assertThat(closedBefore.isClosed()).isTrue();

            RecordResult late = record(recorderAt(fixture, now),
                    Events.usage("nov-late", "acct_b", DEC_17.minusSeconds(120), "claude-code-headless", "claude-haiku-4-5", 2000, 0));

            assertThat(late.status()).isEqualTo(RecordStatus.APPLIED);
            assertThat(late.late()).isTrue();
            assertThat(fixture.store().findCycle("acct_b", NOV_17).orElseThrow()).as("a closed cycle never changes").isEqualTo(closedBefore);
            CyclePools december = fixture.assertInvariants("acct_b", DEC_17);
            assertThat(december.programmatic().used()).isEqualTo(Money.ofNanos(2_000_000));
            LedgerEntry entry = fixture.store().ledger("acct_b", DEC_17).stream().filter(e -> "nov-late".equals(e.eventId())).findFirst().orElseThrow();
            assertThat(entry.late()).isTrue();
            assertThat(entry.occurredAt()).isEqualTo(DEC_17.minusSeconds(120));
        }
    }

    @Test
    void anEventFromBeforeTheAccountsFirstCycleIsLateToo() {
        try (StoreFixture fixture = fixtureWithClaimedAccount()) {
            RecordResult result = record(recorderAt(fixture, CREATED),
                    Events.usage("october", "acct_b", Instant.parse("2026-10-20T00:00:00Z"), "agent-sdk", "claude-haiku-4-5", 1000, 0));
            assertThat(result.status()).isEqualTo(RecordStatus.APPLIED);
            assertThat(result.late()).isTrue();
            assertThat(fixture.store().findCycle("acct_b", ANCHOR)).as("no pool is opened for a cycle before the account").isEmpty();
            assertThat(fixture.assertInvariants("acct_b", NOV_17).programmatic().used()).isEqualTo(Money.parseUsd("0.001"));
        }
    }

    @Test
    void claimingTwiceGrantsOnce() {
        try (StoreFixture fixture = fixtureWithClaimedAccount()) {
            assertThat(fixture.accounts().claimCredit("acct_b")).isFalse();
            assertThat(fixture.assertInvariants("acct_b", NOV_17).programmatic().granted()).isEqualTo(Money.parseUsd("20"));
        }
    }
}
