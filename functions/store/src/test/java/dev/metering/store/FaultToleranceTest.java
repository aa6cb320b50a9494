package dev.metering.store;

import static org.assertj.core.api.Assertions.assertThat;

import dev.metering.core.cycle.Cycle;
import dev.metering.core.cycle.CyclePools;
import dev.metering.core.ledger.EntryKind;
import dev.metering.core.ledger.LedgerEntry;
import dev.metering.core.money.Money;
import dev.metering.core.source.PoolKind;
import dev.metering.store.accounts.AccountService;
import dev.metering.testsupport.faults.FaultInjector;
import dev.metering.testsupport.faults.FaultInjector.Fault;
import dev.metering.testsupport.faults.KillSwitch;
import dev.metering.store.recording.IncomingEvent;
import dev.metering.store.recording.RecordResult;
import dev.metering.store.recording.RecordStatus;
import dev.metering.store.recording.Recording;
import dev.metering.store.recording.UsageRecorder;
import dev.metering.store.Deadline;
import dev.metering.store.reset.MonthlyReset;
import dev.metering.store.reset.ResetReport;
import dev.metering.testsupport.DynamoEngine;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.awscore.retry.AwsRetryStrategy;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.core.interceptor.ExecutionInterceptor;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;

/**
 * Faults injected at the SDK seam, against the real engine: throttling, transaction conflicts,
 * timeouts before and after commit during a storm, crashes between commit and acknowledgement,
 * and a reset killed halfway. Each ends on the invariants: nothing lost, nothing counted twice.
 */
class FaultToleranceTest {

    private static final String MODEL = "claude-sonnet-4-6";

    /** A client that fails the way the interceptor says, with the SDK's own retries off so every fault reaches our code. */
    private static DynamoDbClient faultyClient(StoreFixture fixture, ExecutionInterceptor faults) {
        DynamoDbClient client = DynamoEngine.shared().newClient(c -> c.addExecutionInterceptor(faults).retryStrategy(AwsRetryStrategy.doNotRetry()));
        fixture.track(client);
        return client;
    }

    private static UsageRecorder recorder(StoreFixture fixture, DynamoDbClient client) {
        return Recording.recorder(client, fixture.config, fixture.catalogs, fixture.clock);
    }

