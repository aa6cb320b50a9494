package dev.metering.store.model;

import dev.metering.core.budget.Budget;
import dev.metering.core.budget.BudgetMatch;
import dev.metering.core.budget.BudgetWindow;
import dev.metering.core.cycle.CycleOpening;
import dev.metering.core.cycle.CyclePools;
import dev.metering.core.ledger.LedgerEntry;
import dev.metering.core.usage.UsageCell;
import dev.metering.core.money.Money;
import dev.metering.core.source.PoolKind;
import dev.metering.store.MeteringStore;
import dev.metering.store.StoreFixture;
import dev.metering.store.accounts.AccountService;
import dev.metering.store.budgets.BudgetService;
import dev.metering.store.item.Keys;
import dev.metering.store.recording.IncomingEvent;
import dev.metering.store.recording.RecordResult;
import dev.metering.store.recording.RecordStatus;
import dev.metering.core.price.ModelRates;
import dev.metering.core.price.PriceRow;
import dev.metering.store.prices.PriceBookSource;
import dev.metering.store.prices.PriceService;
import dev.metering.store.prices.PriceStore;
import dev.metering.store.prices.RuntimePrices;
import dev.metering.store.recording.Recording;
import dev.metering.store.recording.UsageRecorder;
import dev.metering.store.reset.MonthlyReset;
import dev.metering.store.reset.ResetReport;
import dev.metering.testsupport.DynamoEngine;
import dev.metering.testsupport.faults.FaultInjector;
import dev.metering.testsupport.faults.FaultInjector.Fault;
import java.time.Instant;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.atomic.AtomicInteger;
import software.amazon.awssdk.awscore.retry.AwsRetryStrategy;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * The real system as the model-based test drives it: the account service, the recorder (plain, or
 * over a client that throttles and conflicts), the reset (whole, or stopped by its deadline), and
 * reads of what the table holds. Every call goes to the engine.
 */
final class SystemUnderTest {

    private final StoreFixture fixture;
    private final MutableClock clock;
    private final MeteringStore store;
    private final AccountService accounts;
    private final UsageRecorder recorder;
    /** One function's book: every recorder of the run prices with it, read again once a minute old. */
    private final PriceBookSource prices;
    private final PriceService priceService;
    private final BudgetService budgets;

    SystemUnderTest(StoreFixture fixture, MutableClock clock) {
        this.fixture = fixture;
        this.clock = clock;
        this.store = new MeteringStore(fixture.client(), fixture.config);
        this.accounts = new AccountService(store, fixture.catalogs.plans(), clock);
        this.prices = new RuntimePrices(new PriceStore(fixture.client(), fixture.config), fixture.catalogs.priceBook(), clock);
        this.recorder = Recording.recorder(fixture.client(), fixture.config, fixture.catalogs, clock, prices);
        this.priceService = new PriceService(new PriceStore(fixture.client(), fixture.config), fixture.catalogs.priceBook(), clock);
        this.budgets = new BudgetService(store, clock);
    }

    /** Sets a budget through the service the API uses; whether it was taken (an account has at most ten). */
    boolean putBudget(String accountId, PolicyModel.Budget b) {
        BudgetMatch match = b.source() != null ? BudgetMatch.source(b.source())
                : b.tag() != null ? BudgetMatch.tag(b.tag(), b.value()) : BudgetMatch.ALL;
        try {
            budgets.put(accountId, new Budget(b.id(), match, Money.ofNanos(b.limit()),
                    BudgetWindow.fromWire(b.window()).orElseThrow(),
                    b.pause() ? Budget.Action.PAUSE : Budget.Action.NOTIFY, clock.instant(), clock.instant(), "model"));
            return true;
        } catch (AccountService.Conflict full) {
            return false;
        }
    }

    boolean deleteBudget(String accountId, String budgetId) {
        return budgets.delete(accountId, budgetId, "model");
    }

    /** Each budget's spend in its window of now, and whether it is exhausted (1) or not (0). */
    Map<String, long[]> budgets(String accountId) {
        BudgetService.Standing standing = budgets.read(accountId);
        Map<String, long[]> out = new java.util.TreeMap<>();
        for (Budget b : standing.budgets().budgets()) {
            var zone = standing.account().zone();
            out.put(b.budgetId(), new long[] {standing.budgets().spent(b, standing.current(), zone, standing.now()).nanos(),
                    standing.budgets().exhausted(b, standing.current(), zone, standing.now()) ? 1 : 0});
        }
        return out;
    }

    /** Puts a row through the API's service; whether it was taken. */
    boolean putPrice(String model, Instant from, long[] rates, boolean usOnly) {
        PriceRow row = new PriceRow(model, from, ModelRates.of(rates[0], rates[1], rates[2], rates[3], rates[4]), null,
                usOnly ? new java.math.BigDecimal("1.1") : null, PriceRow.DEFAULT_WEB_SEARCH_NANOS_PER_1K, false, null, null);
        try {
            return priceService.put(row, List.of(), "model-admin").created();
        } catch (PriceService.Refused refused) {
            return false;
        }
    }

    void create(String id, String plan, Instant anchor, ZoneId zone) {
        accounts.create(new AccountService.NewAccount(id, plan, null, anchor, zone, false, null));
    }

