package dev.metering.store;

import static org.assertj.core.api.Assertions.assertThat;

import dev.metering.core.cycle.CyclePools;
import dev.metering.core.debit.PoolState;
import dev.metering.core.money.Money;
import dev.metering.store.accounts.AccountService;
import dev.metering.store.recording.RecordResult;
import dev.metering.store.recording.RecordStatus;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;

/** Extra-usage toggles and cap changes racing debits: every debit is split against the settings it saw, and the invariants hold. */
class ExtraUsageRaceTest {

    @Test
    void togglesRacingDebitsKeepTheInvariants() throws Exception {
        Instant now = Instant.now();
        try (StoreFixture fixture = new StoreFixture("extra-race", Clock.systemUTC())) {
            fixture.claimedAccount("acct_toggle", "pro", now.minus(Duration.ofDays(1)), true, null);

            List<List<String>> perWriter = new ArrayList<>();
            for (int w = 0; w < 8; w++) {
                List<String> bodies = new ArrayList<>();
                for (int i = 0; i < 40; i++) {
                    // opus-4-1: 2000 output tokens = $0.15 each; 320 of them = $48 against $20 of credit.
                    bodies.add(Events.usage("tog-" + w + "-" + i, "acct_toggle", now.minusSeconds(30), "agent-sdk", "claude-opus-4-1", 0, 2000));
                }
                perWriter.add(bodies);
            }
            AtomicBoolean done = new AtomicBoolean();
            ExecutorService toggler = Executors.newSingleThreadExecutor();
            Future<Integer> toggles = toggler.submit(() -> {
                AccountService service = fixture.accounts();
                String[] caps = {null, "5", "12.5", "0", "30"};
                int n = 0;
                while (!done.get()) {
                    service.setExtraUsage("acct_toggle", n % 3 != 2, caps[n % caps.length] == null ? null : Money.parseUsd(caps[n % caps.length]));
                    n++;
                }
                return n;
            });

            List<RecordResult> results = Writers.run(fixture, perWriter, 4);
            done.set(true);
            int toggled = toggles.get(5, TimeUnit.MINUTES);
            toggler.shutdown();

            assertThat(results).hasSize(320).allMatch(r -> r.status() == RecordStatus.APPLIED);
            Instant cycle = fixture.store().findAccount("acct_toggle").orElseThrow().calendar().cycleContaining(now).start();
            CyclePools pools = fixture.assertInvariants("acct_toggle", cycle);
            Money charged = pools.programmatic().used().plus(pools.programmatic().extraUsage().accrued()).plus(pools.programmatic().overrun());
            assertThat(charged).isEqualTo(Money.parseUsd("48"));
            assertThat(pools.programmatic().used()).isEqualTo(Money.parseUsd("20"));
            assertThat(pools.programmatic().rateSwitchedAt()).isNotNull();

            // Settle on a cap below what accrued: the pool pauses; raising it resumes the pool.
            Money accrued = pools.programmatic().extraUsage().accrued();
            setCap(fixture, accrued.isPositive() ? accrued.minus(Money.ofNanos(1)) : Money.ZERO);
            assertThat(fixture.assertInvariants("acct_toggle", cycle).programmatic().state()).isEqualTo(PoolState.PAUSED);
            setCap(fixture, accrued.plus(Money.parseUsd("1")));
            assertThat(fixture.assertInvariants("acct_toggle", cycle).programmatic().state()).isEqualTo(PoolState.EXTRA_USAGE);
            System.out.printf("extra-usage race: %d toggles during 320 debits; credit %s, extra %s, overrun %s%n", toggled,
                    pools.programmatic().used().toUsdString(), accrued.toUsdString(), pools.programmatic().overrun().toUsdString());
        }
    }

    private static void setCap(StoreFixture fixture, Money cap) {
        fixture.accounts().setExtraUsage("acct_toggle", true, cap);
    }
}
