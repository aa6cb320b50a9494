package dev.metering.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.metering.core.cycle.CycleOpening;
import dev.metering.core.cycle.CyclePools;
import dev.metering.core.ledger.Reconciliation;
import dev.metering.core.money.Money;
import dev.metering.core.plan.PlanCatalog;
import dev.metering.core.source.PoolKind;
import dev.metering.store.item.Keys;
import dev.metering.store.recording.IncomingEvent;
import dev.metering.store.recording.RecordResult;
import dev.metering.store.recording.RecordStatus;
import dev.metering.store.reset.MonthlyReset;
import dev.metering.store.reset.Reconcile;
import dev.metering.store.reset.ResetReport;
import dev.metering.testsupport.DynamoEngine;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.core.interceptor.Context;
import software.amazon.awssdk.core.interceptor.ExecutionAttributes;
import software.amazon.awssdk.core.interceptor.ExecutionInterceptor;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.QueryRequest;

/**
 * The reset at its edges: a mistyped instant in the future is refused; one account it cannot close
 * never holds back the others; it closes the cycle its marker names, reading the invoice from the
 * cycle itself; reconcile recomputes a cycle from its ledger. And the recorder stops before its
 * deadline, handing back only what it did not write.
 */
class ResetEdgesTest {

    private static final Instant ANCHOR = Instant.parse("2027-07-01T00:00:00Z");
    private static final Instant CREATED = Instant.parse("2027-07-10T00:00:00Z");
    private static final Instant AFTER = Instant.parse("2027-08-01T02:00:00Z");

    @Test
    void aResetMonthsLateOpensEachCycleOnTheTermsOfItsTimeAfterLaterChanges() {
        dev.metering.store.model.MutableClock clock = new dev.metering.store.model.MutableClock(CREATED);
        try (StoreFixture fixture = new StoreFixture("reset-late-terms", clock)) {
            fixture.claimedAccount("acct_late", "pro", ANCHOR, false, null);
            var accounts = fixture.accounts();
            // No reset for months; in October and again in November the plan changes, several times.
            clock.set(Instant.parse("2027-10-10T00:00:00Z"));
            accounts.put("acct_late", new dev.metering.store.accounts.AccountService.Settings("max-5x", null, null, null));
            clock.set(Instant.parse("2027-11-10T00:00:00Z"));
            for (String plan : List.of("max-20x", "team-premium", "max-20x")) {
                accounts.put("acct_late", new dev.metering.store.accounts.AccountService.Settings(plan, null, null, null));
            }
            ResetReport report = new ResetFixture(fixture).at(clock.instant()).run(clock.instant(), false, Deadline.none());
            assertThat(report.failed()).as("no cycle's terms lost to the history kept small").isZero();
            assertThat(report.cyclesClosed()).as("July to October").isEqualTo(4);
            // August and September, opened by the close that ran late, on the plan of their time.
            assertThat(fixture.store().findCycle("acct_late", Instant.parse("2027-08-01T00:00:00Z")).orElseThrow().plan()).isEqualTo("pro");
            assertThat(fixture.store().findCycle("acct_late", Instant.parse("2027-09-01T00:00:00Z")).orElseThrow().plan()).isEqualTo("pro");
            assertThat(fixture.store().findCycle("acct_late", Instant.parse("2027-10-01T00:00:00Z")).orElseThrow().plan()).isEqualTo("max-5x");
        }
    }

    @Test
    void anAsOfYearsAheadIsRefusedAndNothingCloses() {
        try (StoreFixture fixture = new StoreFixture("reset-future", Clock.fixed(CREATED, ZoneOffset.UTC))) {
            fixture.claimedAccount("acct_f", "pro", ANCHOR, false, null);
            MonthlyReset reset = new ResetFixture(fixture).at(CREATED);

            assertThatThrownBy(() -> reset.run(CREATED.plus(Duration.ofDays(3650)), false, Deadline.none()))
                    .isInstanceOf(MonthlyReset.AsOfRefused.class).hasMessageStartingWith("asOf:");
            ResetReport slightlyAhead = reset.run(CREATED.plus(Duration.ofMinutes(4)), false, Deadline.none());
            assertThat(slightlyAhead.cyclesClosed()).isZero();
            assertThat(fixture.assertInvariants("acct_f", ANCHOR).isClosed()).isFalse();
        }
    }

