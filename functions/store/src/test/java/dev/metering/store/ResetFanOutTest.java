package dev.metering.store;

import static org.assertj.core.api.Assertions.assertThat;

import dev.metering.core.cycle.CycleOpening;
import dev.metering.core.cycle.CyclePools;
import dev.metering.core.money.Money;
import dev.metering.store.accounts.AccountService;
import dev.metering.store.reset.MonthlyReset;
import dev.metering.store.reset.ResetReport;
import dev.metering.store.reset.ResetShare;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * A reset fanned out over closers, each taking its share of the due index's shards, with every
 * share taken twice at once (a shard task delivered twice, or a run overlapping the last): eight
 * closers racing on 2,000 due cycles. Its own table, on 32 shards (more than the default 16);
 * a budget of about three minutes on the default engine, most of it creating the accounts.
 */
class ResetFanOutTest {

    private static final int ACCOUNTS = 2_000;
    private static final int SHARDS = 32;
    private static final int CLOSERS_PER_RUN = 4;
    private static final Instant ANCHOR = Instant.parse("2027-03-05T00:00:00Z");
    private static final Instant NOW = Instant.parse("2027-04-05T02:00:00Z");

    @Test
    void eightClosersRacingCloseEachCycleOnceWithOneExpiryAndGrantEachNextCycleOnce() throws Exception {
        try (StoreFixture fixture = new StoreFixture("reset-fanout", Clock.fixed(ANCHOR.plusSeconds(60), ZoneOffset.UTC))) {
            StoreConfig config = fixture.config.withDueShards(SHARDS);
            AccountService accounts = new AccountService(new MeteringStore(fixture.client(), config), fixture.catalogs.plans(), fixture.clock);
            for (int i = 0; i < ACCOUNTS; i++) {
                accounts.create(new AccountService.NewAccount(id(i), "pro", null, ANCHOR, ZoneOffset.UTC, false, null));
                if (i % 10 == 0) {
                    accounts.claimCredit(id(i));
                }
            }

            ExecutorService pool = Executors.newFixedThreadPool(2 * CLOSERS_PER_RUN);
            List<Future<ResetReport>> closers = new ArrayList<>();
            for (int run = 0; run < 2; run++) {
                for (int closer = 0; closer < CLOSERS_PER_RUN; closer++) {
                    ResetShare share = new ResetShare(closer, CLOSERS_PER_RUN);
                    MonthlyReset reset = new MonthlyReset(new MeteringStore(fixture.client(), config),
                            new CycleOpening(fixture.catalogs.plans()), MonthlyReset.DEFAULT_GRACE, Clock.fixed(NOW, ZoneOffset.UTC));
                    closers.add(pool.submit(() -> reset.run(NOW, false, Deadline.none(), share)));
                }
            }
            Money expired = Money.ZERO;
            long closed = 0;
            long remaining = 0;
            long failed = 0;
            for (Future<ResetReport> f : closers) {
                ResetReport report = f.get(15, TimeUnit.MINUTES);
                closed += report.cyclesClosed();
                expired = expired.plus(report.creditExpired());
                remaining += report.remaining();
                failed += report.failed();
            }
            pool.shutdown();
            assertThat(closed).as("closed once in all, by one closer or the other").isEqualTo(ACCOUNTS);
            assertThat(expired).as("the claimed tenth's $20 each, expired once").isEqualTo(Money.ofUsd(20).times(ACCOUNTS / 10));
            assertThat(remaining).isZero();
            assertThat(failed).isZero();

            // One scan of the table sees every item at once (an index query per account would read the
            // whole table each time on this engine): expiries per account, grants per account, cycle and pool.
            Map<String, Integer> expiries = new HashMap<>();
            Map<String, Integer> grants = new HashMap<>();
            for (Map<String, AttributeValue> item : fixture.client().scanPaginator(b -> b.tableName(fixture.table).consistentRead(true)).items()) {
                String kind = item.containsKey("kind") ? item.get("kind").s() : "";
                String account = item.get("pk").s().substring("ACCT#".length());
                if (kind.equals("EXPIRY")) {
                    expiries.merge(account, 1, Integer::sum);
                } else if (kind.equals("GRANT")) {
                    grants.merge(account + "@" + item.get("cycleStart").s() + "@" + item.get("pool").s(), 1, Integer::sum);
                }
            }
            MeteringStore store = new MeteringStore(fixture.client(), config);
            Instant second = Instant.parse("2027-04-05T00:00:00Z");
            List<MeteringStore.CycleKey> keys = new ArrayList<>();
            for (int i = 0; i < ACCOUNTS; i++) {
                keys.add(new MeteringStore.CycleKey(id(i), ANCHOR));
                keys.add(new MeteringStore.CycleKey(id(i), second));
            }
            Map<MeteringStore.CycleKey, CyclePools> cycles = store.findCycles(keys);
            for (int i = 0; i < ACCOUNTS; i++) {
                String id = id(i);
                boolean claimed = i % 10 == 0;
                assertThat(expiries.get(id)).as("expiries of " + id).isEqualTo(1);
                CyclePools closedCycle = cycles.get(new MeteringStore.CycleKey(id, ANCHOR));
                assertThat(closedCycle.isClosed()).as(id + " closed").isTrue();
                assertThat(closedCycle.programmatic().expired()).as(id + " expired once").isEqualTo(closedCycle.programmatic().granted());
                CyclePools next = cycles.get(new MeteringStore.CycleKey(id, second));
                assertThat(next.isClosed()).isFalse();
                assertThat(next.programmatic().granted()).as(id + " credit granted once").isEqualTo(claimed ? Money.ofUsd(20) : Money.ZERO);
                assertThat(next.interactive().granted()).as(id + " allowance granted once").isEqualTo(closedCycle.interactive().granted());
                assertThat(grants.get(id + "@" + second + "@INTERACTIVE")).as(id + " allowance grants").isEqualTo(1);
                assertThat(grants.get(id + "@" + second + "@PROGRAMMATIC")).as(id + " credit grants").isEqualTo(claimed ? 1 : null);
            }
            for (int i = 0; i < ACCOUNTS; i += 250) {
                fixture.assertInvariants(id(i), ANCHOR);
                fixture.assertInvariants(id(i), second);
            }
            assertThat(store.dueIndex().shards()).isEqualTo(SHARDS);
        }
    }

    private static String id(int i) {
        return "acct_f" + i;
    }
}
