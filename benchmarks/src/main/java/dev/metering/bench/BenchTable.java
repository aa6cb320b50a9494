package dev.metering.bench;

import dev.metering.store.Catalogs;
import dev.metering.store.MeteringStore;
import dev.metering.store.StoreConfig;
import dev.metering.store.accounts.AccountService;
import dev.metering.store.recording.IncomingEvent;
import dev.metering.store.recording.Recording;
import dev.metering.store.recording.UsageRecorder;
import dev.metering.testsupport.DynamoEngine;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;

/**
 * A fresh table on the engine with claimed accounts, and clients over it: one that counts what it
 * asks of DynamoDB, for the code being measured, and one that does not, for the setup.
 */
final class BenchTable implements AutoCloseable {

    private static final String MODEL = "claude-haiku-4-5";

    final String name;
    final StoreConfig config;
    final Catalogs catalogs = Catalogs.bundled();
    final Clock clock;
    final RequestCounter counter = new RequestCounter();
    private final DynamoDbClient setupClient;
    private final DynamoDbClient countedClient;

    BenchTable(String prefix, Clock clock) {
        DynamoEngine engine = DynamoEngine.shared();
        // No stream: nothing here reads it, and the engine would keep every record of every benchmark in memory.
        this.name = engine.createTable(prefix, false);
        this.config = StoreConfig.defaults(name);
        this.clock = clock;
        this.setupClient = engine.newClient();
        this.countedClient = engine.newClient(c -> c.addExecutionInterceptor(counter));
    }

    /** Accounts acct_0 .. acct_{n-1} on max-5x, credit claimed, extra usage on without a cap, anchored at {@code anchor}. */
    void createAccounts(int n, Instant anchor) {
        AccountService service = new AccountService(new MeteringStore(setupClient, config), catalogs.plans(), clock);
        for (int i = 0; i < n; i++) {
            service.create(new AccountService.NewAccount(accountId(i), "max-5x", null, anchor, ZoneOffset.UTC, true, null));
            service.claimCredit(accountId(i));
        }
    }

    UsageRecorder recorder() {
        return Recording.recorder(countedClient, config, catalogs, clock);
    }

    MeteringStore countedStore() {
        return new MeteringStore(countedClient, config);
    }

    DynamoDbClient setupClient() {
        return setupClient;
    }

    static String accountId(int i) {
        return "acct_" + i;
    }

    /** {@code n} events spread round-robin over {@code accounts}, each 1,000 haiku input tokens ($0.001). */
    static List<IncomingEvent> events(String prefix, int n, int accounts, Instant occurredAt) {
        List<IncomingEvent> events = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            events.add(new IncomingEvent(prefix + "-" + i, usage(prefix + "-" + i, accountId(i % accounts), occurredAt, 1000)));
        }
        return events;
    }

    /** A programmatic haiku event of {@code inputTokens} input tokens ($1 per million). */
    static String usage(String eventId, String accountId, Instant occurredAt, long inputTokens) {
        return usage(eventId, accountId, occurredAt, MODEL, "agent-sdk", inputTokens);
    }

    /** A programmatic event of {@code inputTokens} input tokens of {@code model} from {@code source}. */
    static String usage(String eventId, String accountId, Instant occurredAt, String model, String source, long inputTokens) {
        return "{\"eventId\":\"" + eventId + "\",\"accountId\":\"" + accountId + "\",\"occurredAt\":\"" + occurredAt
                + "\",\"source\":\"" + source + "\",\"model\":\"" + model + "\",\"serviceTier\":\"standard\",\"usage\":{\"input_tokens\":" + inputTokens
                + ",\"output_tokens\":0,\"cache_creation_input_tokens\":0,\"cache_read_input_tokens\":0}}";
    }

    @Override
    public void close() {
        setupClient.close();
        countedClient.close();
    }
}