    @Test
    void aStormWithFaultsAndCrashesLosesNothingAndCountsNothingTwice() throws Exception {
        int writers = 12;
        int events = 360;
        Instant now = Instant.now();
        try (StoreFixture fixture = new StoreFixture("faults-storm", Clock.systemUTC())) {
            fixture.claimedAccount("acct_faults", "pro", now.minus(Duration.ofDays(2)), true, Money.parseUsd("10"));
            // 5,000 input + 5,000 output tokens of sonnet-4-6 = $0.015 + $0.075 = $0.09 an event; 360 of them = $32.40.
            List<List<String>> perWriter = new ArrayList<>();
            for (int w = 0; w < writers; w++) {
                perWriter.add(new ArrayList<>());
            }
            for (int i = 0; i < events; i++) {
                perWriter.get(i % writers).add(Events.usage("fault-" + i, "acct_faults", now.minusSeconds(30 + i), "agent-sdk", MODEL, 5000, 5000));
            }
            List<FaultInjector> injectors = new CopyOnWriteArrayList<>();
            Map<String, RecordStatus> acknowledged = new ConcurrentHashMap<>();
            AtomicInteger crashes = new AtomicInteger();
            AtomicInteger handedBack = new AtomicInteger();

            ExecutorService pool = Executors.newFixedThreadPool(writers);
            List<Future<?>> futures = new ArrayList<>();
            for (int w = 0; w < writers; w++) {
                long seed = 1000 + w;
                List<String> bodies = perWriter.get(w);
                futures.add(pool.submit(() -> {
                    FaultInjector faults = new FaultInjector(seed, 0.25);
                    injectors.add(faults);
                    UsageRecorder recorder = recorder(fixture, faultyClient(fixture, faults));
                    Random crash = new Random(seed);
                    deliverUntilAcknowledged(recorder, bodies, 10, crash, acknowledged, crashes, handedBack);
                    return null;
                }));
            }
            for (Future<?> f : futures) {
                f.get(15, TimeUnit.MINUTES);
            }
            pool.shutdown();
            injectors.forEach(FaultInjector::disable);

            for (Fault fault : Fault.values()) {
                assertThat(injectors.stream().mapToLong(i -> i.injected(fault)).sum()).as(fault + " injected").isPositive();
            }
            assertThat(crashes.get()).as("batches crashed after commit").isPositive();
            assertThat(acknowledged).hasSize(events);
            assertThat(acknowledged.values()).allMatch(s -> s == RecordStatus.APPLIED || s == RecordStatus.DUPLICATE);

            Instant cycleStart = fixture.store().findAccount("acct_faults").orElseThrow().calendar().cycleContaining(now).start();
            CyclePools pools = fixture.assertInvariants("acct_faults", cycleStart);
            List<LedgerEntry> debits = fixture.store().ledger("acct_faults", cycleStart).stream().filter(e -> e.kind() == EntryKind.DEBIT).toList();
            assertThat(debits).hasSize(events);
            assertThat(debits.stream().map(LedgerEntry::eventId).distinct().count()).isEqualTo(events);
            assertThat(pools.programmatic().used()).isEqualTo(Money.parseUsd("20"));
            assertThat(pools.programmatic().extraUsage().accrued()).isEqualTo(Money.parseUsd("10"));
            assertThat(pools.programmatic().overrun()).isEqualTo(Money.parseUsd("2.4"));
            assertThat(pools.programmatic().rateSwitchedAt()).isNotNull();
            System.out.printf("fault storm: %d writers, %d events, %d batches crashed after commit, %d events handed back; injected %s%n",
                    writers, events, crashes.get(), handedBack.get(),
                    injectors.stream().map(FaultInjector::summary).collect(Collectors.joining(" | ")));
        }
    }

    /**
     * One queue consumer: events handed back are delivered again; a share of batches "crash" after
     * the recorder returned and before the acknowledgement, so the whole batch comes again.
     */
    private static void deliverUntilAcknowledged(UsageRecorder recorder, List<String> bodies, int batchSize, Random crash,
                                                 Map<String, RecordStatus> acknowledged, AtomicInteger crashes, AtomicInteger handedBack) {
        List<String> queue = new ArrayList<>(bodies);
        int deliveries = 0;
        while (!queue.isEmpty()) {
            if (++deliveries > 5_000) {
                throw new IllegalStateException("no progress after 5,000 deliveries");
            }
            List<String> batch = new ArrayList<>(queue.subList(0, Math.min(batchSize, queue.size())));
            queue.subList(0, batch.size()).clear();
            List<IncomingEvent> incoming = new ArrayList<>();
            for (int i = 0; i < batch.size(); i++) {
                incoming.add(new IncomingEvent("d" + deliveries + "-" + i, batch.get(i)));
            }
            List<RecordResult> results = recorder.record(incoming);
            if (crash.nextDouble() < 0.15) {
                crashes.incrementAndGet();
                queue.addAll(batch);
                continue;
            }
            for (int i = 0; i < results.size(); i++) {
                RecordResult r = results.get(i);
                if (r.status() == RecordStatus.RETRY) {
                    handedBack.incrementAndGet();
                    queue.add(batch.get(i));
                } else {
                    acknowledged.put(r.eventId(), r.status());
                }
            }
        }
    }