    @Test
    void aDryRunOverSeveralDueCyclesReportsEachAndWritesNothing() {
        Instant twoLate = Instant.parse("2027-09-01T02:00:00Z");
        try (StoreFixture fixture = new StoreFixture("reset-dry", Clock.fixed(CREATED, ZoneOffset.UTC))) {
            fixture.claimedAccount("acct_dry", "pro", ANCHOR, false, null);
            MonthlyReset reset = new ResetFixture(fixture).at(twoLate);

            ResetReport dry = reset.run(twoLate, true, Deadline.none());

            assertThat(dry.cyclesClosed()).as("July, then August as the close would open it").isEqualTo(2);
            assertThat(dry.creditExpired()).isEqualTo(Money.ofUsd(40));
            assertThat(fixture.store().findCycle("acct_dry", ANCHOR).orElseThrow().isClosed()).isFalse();
            assertThat(fixture.store().findCycle("acct_dry", Instant.parse("2027-08-01T00:00:00Z"))).isEmpty();
            assertThat(reset.run(twoLate, false, Deadline.none()).cyclesClosed()).isEqualTo(2);
        }
    }

    @Test
    void anAccountWhosePlanWasRetiredIsCountedAsFailedAndTheOthersClose(@TempDir Path dir) throws Exception {
        try (StoreFixture fixture = new StoreFixture("reset-isolation", Clock.fixed(CREATED, ZoneOffset.UTC))) {
            fixture.claimedAccount("acct_a", "pro", ANCHOR, false, null);
            fixture.claimedAccount("acct_retired", "max-5x", ANCHOR, false, null);
            fixture.claimedAccount("acct_z", "pro", ANCHOR, false, null);
            Path plans = dir.resolve("plans.csv");
            Files.writeString(plans, "# plan,programmatic_credit,interactive_allowance\npro,20,8\n");
            MonthlyReset reset = new MonthlyReset(fixture.store(), new CycleOpening(PlanCatalog.load(plans.toString())),
                    MonthlyReset.DEFAULT_GRACE, Clock.fixed(AFTER, ZoneOffset.UTC));

            ResetReport report = reset.run(AFTER, false, Deadline.none());

            assertThat(report.cyclesClosed()).isEqualTo(2);
            assertThat(report.failed()).isEqualTo(1);
            assertThat(report.remaining()).as("a failed account is not counted as remaining").isZero();
            assertThat(report.oldestDueAge()).as("the failed account's cycle is still due").isEqualTo(Duration.ofHours(2));
            assertThat(fixture.store().findCycle("acct_retired", ANCHOR).orElseThrow().isClosed()).isFalse();
            assertThat(fixture.store().findCycle("acct_z", ANCHOR).orElseThrow().isClosed()).isTrue();
        }
    }

    @Test
    void aShardWhoseListingFailsWaitsForTheNextRunAndTheOtherShardsClose() {
        AtomicInteger refused = new AtomicInteger();
        try (StoreFixture fixture = new StoreFixture("reset-shard-fails", Clock.fixed(CREATED, ZoneOffset.UTC))) {
            List<String> accounts = List.of("acct_s1", "acct_s2", "acct_s3", "acct_s4", "acct_s5", "acct_s6");
            accounts.forEach(id -> fixture.claimedAccount(id, "pro", ANCHOR, false, null));
            String failing = Keys.due(Keys.dueShard("acct_s1", fixture.config.dueShards()));
            ExecutionInterceptor firstListingFails = new ExecutionInterceptor() {
                @Override
                public void beforeExecution(Context.BeforeExecution context, ExecutionAttributes attributes) {
                    if (context.request() instanceof QueryRequest query && query.indexName() != null
                            && query.expressionAttributeValues().values().stream().anyMatch(v -> failing.equals(v.s())) && refused.getAndIncrement() == 0) {
                        throw SdkClientException.create("the listing of " + failing + " failed on purpose");
                    }
                }
            };
            DynamoDbClient failingOnce = fixture.track(DynamoEngine.shared().newClient(c -> c.addExecutionInterceptor(firstListingFails)));

            ResetReport report = new ResetFixture(fixture).at(AFTER, new MeteringStore(failingOnce, fixture.config)).run(AFTER, false, Deadline.none());

            List<String> inFailingShard = accounts.stream()
                    .filter(id -> Keys.due(Keys.dueShard(id, fixture.config.dueShards())).equals(failing)).toList();
            assertThat(refused).as("the failing shard was asked for").hasValueGreaterThanOrEqualTo(1);
            assertThat(report.cyclesClosed()).isEqualTo(accounts.size() - inFailingShard.size());
            assertThat(report.remaining()).as("counted after the run, when the shard answers again").isEqualTo(inFailingShard.size());
            assertThat(report.oldestDueAge()).isEqualTo(Duration.ofHours(2));
            accounts.forEach(id -> assertThat(fixture.store().findCycle(id, ANCHOR).orElseThrow().isClosed()).as(id)
                    .isEqualTo(!inFailingShard.contains(id)));
            assertThat(new ResetFixture(fixture).run(AFTER).cyclesClosed()).as("the next run closes what waited").isEqualTo(inFailingShard.size());
        }
    }

