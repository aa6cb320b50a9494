package dev.metering.store;

import static org.assertj.core.api.Assertions.assertThat;

import dev.metering.core.cycle.CyclePools;
import dev.metering.core.debit.PoolState;
import dev.metering.core.money.Money;
import dev.metering.core.source.PoolKind;
import dev.metering.store.recording.RecordResult;
import dev.metering.store.recording.RecordStatus;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Interactive and programmatic usage of one account, written in parallel, land in their own pools. */
class PoolIsolationTest {

    @Test
    void interactiveAndProgrammaticDoNotDisturbEachOther() throws Exception {
        Instant now = Instant.now();
        try (StoreFixture fixture = new StoreFixture("isolation", Clock.systemUTC())) {
            fixture.claimedAccount("acct_mix", "pro", now.minus(Duration.ofDays(2)), true, null);

            List<List<String>> perWriter = new ArrayList<>();
            String[] interactive = {"claude-web", "claude-desktop", "claude-mobile", "claude-code", "cowork"};
            for (int w = 0; w < 16; w++) {
                List<String> bodies = new ArrayList<>();
                for (int i = 0; i < 25; i++) {
                    int n = w * 25 + i;
                    boolean people = w % 2 == 0;
                    // interactive: opus-4-1, 1000 output tokens = $0.075 each, 200 of them = $15 against an $8 allowance;
                    // programmatic: haiku-3-5, 1000 input tokens = $0.0008 each, 200 of them = $0.16 of a $20 credit.
                    bodies.add(people
                            ? Events.usage("mix-i-" + n, "acct_mix", now.minusSeconds(20), interactive[n % interactive.length], "claude-opus-4-1", 0, 1000)
                            : Events.usage("mix-p-" + n, "acct_mix", now.minusSeconds(20), "third-party:ci-bot", "claude-haiku-3-5", 1000, 0));
                }
                perWriter.add(bodies);
            }

            List<RecordResult> results = Writers.run(fixture, perWriter, 5);

            assertThat(results).hasSize(400).allMatch(r -> r.status() == RecordStatus.APPLIED);
            assertThat(results).filteredOn(r -> r.eventId().startsWith("mix-i-")).allMatch(r -> r.pool() == PoolKind.INTERACTIVE);
            Instant cycle = fixture.store().findAccount("acct_mix").orElseThrow().calendar().cycleContaining(now).start();
            CyclePools pools = fixture.assertInvariants("acct_mix", cycle);
            assertThat(pools.interactive().used()).isEqualTo(Money.parseUsd("8"));
            assertThat(pools.interactive().overrun()).isEqualTo(Money.parseUsd("7"));
            assertThat(pools.interactive().state()).isEqualTo(PoolState.PAUSED);
            assertThat(pools.programmatic().used()).isEqualTo(Money.parseUsd("0.16"));
            assertThat(pools.programmatic().overrun()).isEqualTo(Money.ZERO);
            assertThat(pools.programmatic().state()).isEqualTo(PoolState.CREDIT);
            assertThat(pools.programmatic().rateSwitchedAt()).isNull();
        }
    }
}