    @Test
    void aBatchCommittedByAProcessThatDiedBeforeAcknowledgingIsCountedOnce() {
        Instant now = Instant.now();
        try (StoreFixture fixture = new StoreFixture("faults-crash", Clock.systemUTC())) {
            for (String account : List.of("acct_c1", "acct_c2")) {
                fixture.claimedAccount(account, "max-5x", now.minus(Duration.ofDays(5)), false, null);
            }
            List<IncomingEvent> batch = new ArrayList<>();
            for (int i = 0; i < 40; i++) {
                String account = i % 2 == 0 ? "acct_c1" : "acct_c2";
                batch.add(new IncomingEvent("m" + i, Events.usage("crash-" + i, account, now.minusSeconds(60 + i), "claude-code-github-actions", MODEL, 1000, 0)));
            }
            // The first account's transaction commits; the process dies before its answer arrives.
            KillSwitch kill = new KillSwitch(0);
            recorder(fixture, faultyClient(fixture, kill)).record(batch); // its answer dies with it
            assertThat(kill.isDead()).isTrue();
            assertThat(kill.transactionsSent()).isEqualTo(1);

            List<RecordResult> redelivered = fixture.recorder().record(batch);
            Map<RecordStatus, Long> counts = redelivered.stream().collect(Collectors.groupingBy(RecordResult::status, Collectors.counting()));
            assertThat(counts).isEqualTo(Map.of(RecordStatus.DUPLICATE, 20L, RecordStatus.APPLIED, 20L));

            // The acknowledgement of the redelivery is lost too: a third delivery changes nothing.
            Map<String, Long> versions = cycleVersions(fixture, now, "acct_c1", "acct_c2");
            assertThat(fixture.recorder().record(batch)).allMatch(r -> r.status() == RecordStatus.DUPLICATE);
            assertThat(cycleVersions(fixture, now, "acct_c1", "acct_c2")).isEqualTo(versions);

            for (String account : List.of("acct_c1", "acct_c2")) {
                Instant start = fixture.store().findAccount(account).orElseThrow().calendar().cycleContaining(now).start();
                CyclePools pools = fixture.assertInvariants(account, start);
                // 20 events of 1,000 sonnet input tokens at $3/M = $0.003 each
                assertThat(pools.programmatic().used()).isEqualTo(Money.parseUsd("0.06"));
                assertThat(fixture.store().ledger(account, start).stream().filter(e -> e.kind() == EntryKind.DEBIT).count()).isEqualTo(20);
            }
        }
    }

    private static Map<String, Long> cycleVersions(StoreFixture fixture, Instant now, String... accounts) {
        Map<String, Long> versions = new java.util.HashMap<>();
        for (String account : accounts) {
            Instant start = fixture.store().findAccount(account).orElseThrow().calendar().cycleContaining(now).start();
            versions.put(account, fixture.store().findCycle(account, start).orElseThrow().version());
        }
        return versions;
    }

    private static final Instant CREATED = Instant.parse("2027-05-10T00:00:00Z");
    private static final Instant ANCHOR = Instant.parse("2027-04-20T06:00:00Z");
    private static final Instant AS_OF = Instant.parse("2027-05-20T08:00:00Z");

    @Test
    void aResetKilledHalfwayCompletesOnTheNextRunWithNothingDoneTwice() {
        int accounts = 30;
        try (StoreFixture fixture = new StoreFixture("faults-reset", Clock.fixed(CREATED, ZoneOffset.UTC))) {
            createClaimedAccountsWithSomeUsage(fixture, accounts);
            KillSwitch kill = new KillSwitch(12);
            MonthlyReset dying = new ResetFixture(fixture).at(AS_OF, new MeteringStore(faultyClient(fixture, kill), fixture.config));
            try {
                dying.run(AS_OF, false, Deadline.none());
            } catch (SdkException expected) {
                // The dead run ends in an error or a report; either is lost with the process.
            }
            assertThat(kill.isDead()).isTrue();
            int committed = kill.transactionsSent();
            assertThat(committed).isEqualTo(13);

            ResetFixture reset = new ResetFixture(fixture);
            ResetReport rerun = reset.run(AS_OF);
            assertThat(rerun.cyclesClosed()).isEqualTo(accounts - committed);
            assertThat(rerun.remaining()).isZero();
            assertThat(reset.run(AS_OF).cyclesClosed()).isZero();
            assertClosedOnce(fixture, accounts);
            System.out.printf("reset killed after %d of %d closes (%d calls refused after death); the rerun closed %d: %s%n",
                    committed, accounts, kill.refusedAfterDeath(), rerun.cyclesClosed(), rerun);
        }
    }