    @Test
    void theShardsAreListedSideBySideNotOneAfterAnother() {
        AtomicInteger inFlight = new AtomicInteger();
        AtomicInteger most = new AtomicInteger();
        ExecutionInterceptor watch = new ExecutionInterceptor() {
            @Override
            public void beforeExecution(Context.BeforeExecution context, ExecutionAttributes attributes) {
                if (context.request() instanceof QueryRequest query && query.indexName() != null) {
                    most.accumulateAndGet(inFlight.incrementAndGet(), Math::max);
                    try {
                        Thread.sleep(20); // long enough for listings begun together to overlap
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                    }
                }
            }

            @Override
            public void afterExecution(Context.AfterExecution context, ExecutionAttributes attributes) {
                if (context.request() instanceof QueryRequest query && query.indexName() != null) {
                    inFlight.decrementAndGet();
                }
            }
        };
        try (StoreFixture fixture = new StoreFixture("reset-side-by-side", Clock.fixed(CREATED, ZoneOffset.UTC))) {
            fixture.claimedAccount("acct_p", "pro", ANCHOR, false, null);
            DynamoDbClient watched = fixture.track(DynamoEngine.shared().newClient(c -> c.addExecutionInterceptor(watch)));

            ResetReport report = new ResetFixture(fixture).at(AFTER, new MeteringStore(watched, fixture.config)).run(AFTER, false, Deadline.none());

            assertThat(report.cyclesClosed()).isEqualTo(1);
            assertThat(most.get()).as("shards listed at the same time").isGreaterThan(1);
        }
    }

    @Test
    void theResetClosesTheCycleItsMarkerNamesAndReadsTheInvoiceFromTheCycleNotTheIndex() {
        List<String> indexQueries = new CopyOnWriteArrayList<>();
        ExecutionInterceptor watch = new ExecutionInterceptor() {
            @Override
            public void beforeExecution(Context.BeforeExecution context, ExecutionAttributes attributes) {
                if (context.request() instanceof QueryRequest query && query.indexName() != null) {
                    indexQueries.add(query.indexName());
                }
            }
        };
        try (StoreFixture fixture = new StoreFixture("reset-marker", Clock.fixed(CREATED, ZoneOffset.UTC))) {
            fixture.claimedAccount("acct_m", "pro", ANCHOR, true, null);
            List<RecordResult> usage = fixture.recorder().record(List.of(
                    new IncomingEvent("m0", Events.usage("m-1", "acct_m", CREATED.minusSeconds(10), "agent-sdk", "claude-opus-4-1", 0, 300_000)),
                    new IncomingEvent("m1", Events.usage("m-2", "acct_m", CREATED.minusSeconds(5), "agent-sdk", "claude-haiku-4-5", 0, 1_000_000))));
            assertThat(usage).allMatch(r -> r.status() == RecordStatus.APPLIED);
            // The calendar moves under the stored cycle (as a time-zone database update would): its months now end 7 hours earlier.
            DynamoDbClient client = fixture.client();
            client.updateItem(b -> b.tableName(fixture.table).key(Map.of(Keys.PK, AttributeValue.fromS("ACCT#acct_m"),
                            Keys.SK, AttributeValue.fromS("ACCOUNT")))
                    .updateExpression("SET #z = :z").expressionAttributeNames(Map.of("#z", "timeZone")).expressionAttributeValues(Map.of(":z", AttributeValue.fromS("America/Los_Angeles"))));
            DynamoDbClient watched = fixture.track(DynamoEngine.shared().newClient(c -> c.addExecutionInterceptor(watch)));
            MonthlyReset reset = new ResetFixture(fixture).at(AFTER, new MeteringStore(watched, fixture.config));

            ResetReport report = reset.run(AFTER, false, Deadline.none());

            assertThat(report.cyclesClosed()).isEqualTo(1);
            // $22.50 of opus output, then $5 of haiku output: $20 of credit, then $2.50 and $5 of extra usage.
            assertThat(report.extraUsageBilled()).isEqualTo(Money.parseUsd("7.5"));
            CyclePools closed = fixture.assertInvariants("acct_m", ANCHOR);
            assertThat(closed.isClosed()).isTrue();
            assertThat(closed.extraUsageByModel()).isEqualTo(Map.of("claude-haiku-4-5", Money.parseUsd("5"), "claude-opus-4-1",
                    Money.parseUsd("2.5")));
            assertThat(fixture.store().findCycle("acct_m", Instant.parse("2027-08-01T00:00:00Z"))).as("the next starts where it ended")
                    .isPresent();
            assertThat(new SystemCycles(fixture).starts("acct_m")).as("no phantom cycle from the moved calendar")
                    .containsExactly(ANCHOR, Instant.parse("2027-08-01T00:00:00Z"));
            Map<String, AttributeValue> record = client.getItem(b -> b.tableName(fixture.table).consistentRead(true)
                    .key(Map.of(Keys.PK, AttributeValue.fromS("ACCT#acct_m"), Keys.SK, AttributeValue.fromS(Keys.cycle(ANCHOR))))).item();
            assertThat(record.get("invoiceByModel").m()).containsOnlyKeys("claude-haiku-4-5", "claude-opus-4-1");
            assertThat(indexQueries).as("only the due index is queried").containsOnly(Keys.GSI2);
            assertThat(report.oldestDueAge()).isZero();
            assertThat(indexQueries).as("one listing per shard: a run that left nothing behind does not look again")
                    .hasSize(fixture.config.dueShards());
        }
    }

