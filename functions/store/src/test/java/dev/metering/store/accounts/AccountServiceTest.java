package dev.metering.store.accounts;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.ArgumentMatchers.anyList;
import static org.mockito.ArgumentMatchers.eq;
import static org.mockito.Mockito.never;
import static org.mockito.Mockito.times;
import static org.mockito.Mockito.verify;
import static org.mockito.Mockito.when;

import dev.metering.core.account.Account;
import dev.metering.core.account.AccountChange;
import dev.metering.core.cycle.CycleOpening;
import dev.metering.core.cycle.CyclePools;
import dev.metering.core.ledger.LedgerEntry;
import dev.metering.core.money.Money;
import dev.metering.core.source.PoolKind;
import dev.metering.store.Catalogs;
import dev.metering.store.MeteringStore;
import dev.metering.store.StoreConfig;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.mockito.ArgumentCaptor;
import org.mockito.Mock;
import org.mockito.junit.jupiter.MockitoExtension;
import org.mockito.junit.jupiter.MockitoSettings;
import org.mockito.quality.Strictness;

/**
 * How the account service treats the store's answers: a lost race is computed again from a fresh
 * read, a change that keeps losing gives up after the configured attempts, a retried adjustment is
 * never applied twice, a change that changes nothing writes nothing. The store is mocked: these are
 * decisions over its answers, which the engine would only produce by chance.
 */
@ExtendWith(MockitoExtension.class)
@MockitoSettings(strictness = Strictness.LENIENT)
class AccountServiceTest {

    private static final Instant ANCHOR = Instant.parse("2027-01-10T00:00:00Z");
    private static final Instant NOW = Instant.parse("2027-02-20T12:00:00Z");
    private static final Instant CURRENT = Instant.parse("2027-02-10T00:00:00Z");
    private static final Instant NEXT = Instant.parse("2027-03-10T00:00:00Z");

    @Mock
    MeteringStore store;

    private AccountService service;

    @BeforeEach
    void wire() {
        when(store.config()).thenReturn(new StoreConfig("metering", 12, 3, Duration.ofMillis(1), Duration.ofMillis(2), 16));
        service = new AccountService(store, Catalogs.bundled().plans(), Clock.fixed(NOW, ZoneOffset.UTC));
    }

    private static Account account(long version) {
        return new Account("acct_1", null, ANCHOR, ZoneOffset.UTC, ANCHOR, List.of(
                AccountChange.plan(ANCHOR, ANCHOR, null, "pro"),
                AccountChange.extraUsage(ANCHOR, ANCHOR, null, false, null)), version);
    }

    private void currentCycleStored(Account account) {
        CyclePools current = new CycleOpening(Catalogs.bundled().plans())
                .open(account, account.calendar().cycleContaining(NOW), NOW).atVersion(4);
        when(store.findCycles(anyList())).thenReturn(Map.of(new MeteringStore.CycleKey("acct_1", CURRENT), current));
        when(store.findCycle("acct_1", CURRENT)).thenReturn(Optional.of(current));
    }

    @Test
    void aChangeThatLostARaceIsComputedAgainFromTheAccountAsItNowIs() {
        Account first = account(1);
        Account raced = account(2);
        when(store.findAccount("acct_1")).thenReturn(Optional.of(first), Optional.of(raced));
        currentCycleStored(first);
        when(store.writeSettings(any(), any(), anyList(), anyList(), anyList())).thenReturn(false, true);

        Account after = service.setExtraUsage("acct_1", true, Money.ofUsd(50), "admin-1");

        ArgumentCaptor<Account> before = ArgumentCaptor.forClass(Account.class);
        verify(store, times(2)).writeSettings(before.capture(), any(), anyList(), anyList(), anyList());
        assertThat(before.getAllValues()).extracting(Account::version).containsExactly(1L, 2L);
        assertThat(after.version()).isEqualTo(3);
        assertThat(after.history().get(after.history().size() - 1))
                .isEqualTo(AccountChange.extraUsage(NOW, NOW, "admin-1", true, Money.ofUsd(50)));
    }

    @Test
    void aChangeThatKeepsLosingGivesUpAfterTheConfiguredAttempts() {
        when(store.findAccount("acct_1")).thenReturn(Optional.of(account(1)));
        currentCycleStored(account(1));
        when(store.writeSettings(any(), any(), anyList(), anyList(), anyList())).thenReturn(false);

        assertThatThrownBy(() -> service.claimCredit("acct_1", "user-1"))
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("kept conflicting");
        verify(store, times(3)).writeSettings(any(), any(), anyList(), anyList(), anyList());
    }