    void claim(String id) {
        accounts.claimCredit(id);
    }

    void extraUsage(String id, boolean enabled, Long capNanos) {
        accounts.setExtraUsage(id, enabled, capNanos == null ? null : Money.ofNanos(capNanos));
    }

    void plan(String id, String plan) {
        accounts.put(id, new AccountService.Settings(plan, null, null, null));
    }

    boolean adjust(String id, boolean programmatic, long nanos, String adjustmentId) {
        try {
            accounts.adjust(id, new AccountService.Adjustment(programmatic ? PoolKind.PROGRAMMATIC : PoolKind.INTERACTIVE,
                    Money.ofNanos(nanos), "model", adjustmentId), "model-admin", 201, pools -> "{}");
            return true;
        } catch (AccountService.Conflict refused) {
            return false;
        }
    }

    /**
     * Delivers the batch; the events handed back for retry are delivered again together, in their
     * order, as SQS would, until none is.
     */
    List<RecordResult> record(List<PolicyModel.Event> batch, long faultSeed, int deadlineChecks) {
        UsageRecorder first = recorder;
        if (faultSeed != 0) {
            FaultInjector faults = new FaultInjector(faultSeed, 0.3, Set.of("TransactWriteItems"),
                    EnumSet.of(Fault.THROTTLED, Fault.CONFLICT));
            DynamoDbClient faulty = fixture.track(DynamoEngine.shared().newClient(
                    c -> c.addExecutionInterceptor(faults).retryStrategy(AwsRetryStrategy.doNotRetry())));
            first = Recording.recorder(faulty, fixture.config, fixture.catalogs, clock, prices);
        }
        List<IncomingEvent> incoming = new ArrayList<>();
        for (int i = 0; i < batch.size(); i++) {
            incoming.add(new IncomingEvent("m" + i, Json.body(batch.get(i))));
        }
        AtomicInteger checks = new AtomicInteger();
        List<RecordResult> results = new ArrayList<>(first.record(incoming,
                () -> deadlineChecks >= 0 && checks.incrementAndGet() > deadlineChecks));
        for (int round = 0; round < 50 && results.stream().anyMatch(r -> r.status() == RecordStatus.RETRY); round++) {
            List<Integer> again = new ArrayList<>();
            for (int i = 0; i < results.size(); i++) {
                if (results.get(i).status() == RecordStatus.RETRY) {
                    again.add(i);
                }
            }
            List<RecordResult> redelivered = recorder.record(again.stream().map(incoming::get).toList());
            for (int k = 0; k < again.size(); k++) {
                results.set(again.get(k), redelivered.get(k));
            }
        }
        return results;
    }

    /** Runs the reset as of {@code asOf}; {@code stopAfter} >= 0 lets its deadline pass after that many accounts. */
    ResetReport reset(Instant asOf, int stopAfter) {
        MonthlyReset reset = new MonthlyReset(store, new CycleOpening(fixture.catalogs.plans()), PolicyModel.GRACE, clock);
        AtomicInteger checks = new AtomicInteger();
        return reset.run(asOf, false, () -> stopAfter >= 0 && checks.incrementAndGet() > stopAfter);
    }

    boolean resetRefused(Instant asOf) {
        try {
            reset(asOf, -1);
            return false;
        } catch (IllegalArgumentException refused) {
            return true;
        }
    }

    /** Deletes every item whose TTL has passed, as DynamoDB's sweeper eventually does. */
    void ttlSweep(Instant now) {
        DynamoDbClient client = fixture.client();
        List<Map<String, AttributeValue>> expired = new ArrayList<>();
        client.scanPaginator(b -> b.tableName(fixture.table).consistentRead(true)).items().forEach(item -> {
            AttributeValue ttl = item.get(Keys.TTL);
            if (ttl != null && ttl.n() != null && Long.parseLong(ttl.n()) <= now.getEpochSecond()) {
                expired.add(item);
            }
        });
        expired.forEach(item -> client.deleteItem(b -> b.tableName(fixture.table)
                .key(Map.of(Keys.PK, item.get(Keys.PK), Keys.SK, item.get(Keys.SK)))));
    }

    TreeSet<Instant> storedCycleStarts(String accountId) {
        TreeSet<Instant> starts = new TreeSet<>();
        fixture.client().queryPaginator(b -> b.tableName(fixture.table).consistentRead(true)
                        .keyConditionExpression("pk = :pk AND begins_with(sk, :cycle)")
                        .expressionAttributeValues(Map.of(":pk", AttributeValue.fromS(Keys.account(accountId)),
                                ":cycle", AttributeValue.fromS("CYCLE#"))))
                .items().forEach(item -> starts.add(Instant.parse(item.get("start").s())));
        return starts;
    }

    CyclePools cycle(String accountId, Instant start) {
        return store.findCycle(accountId, start).orElseThrow();
    }

    List<LedgerEntry> ledger(String accountId, Instant start) {
        return store.ledger(accountId, start);
    }

    List<UsageCell> usage(String accountId, Instant start) {
        return store.usage(accountId, start);
    }

    void assertInvariants(String accountId, Instant start) {
        fixture.assertInvariants(accountId, start);
    }
}