    @Test
    void reconcileReportsWhereTheStoredTotalsAndTheLedgerDifferAndWritesNothing() {
        try (StoreFixture fixture = new StoreFixture("reset-reconcile", Clock.fixed(CREATED, ZoneOffset.UTC))) {
            fixture.claimedAccount("acct_c", "pro", ANCHOR, false, null);
            fixture.recorder().record(List.of(new IncomingEvent("m0",
                    Events.usage("c-1", "acct_c", CREATED.minusSeconds(10), "agent-sdk", "claude-sonnet-4-6", 1_000_000, 0))));
            Reconcile reconcile = new Reconcile(fixture.store());
            assertThat(reconcile.run("acct_c", ANCHOR)).isEmpty();

            Map<String, AttributeValue> key = Map.of(Keys.PK, AttributeValue.fromS("ACCT#acct_c"), Keys.SK, AttributeValue.fromS(Keys.cycle(ANCHOR)));
            fixture.client().updateItem(b -> b.tableName(fixture.table).key(key)
                    .updateExpression("SET p_used = :u").expressionAttributeValues(Map.of(":u", AttributeValue.fromN("4000000000"))));
            Map<String, AttributeValue> before = fixture.client().getItem(b -> b.tableName(fixture.table).key(key).consistentRead(true)).item();

            assertThat(reconcile.run("acct_c", ANCHOR)).containsExactly(
                    new Reconciliation.Difference(PoolKind.PROGRAMMATIC, "used", Money.ofUsd(4), Money.ofUsd(3)));
            assertThat(fixture.client().getItem(b -> b.tableName(fixture.table).key(key).consistentRead(true)).item()).isEqualTo(before);
            assertThatThrownBy(() -> reconcile.run("acct_c", CREATED)).isInstanceOf(Reconcile.UnknownCycle.class);
        }
    }

    @Test
    void theRecorderStopsAtItsDeadlineAndOnlyWhatItDidNotWriteComesBack() {
        try (StoreFixture fixture = new StoreFixture("record-deadline", Clock.fixed(CREATED, ZoneOffset.UTC))) {
            fixture.claimedAccount("acct_d1", "pro", ANCHOR, false, null);
            fixture.claimedAccount("acct_d2", "pro", ANCHOR, false, null);
            List<IncomingEvent> batch = List.of(
                    new IncomingEvent("m0", Events.usage("d-1", "acct_d1", CREATED.minusSeconds(9), "agent-sdk", "claude-sonnet-4-6", 1_000, 0)),
                    new IncomingEvent("m1", Events.usage("d-2", "acct_d2", CREATED.minusSeconds(8), "agent-sdk", "claude-sonnet-4-6", 1_000, 0)));
            AtomicInteger checks = new AtomicInteger();
            // The deadline passes after the first account's write.
            List<RecordResult> first = fixture.recorder().record(batch, () -> checks.incrementAndGet() > 1);

            assertThat(first).extracting(RecordResult::status).containsExactly(RecordStatus.APPLIED, RecordStatus.RETRY);
            assertThat(first.get(1).reason()).isEqualTo("out of time before the function's deadline");
            List<RecordResult> redelivered = fixture.recorder().record(batch);
            assertThat(redelivered).extracting(RecordResult::status).containsExactly(RecordStatus.DUPLICATE, RecordStatus.APPLIED);
            fixture.assertInvariants("acct_d1", ANCHOR);
            fixture.assertInvariants("acct_d2", ANCHOR);
        }
    }

    /** The cycle items an account has, straight from the table. */
    private record SystemCycles(StoreFixture fixture) {
        List<Instant> starts(String accountId) {
            return fixture.client().query(b -> b.tableName(fixture.table).consistentRead(true)
                            .keyConditionExpression("pk = :pk AND begins_with(sk, :c)")
                            .expressionAttributeValues(Map.of(":pk", AttributeValue.fromS("ACCT#" + accountId), ":c", AttributeValue.fromS("CYCLE#"))))
                    .items().stream().map(i -> Instant.parse(i.get("start").s())).toList();
        }
    }
}
