package dev.metering.store;

import static org.assertj.core.api.Assertions.assertThat;

import dev.metering.core.cycle.CyclePools;
import dev.metering.core.debit.Pool;
import dev.metering.core.ledger.EntryKind;
import dev.metering.core.ledger.LedgerEntry;
import dev.metering.core.money.Money;
import dev.metering.core.source.PoolKind;
import dev.metering.core.usage.UsageCell;
import dev.metering.store.accounts.AccountService;
import dev.metering.store.recording.Recording;
import dev.metering.store.recording.UsageRecorder;
import dev.metering.testsupport.DynamoEngine;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneId;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CopyOnWriteArrayList;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;

/** A table of its own on the test engine, and the services over it. */
public final class StoreFixture implements AutoCloseable {

    public final String table;
    public final StoreConfig config;
    public final Catalogs catalogs = Catalogs.bundled();
    public final Clock clock;
    private final List<DynamoDbClient> clients = new CopyOnWriteArrayList<>();

    public StoreFixture(String prefix, Clock clock) {
        // No stream, unless a test reads it: moto would keep every record of the heavy tests in memory and serialise each one.
        this(prefix, clock, false);
    }

    public StoreFixture(String prefix, Clock clock, boolean withStream) {
        this.table = DynamoEngine.shared().createTable(prefix, withStream);
        this.config = StoreConfig.defaults(table);
        this.clock = clock;
    }

    public DynamoDbClient client() {
        DynamoDbClient client = DynamoEngine.shared().newClient();
        clients.add(client);
        return client;
    }

    /** Closes the client with the fixture. */
    public DynamoDbClient track(DynamoDbClient client) {
        clients.add(client);
        return client;
    }

    public UsageRecorder recorder() {
        return Recording.recorder(client(), config, catalogs, clock);
    }

    public MeteringStore store() {
        return new MeteringStore(client(), config);
    }

    public AccountService accounts() {
        return new AccountService(store(), catalogs.plans(), clock);
    }

    /** Creates an account in UTC and claims its programmatic credit. {@code cap} null: no cap. */
    public void claimedAccount(String id, String plan, Instant anchor, boolean extraUsage, Money cap) {
        AccountService service = accounts();
        service.create(new AccountService.NewAccount(id, plan, null, anchor, java.time.ZoneOffset.UTC, extraUsage, cap));
        service.claimCredit(id);
    }

    /**
     * Checks a cycle against its ledger: granted = used + remaining + expired per pool, and every
     * total equal to the sum of its entries.
     */
    public CyclePools assertInvariants(String accountId, Instant cycleStart) {
        MeteringStore store = store();
        CyclePools pools = store.findCycle(accountId, cycleStart).orElseThrow();
        List<LedgerEntry> ledger = store.ledger(accountId, cycleStart);
        for (PoolKind kind : PoolKind.values()) {
            Pool pool = pools.pool(kind);
            assertThat(pool.granted()).isEqualTo(pool.used().plus(pool.remaining()).plus(pool.expired()));
            assertThat(pool.remaining().isNegative()).isFalse();
            assertThat(sum(ledger, kind, EntryKind.GRANT, EntryKind.ADJUSTMENT)).as(kind + " granted = grants").isEqualTo(pool.granted());
            assertThat(sum(ledger, kind, EntryKind.DEBIT)).as(kind + " used = debits").isEqualTo(pool.used());
            assertThat(sum(ledger, kind, EntryKind.EXPIRY)).as(kind + " expired = expiries").isEqualTo(pool.expired());
            Money extra = ledger.stream().filter(e -> e.pool() == kind).map(LedgerEntry::extraUsage).reduce(Money.ZERO, Money::plus);
            Money overrun = ledger.stream().filter(e -> e.pool() == kind).map(LedgerEntry::overrun).reduce(Money.ZERO, Money::plus);
            assertThat(extra).as(kind + " extra usage = debits").isEqualTo(pool.extraUsage().accrued());
            assertThat(overrun).as(kind + " overrun = debits").isEqualTo(pool.overrun());
            long switches = ledger.stream().filter(e -> e.pool() == kind && e.marks().rateSwitch()).count();
            assertThat(switches).as("rate switches").isEqualTo(pool.rateSwitchedAt() == null ? 0 : 1);
            for (int threshold : pool.thresholds()) {
                assertThat(ledger.stream().filter(e -> e.pool() == kind && e.marks().thresholdsReached().contains(threshold)).count())
                        .as("threshold " + threshold + " recorded once").isEqualTo(1);
            }
        }
        List<LedgerEntry> bySequence = ledger.stream().sorted(java.util.Comparator.comparingLong(e -> e.position().sequence())).toList();
        assertThat(bySequence.stream().map(e -> e.position().sequence()).distinct().count()).as("one sequence per entry").isEqualTo(ledger.size());
        Money balance = Money.ZERO;
        for (LedgerEntry e : bySequence) {
            balance = balance.plus(e.creditEffect());
            assertThat(e.position().balanceAfter()).as("credit remaining after " + e.entryId()).isEqualTo(balance);
        }
        assertThat(balance).as("the last balance is the credit remaining").isEqualTo(pools.programmatic().remaining());
        ZoneId zone = store.findAccount(accountId).orElseThrow().zone();
        assertThat(byKey(store.usage(accountId, cycleStart))).as("usage cells = the ledger's debits, added up")
                .isEqualTo(byKey(UsageCell.of(ledger, zone)));
        return pools;
    }

    private static Map<UsageCell.Key, UsageCell> byKey(List<UsageCell> cells) {
        Map<UsageCell.Key, UsageCell> out = new TreeMap<>();
        cells.forEach(c -> assertThat(out.put(c.key(), c)).as("one cell per key: " + c.key()).isNull());
        return out;
    }

    private static Money sum(List<LedgerEntry> ledger, PoolKind kind, EntryKind... kinds) {
        List<EntryKind> wanted = List.of(kinds);
        return ledger.stream().filter(e -> e.pool() == kind && wanted.contains(e.kind()))
                .map(LedgerEntry::credit).reduce(Money.ZERO, Money::plus);
    }

    /** Deletes the table and closes the clients: for tests that make many tables. */
    public void drop() {
        try (DynamoDbClient client = DynamoEngine.shared().newClient()) {
            client.deleteTable(b -> b.tableName(table));
        }
        close();
    }

    @Override
    public void close() {
        clients.forEach(DynamoDbClient::close);
    }
}
