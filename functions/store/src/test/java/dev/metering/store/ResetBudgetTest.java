package dev.metering.store;

import static org.assertj.core.api.Assertions.assertThat;

import dev.metering.core.cycle.Cycle;
import dev.metering.core.ledger.EntryKind;
import dev.metering.core.money.Money;
import dev.metering.store.accounts.AccountService;
import dev.metering.store.Deadline;
import dev.metering.store.reset.ResetReport;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/** A run that runs out of time stops cleanly between closes; the next run finishes; nothing is done twice. */
class ResetBudgetTest {

    private static final Instant CREATED = Instant.parse("2027-05-10T00:00:00Z");
    private static final Instant ANCHOR = Instant.parse("2027-04-20T06:00:00Z");
    private static final Instant AS_OF = Instant.parse("2027-05-20T08:00:00Z");

    @Test
    void aTinyBudgetStopsPartwayAndTheNextRunFinishes() {
        int accounts = 60;
        try (StoreFixture fixture = new StoreFixture("reset-budget", Clock.fixed(CREATED, ZoneOffset.UTC))) {
            AccountService service = fixture.accounts();
            for (int i = 0; i < accounts; i++) {
                service.create(new AccountService.NewAccount("acct_" + i, "max-5x", null, ANCHOR, ZoneOffset.UTC, false, null));
                service.claimCredit("acct_" + i);
            }
            ResetFixture reset = new ResetFixture(fixture);

            ResetReport dry = reset.at(AS_OF).run(AS_OF, true, Deadline.none());
            assertThat(dry.cyclesClosed()).isEqualTo(accounts);
            assertThat(dry.creditExpired()).isEqualTo(Money.ofUsd(100).times(accounts));

            AtomicInteger allowance = new AtomicInteger(10);
            ResetReport first = reset.at(AS_OF).run(AS_OF, false, () -> allowance.getAndDecrement() <= 0);
            assertThat(first.cyclesClosed()).isEqualTo(10);
            assertThat(first.remaining()).isEqualTo(accounts - 10);

            ResetReport second = reset.run(AS_OF);
            assertThat(second.cyclesClosed()).isEqualTo(accounts - 10);
            assertThat(second.remaining()).isZero();
            ResetReport third = reset.run(AS_OF);
            assertThat(third.cyclesClosed()).isZero();
            System.out.printf("budget: dry run %s; first %s; second %s; third %s%n", dry, first, second, third);

            Cycle closed = fixture.store().findAccount("acct_0").orElseThrow().calendar().cycleContaining(CREATED);
            for (int i = 0; i < accounts; i++) {
                var pools = fixture.assertInvariants("acct_" + i, closed.start());
                assertThat(pools.isClosed()).isTrue();
                assertThat(pools.programmatic().expired()).isEqualTo(Money.ofUsd(100));
                assertThat(fixture.store().ledger("acct_" + i, closed.start()).stream().filter(e -> e.kind() == EntryKind.EXPIRY).count())
                        .isEqualTo(1);
                fixture.assertInvariants("acct_" + i, closed.end());
            }
        }
    }
}
