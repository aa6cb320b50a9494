package dev.metering.core.debit;

import static org.assertj.core.api.Assertions.assertThat;

import dev.metering.core.money.Money;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class DebitRuleTest {

    private static final Instant T = Instant.parse("2026-11-26T20:00:00Z");

    private static Money usd(String usd) {
        return Money.parseUsd(usd);
    }

    @Test
    void creditPaysFirst() {
        Debit debit = DebitRule.debit(Pool.programmatic(usd("100"), false, null), usd("12.5"), T);
        assertThat(debit.split()).isEqualTo(new Split(usd("12.5"), Money.ZERO, Money.ZERO));
        assertThat(debit.after().remaining()).isEqualTo(usd("87.5"));
        assertThat(debit.after().state()).isEqualTo(PoolState.CREDIT);
        assertThat(debit.rateSwitched()).isFalse();
        assertThat(debit.thresholdsReached()).isEmpty();
    }

    @Test
    void theRestGoesToExtraUsageUpToTheCapThenOverrun() {
        Pool pool = Pool.programmatic(usd("10"), true, usd("5"));
        Debit debit = DebitRule.debit(pool, usd("17"), T);
        assertThat(debit.split()).isEqualTo(new Split(usd("10"), usd("5"), usd("2")));
        assertThat(debit.after().state()).isEqualTo(PoolState.PAUSED);
        assertThat(debit.rateSwitched()).isTrue();
        assertThat(debit.after().rateSwitchedAt()).isEqualTo(T);
        assertThat(debit.thresholdsReached()).containsExactly(50, 75, 90, 100);
    }

    @Test
    void withoutExtraUsageEverythingPastTheCreditIsOverrunAndThePoolPauses() {
        Debit debit = DebitRule.debit(Pool.programmatic(usd("1"), false, null), usd("3"), T);
        assertThat(debit.split()).isEqualTo(new Split(usd("1"), Money.ZERO, usd("2")));
        assertThat(debit.after().state()).isEqualTo(PoolState.PAUSED);
    }

    @Test
    void noCapMeansAllOfTheRestIsExtraUsage() {
        Debit debit = DebitRule.debit(Pool.programmatic(usd("1"), true, null), usd("1000"), T);
        assertThat(debit.split()).isEqualTo(new Split(usd("1"), usd("999"), Money.ZERO));
        assertThat(debit.after().state()).isEqualTo(PoolState.EXTRA_USAGE);
    }

    @Test
    void theRateSwitchHappensOnceEvenWhenCreditComesBack() {
        Pool pool = DebitRule.debit(Pool.programmatic(usd("1"), true, null), usd("1"), T).after();
        assertThat(pool.rateSwitchedAt()).isEqualTo(T);
        Pool regranted = pool.grant(usd("5"), T.plusSeconds(60));
        assertThat(regranted.state()).isEqualTo(PoolState.CREDIT);
        Debit again = DebitRule.debit(regranted, usd("6"), T.plusSeconds(120));
        assertThat(again.rateSwitched()).isFalse();
        assertThat(again.after().rateSwitchedAt()).isEqualTo(T);
    }

    @Test
    void enablingExtraUsageOrRaisingTheCapResumesAPausedPool() {
        Pool paused = DebitRule.debit(Pool.programmatic(usd("1"), false, null), usd("2"), T).after();
        assertThat(paused.state()).isEqualTo(PoolState.PAUSED);
        assertThat(paused.withExtraUsageSettings(true, null, T).state()).isEqualTo(PoolState.EXTRA_USAGE);

        Pool capped = DebitRule.debit(Pool.programmatic(usd("1"), true, usd("1")), usd("3"), T).after();
        assertThat(capped.state()).isEqualTo(PoolState.PAUSED);
        assertThat(capped.withExtraUsageSettings(true, usd("2"), T).state()).isEqualTo(PoolState.EXTRA_USAGE);
        assertThat(capped.withExtraUsageSettings(true, usd("0.5"), T).state()).isEqualTo(PoolState.PAUSED);
    }

    @Test
    void theInteractivePoolHasNoExtraUsage() {
        Debit debit = DebitRule.debit(Pool.interactive(usd("40")), usd("41.25"), T);
        assertThat(debit.split()).isEqualTo(new Split(usd("40"), Money.ZERO, usd("1.25")));
        assertThat(debit.after().state()).isEqualTo(PoolState.PAUSED);
        assertThat(debit.rateSwitched()).isFalse();
        assertThat(debit.after().thresholds()).isEmpty();
    }

    @Test
    void anUnclaimedPoolHasNoCreditAndNoRateSwitch() {
        Pool unclaimed = Pool.programmatic(Money.ZERO, false, null);
        assertThat(unclaimed.state()).isEqualTo(PoolState.PAUSED);
        Debit debit = DebitRule.debit(unclaimed, usd("1"), T);
        assertThat(debit.split().overrun()).isEqualTo(usd("1"));
        assertThat(debit.rateSwitched()).isFalse();
    }

    @Test
    void expiryTakesTheRemainingCredit() {
        Pool pool = DebitRule.debit(Pool.programmatic(usd("20"), false, null), usd("4.5"), T).after().expireRemaining();
        assertThat(pool.expired()).isEqualTo(usd("15.5"));
        assertThat(pool.remaining()).isEqualTo(Money.ZERO);
        assertThat(pool.granted()).isEqualTo(pool.used().plus(pool.remaining()).plus(pool.expired()));
        assertThat(pool.rateSwitchedAt()).isNull();
    }
}