    @Test
    void aResetUnderFaultsLeavesWhatFailedForTheNextRunAndFinishes() {
        int accounts = 30;
        try (StoreFixture fixture = new StoreFixture("faults-reset-storm", Clock.fixed(CREATED, ZoneOffset.UTC))) {
            createClaimedAccountsWithSomeUsage(fixture, accounts);
            // On the closes and their reads; a failed due-index query fails the run, and the scheduler's retry is the answer to that.
            FaultInjector faults = new FaultInjector(7, 0.2, Set.of("TransactWriteItems", "BatchGetItem", "GetItem"));
            MonthlyReset reset = new ResetFixture(fixture).at(AS_OF, new MeteringStore(faultyClient(fixture, faults), fixture.config));
            long counted = 0;
            int runs = 0;
            for (boolean done = false; !done; ) {
                assertThat(++runs).as("runs until the reset finishes").isLessThanOrEqualTo(20);
                ResetReport report = reset.run(AS_OF, false, Deadline.none());
                counted += report.cyclesClosed();
                done = report.remaining() == 0 && report.failed() == 0;
            }
            faults.disable();
            assertThat(faults.injected(Fault.THROTTLED) + faults.injected(Fault.TIMEOUT_BEFORE_SEND)).isPositive();
            assertThat(faults.injected(Fault.RESPONSE_LOST_AFTER_COMMIT)).isPositive();
            // A close whose answer was lost committed without being counted: never more than all.
            assertThat(counted).isLessThanOrEqualTo(accounts);
            assertThat(new ResetFixture(fixture).run(AS_OF).cyclesClosed()).isZero();
            assertClosedOnce(fixture, accounts);
            System.out.printf("reset under faults: %d runs closed all %d accounts (%d counted in reports); injected %s%n",
                    runs, accounts, counted, faults.summary());
        }
    }

    /** max-5x accounts with claimed credit ($100); every third used $3 of it (1M sonnet input tokens). */
    private static void createClaimedAccountsWithSomeUsage(StoreFixture fixture, int accounts) {
        AccountService service = fixture.accounts();
        for (int i = 0; i < accounts; i++) {
            service.create(new AccountService.NewAccount("acct_" + i, "max-5x", null, ANCHOR, ZoneOffset.UTC, false, null));
            service.claimCredit("acct_" + i);
        }
        List<IncomingEvent> usage = new ArrayList<>();
        for (int i = 0; i < accounts; i += 3) {
            usage.add(new IncomingEvent("u" + i, Events.usage("pre-" + i, "acct_" + i, CREATED.minusSeconds(60),
                    "claude-code-github-actions", MODEL, 1_000_000, 0)));
        }
        assertThat(fixture.recorder().record(usage)).allMatch(r -> r.status() == RecordStatus.APPLIED);
    }

    /** Every account's cycle closed once with one expiry, and its next cycle opened once with one grant. */
    private static void assertClosedOnce(StoreFixture fixture, int accounts) {
        Cycle closed = fixture.store().findAccount("acct_0").orElseThrow().calendar().cycleContaining(CREATED);
        Money expired = Money.ZERO;
        int usedAccounts = 0;
        for (int i = 0; i < accounts; i++) {
            String account = "acct_" + i;
            CyclePools before = fixture.assertInvariants(account, closed.start());
            assertThat(before.isClosed()).isTrue();
            assertThat(fixture.store().ledger(account, closed.start()).stream().filter(e -> e.kind() == EntryKind.EXPIRY).count())
                    .as(account + " expired once").isEqualTo(1);
            expired = expired.plus(before.programmatic().expired());
            usedAccounts += i % 3 == 0 ? 1 : 0;
            CyclePools next = fixture.assertInvariants(account, closed.end());
            assertThat(next.isClosed()).isFalse();
            assertThat(next.programmatic().granted()).isEqualTo(Money.ofUsd(100));
            assertThat(fixture.store().ledger(account, closed.end()).stream()
                    .filter(e -> e.kind() == EntryKind.GRANT && e.pool() == PoolKind.PROGRAMMATIC).count()).isEqualTo(1);
        }
        assertThat(expired).isEqualTo(Money.ofUsd(100).times(accounts).minus(Money.ofUsd(3).times(usedAccounts)));
    }
}
