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

    /**
     * Two budgets per account, as the write-cost target sets them: one over a source for the rolling
     * hour, one over a tag value for the day.
     */
    void createBudgets(int n, Instant now) {
        var budgets = new dev.metering.store.budgets.BudgetService(new MeteringStore(setupClient, config), clock);
        for (int i = 0; i < n; i++) {
            budgets.put(accountId(i), new dev.metering.core.budget.Budget("agents-hour", dev.metering.core.budget.BudgetMatch.source("agent-sdk"),
                    dev.metering.core.money.Money.ofUsd(1000), dev.metering.core.budget.BudgetWindow.HOUR,
                    dev.metering.core.budget.Budget.Action.PAUSE, now, now, "bench"));
            budgets.put(accountId(i), new dev.metering.core.budget.Budget("pipeline-day", dev.metering.core.budget.BudgetMatch.tag(TAG_KEYS[0],
                    tagValue(i, 0)), dev.metering.core.money.Money.ofUsd(1000), dev.metering.core.budget.BudgetWindow.DAY,
                    dev.metering.core.budget.Budget.Action.NOTIFY, now, now, "bench"));
        }
    }

    /** Two tag keys of 8 characters; each account's events carry the same two values of 24. */
    static final String[] TAG_KEYS = {"pipeline", "teamname"};

    static String tagValue(int account, int key) {
        return String.format("%s-%018d", key == 0 ? "pipe" : "team", account);
    }

    /** As {@link #events}, each carrying its account's two tags. */
    static List<IncomingEvent> taggedEvents(String prefix, int n, int accounts, Instant occurredAt) {
        List<IncomingEvent> events = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            int account = i % accounts;
            String body = usage(prefix + "-" + i, accountId(account), occurredAt, 1000).replace("\"serviceTier\"",
                    "\"tags\":{\"" + TAG_KEYS[0] + "\":\"" + tagValue(account, 0) + "\",\"" + TAG_KEYS[1] + "\":\"" + tagValue(account, 1)
                            + "\"},\"serviceTier\"");
            events.add(new IncomingEvent(prefix + "-" + i, body));
        }
        return events;
    }

    UsageRecorder setupRecorder() {
        return Recording.recorder(setupClient, config, catalogs, clock);
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

    /**
     * Events carrying the whole usage object as the API returns it: a dated model id, the tier and the
     * geography in the usage object, cache writes split by duration, web searches and fetches, the
     * output details.
     */
    static List<IncomingEvent> apiShapedEvents(String prefix, int n, int accounts, Instant occurredAt) {
        List<IncomingEvent> events = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            String id = prefix + "-" + i;
            events.add(new IncomingEvent(id, "{\"eventId\":\"" + id + "\",\"accountId\":\"" + accountId(i % accounts) + "\",\"occurredAt\":\""
                    + occurredAt + "\",\"source\":\"agent-sdk\",\"model\":\"claude-haiku-4-5-20251001\",\"usage\":{\"input_tokens\":1000,"
                    + "\"output_tokens\":200,\"cache_creation_input_tokens\":300,\"cache_read_input_tokens\":4000,\"cache_creation\":"
                    + "{\"ephemeral_5m_input_tokens\":200,\"ephemeral_1h_input_tokens\":100},\"server_tool_use\":{\"web_search_requests\":1,"
                    + "\"web_fetch_requests\":0},\"service_tier\":\"batch\",\"inference_geo\":\"global\",\"speed\":\"standard\","
                    + "\"output_tokens_details\":{\"thinking_tokens\":50}}}"));
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
