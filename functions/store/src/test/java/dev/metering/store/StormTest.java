package dev.metering.store;

import static org.assertj.core.api.Assertions.assertThat;

import dev.metering.core.cycle.CyclePools;
import dev.metering.core.debit.PoolState;
import dev.metering.core.money.Money;
import dev.metering.store.recording.RecordResult;
import dev.metering.store.recording.RecordStatus;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * 64 writers race 2,048 programmatic events into one account whose credit runs out midway and
 * whose extra usage cap is reached too: no nano-dollar may be lost or spent twice.
 */
class StormTest {

    private static final int WRITERS = 64;
    private static final int EVENTS = 2_048;

    @Test
    void creditAndCapAreSpentExactlyOnceUnderConcurrency() throws Exception {
        Instant now = Instant.now();
        try (StoreFixture fixture = new StoreFixture("storm", Clock.systemUTC())) {
            fixture.claimedAccount("acct_storm", "pro", now.minus(Duration.ofDays(3)), true, Money.parseUsd("10"));

            // Each event: 1000 input + 1000 output tokens of claude-sonnet-4-6 = $0.018; 2,048 of them = $36.864.
            List<List<String>> perWriter = new ArrayList<>();
            for (int w = 0; w < WRITERS; w++) {
                perWriter.add(new ArrayList<>());
            }
            for (int i = 0; i < EVENTS; i++) {
                perWriter.get(i % WRITERS).add(Events.usage("storm-" + i, "acct_storm", now.minusSeconds(60 + i % 600),
                        i % 2 == 0 ? "agent-sdk" : "claude-code-headless", "claude-sonnet-4-6", 1000, 1000));
            }
            long started = System.nanoTime();
            List<RecordResult> results = Writers.run(fixture, perWriter, 16);
            Duration took = Duration.ofNanos(System.nanoTime() - started);

            assertThat(results).hasSize(EVENTS).allMatch(r -> r.status() == RecordStatus.APPLIED);
            Instant cycleStart = fixture.store().findAccount("acct_storm").orElseThrow().calendar().cycleContaining(now).start();
            CyclePools pools = fixture.assertInvariants("acct_storm", cycleStart);
            Money total = Money.parseUsd("0.018").times(EVENTS);
            assertThat(pools.programmatic().used()).isEqualTo(Money.parseUsd("20"));
            assertThat(pools.programmatic().extraUsage().accrued()).isEqualTo(Money.parseUsd("10"));
            assertThat(pools.programmatic().overrun()).isEqualTo(total.minus(Money.parseUsd("30")));
            assertThat(pools.programmatic().state()).isEqualTo(PoolState.PAUSED);
            assertThat(pools.programmatic().rateSwitchedAt()).isNotNull();
            assertThat(pools.programmatic().thresholds()).containsExactly(50, 75, 90, 100);
            assertThat(pools.interactive().used()).isEqualTo(Money.ZERO);
            Money fromResults = results.stream().map(r -> r.split().total()).reduce(Money.ZERO, Money::plus);
            assertThat(fromResults).isEqualTo(total);
            System.out.printf("storm: %d writers, %d events in %d ms: credit %s, extra usage %s, overrun %s, rate switch at %s, thresholds %s%n",
                    WRITERS, EVENTS, took.toMillis(), pools.programmatic().used().toUsdString(),
                    pools.programmatic().extraUsage().accrued().toUsdString(), pools.programmatic().overrun().toUsdString(),
                    pools.programmatic().rateSwitchedAt(), pools.programmatic().thresholds());
        }
    }
}