    @Test
    void aClaimMadeBeforeWritesNothing() {
        when(store.findAccount("acct_1")).thenReturn(Optional.of(account(1).with(AccountChange.claim(ANCHOR, "user-1"))));
        currentCycleStored(account(1));

        assertThat(service.claimCredit("acct_1", "user-1")).isFalse();
        verify(store, never()).writeSettings(any(), any(), anyList(), anyList(), anyList());
    }

    private static final AccountService.Adjustment REFUND =
            new AccountService.Adjustment(PoolKind.PROGRAMMATIC, Money.ofUsd(5), "refund", "refund-7");

    @Test
    void anAdjustmentIsWrittenWithTheAnswerItGivesAndWhoAskedForIt() {
        when(store.findAccount("acct_1")).thenReturn(Optional.of(account(1)));
        currentCycleStored(account(1));
        when(store.writeAdjustment(any(), any(), anyList(), any(), any())).thenReturn(true);

        AccountService.Answer answer = service.adjust("acct_1", REFUND, "admin-1", 201,
                pools -> "granted " + pools.programmatic().granted().toUsdString());

        assertThat(answer).isEqualTo(new AccountService.Answer(201, "granted 5.000000000"));
        ArgumentCaptor<LedgerEntry> entry = ArgumentCaptor.forClass(LedgerEntry.class);
        ArgumentCaptor<MeteringStore.KeptAnswer> kept = ArgumentCaptor.forClass(MeteringStore.KeptAnswer.class);
        verify(store).writeAdjustment(any(), any(), anyList(), entry.capture(), kept.capture());
        assertThat(entry.getValue().entryId()).isEqualTo("adj:refund-7");
        assertThat(entry.getValue().by()).isEqualTo("admin-1");
        assertThat(kept.getValue()).isEqualTo(new MeteringStore.KeptAnswer(REFUND.fingerprint(), 201, "granted 5.000000000"));
    }

    @Test
    void aRetriedAdjustmentGetsTheAnswerFirstGivenNotANewOne() {
        when(store.findAccount("acct_1")).thenReturn(Optional.of(account(1)));
        currentCycleStored(account(1));
        when(store.writeAdjustment(any(), any(), anyList(), any(), any())).thenReturn(false);
        when(store.findAnswer("acct_1", "adj:refund-7"))
                .thenReturn(Optional.of(new MeteringStore.KeptAnswer(REFUND.fingerprint(), 201, "as first answered")));

        assertThat(service.adjust("acct_1", REFUND, "admin-1", 201, pools -> "recomputed"))
                .isEqualTo(new AccountService.Answer(201, "as first answered"));
        verify(store, times(1)).writeAdjustment(any(), any(), anyList(), any(), any());
    }

    @Test
    void theSameAdjustmentIdWithAnotherContentIsAConflict() {
        when(store.findAccount("acct_1")).thenReturn(Optional.of(account(1)));
        currentCycleStored(account(1));
        when(store.writeAdjustment(any(), any(), anyList(), any(), any())).thenReturn(false);
        AccountService.Adjustment other = new AccountService.Adjustment(PoolKind.PROGRAMMATIC, Money.ofUsd(6), "refund", "refund-7");
        when(store.findAnswer("acct_1", "adj:refund-7"))
                .thenReturn(Optional.of(new MeteringStore.KeptAnswer(REFUND.fingerprint(), 201, "as first answered")));

        assertThatThrownBy(() -> service.adjust("acct_1", other, "admin-1", 201, pools -> "x"))
                .isInstanceOf(AccountService.Conflict.class).hasMessageContaining("refund-7");
        assertThat(other.fingerprint()).isNotEqualTo(REFUND.fingerprint());
    }

    @Test
    void anAdjustmentThePoolCannotHoldIsAConflictNotAnOverflow() {
        when(store.findAccount("acct_1")).thenReturn(Optional.of(account(1)));
        currentCycleStored(account(1));
        AccountService.Adjustment huge = new AccountService.Adjustment(PoolKind.INTERACTIVE, Money.ofNanos(Long.MAX_VALUE - 1), "x", "big");

        assertThatThrownBy(() -> service.adjust("acct_1", huge, "admin-1", 201, pools -> "x"))
                .isInstanceOf(AccountService.Conflict.class).hasMessageContaining("cannot hold");
        verify(store, never()).writeAdjustment(any(), any(), anyList(), any(), any());
    }

    @Test
    void aChangeCloseToTheNextCycleChecksThatNoEarlyEventOpenedIt() {
        Instant lastMinutes = NEXT.minusSeconds(120);
        service = new AccountService(store, Catalogs.bundled().plans(), Clock.fixed(lastMinutes, ZoneOffset.UTC));
        when(store.findAccount("acct_1")).thenReturn(Optional.of(account(1)));
        currentCycleStored(account(1));
        when(store.writeSettings(any(), any(), anyList(), anyList(), anyList())).thenReturn(true);

        service.claimCredit("acct_1", "user-1");

        verify(store).writeSettings(any(), any(), anyList(), anyList(), eq(List.of(NEXT)));
    }

    @Test
    void aChangeInTheMiddleOfTheCycleStillChecksThatTheNextIsUnopened() {
        when(store.findAccount("acct_1")).thenReturn(Optional.of(account(1)));
        currentCycleStored(account(1));
        when(store.writeSettings(any(), any(), anyList(), anyList(), anyList())).thenReturn(true);

        service.claimCredit("acct_1", "user-1");

        verify(store).writeSettings(any(), any(), anyList(), anyList(), eq(List.of(NEXT)));
    }

    @Test
    void extraUsageSettingsEqualToThoseInForceWriteNothing() {
        Account on = account(1).with(AccountChange.extraUsage(CURRENT, CURRENT, "user-1", true, Money.ofUsd(50)));
        when(store.findAccount("acct_1")).thenReturn(Optional.of(on));
        currentCycleStored(on);

        AccountService.Outcome outcome = service.extraUsage("acct_1", true, Money.parseUsd("50.00"), "user-1");

        assertThat(outcome.changed()).isFalse();
        verify(store, never()).writeSettings(any(), any(), anyList(), anyList(), anyList());
    }

    @Test
    void theAccountWrittenKeepsOnlyTheChangesThatStillDecideTerms() {
        Account busy = account(1);
        for (int i = 0; i < 50; i++) {
            Instant at = CURRENT.plusSeconds(60L * i);
            busy = busy.with(AccountChange.extraUsage(at, at, "user-1", i % 2 == 0, Money.ofUsd(i)));
        }
        when(store.findAccount("acct_1")).thenReturn(Optional.of(busy));
        currentCycleStored(busy);
        when(store.writeSettings(any(), any(), anyList(), anyList(), anyList())).thenReturn(true);

        service.extraUsage("acct_1", false, null, "user-1");

        ArgumentCaptor<Account> written = ArgumentCaptor.forClass(Account.class);
        verify(store).writeSettings(any(), written.capture(), anyList(), anyList(), anyList());
        assertThat(written.getValue().history()).as("the plan, the settings at the previous cycle's end, the new settings")
                .hasSizeLessThanOrEqualTo(3);
        assertThat(written.getValue().termsAt(NOW).extraUsageEnabled()).isFalse();
    }

    @Test
    void aPlanChangeWithoutAnOrganizationKeepsTheSeatsOrganization() {
        Account seat = new Account("acct_1", "org_7", ANCHOR, ZoneOffset.UTC, ANCHOR, account(1).history(), 1);
        when(store.findAccount("acct_1")).thenReturn(Optional.of(seat));
        currentCycleStored(seat);
        when(store.writeSettings(any(), any(), anyList(), anyList(), anyList())).thenReturn(true);

        service.put("acct_1", new AccountService.Settings("max-5x", false, null, null, null), "admin-1");

        ArgumentCaptor<Account> written = ArgumentCaptor.forClass(Account.class);
        verify(store).writeSettings(any(), written.capture(), anyList(), anyList(), anyList());
        assertThat(written.getValue().organizationId()).isEqualTo("org_7");
    }

    @Test
    void aSeatThatMovesWritesItsCycleAgainSoItsTotalsFollowIt() {
        Account seat = new Account("acct_1", "org_7", ANCHOR, ZoneOffset.UTC, ANCHOR, account(1).history(), 1);
        when(store.findAccount("acct_1")).thenReturn(Optional.of(seat));
        currentCycleStored(seat);
        when(store.writeSettings(any(), any(), anyList(), anyList(), anyList())).thenReturn(true);

        service.put("acct_1", new AccountService.Settings("pro", true, "org_8", null, null), "admin-1");

        ArgumentCaptor<List<MeteringStore.CycleWrite>> cycles = ArgumentCaptor.forClass(List.class);
        ArgumentCaptor<Account> written = ArgumentCaptor.forClass(Account.class);
        verify(store).writeSettings(any(), written.capture(), cycles.capture(), anyList(), anyList());
        assertThat(written.getValue().organizationId()).isEqualTo("org_8");
        assertThat(cycles.getValue()).singleElement().satisfies(w -> assertThat(w.before().cycle().start()).isEqualTo(CURRENT));
    }
}
