package dev.metering.store.priming;

import dev.metering.core.cycle.CycleOpening;
import dev.metering.core.ledger.LedgerFilter;
import dev.metering.store.Backoff;
import dev.metering.store.Catalogs;
import dev.metering.store.Deadline;
import dev.metering.store.MeteringStore;
import dev.metering.store.StoreConfig;
import dev.metering.store.recording.IncomingEvent;
import dev.metering.store.recording.Recording;
import dev.metering.store.reset.MonthlyReset;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.core.warmup.SdkWarmUp;
import software.amazon.awssdk.core.warmup.http.CannedResponseHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;

/**
 * The store's code paths run once before a snapshot (SnapStart), so that what a first request needs is
 * loaded, linked and initialised in the snapshot. Every call goes to a client whose HTTP layer answers
 * every request itself with nothing found (no item, no items): nothing leaves the process, nothing is written
 * to any table, and no connection is opened that a restored instance could reuse.
 */
public final class StorePriming {

    private static final Instant AT = Instant.parse("2026-01-15T00:00:00Z");
    private static final String EVENT = """
            {"eventId": "priming", "accountId": "acct_priming", "occurredAt": "2026-01-14T00:00:00Z", "source": "agent-sdk",
             "model": "claude-haiku-4-5", "usage": {"input_tokens": 1200, "output_tokens": 340}}""";

    private StorePriming() {}

    /** What every operation takes for "nothing there": no item, an empty page, nothing unprocessed. */
    private static final String NOTHING = "{\"Count\": 0, \"ScannedCount\": 0, \"Items\": []}";

    /** A DynamoDB client that answers every request in process, with nothing found. */
    public static DynamoDbClient cannedClient() {
        return DynamoDbClient.builder()
                .region(Region.US_EAST_1)
                .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create("priming", "priming")))
                .httpClient(CannedResponseHttpClient.builder().statusCode(200).responseBody(NOTHING.getBytes(StandardCharsets.UTF_8)).build())
                .build();
    }

    /** Reads, the recorder's path and the reset's, over the canned client; then the SDK's own warm-up of the DynamoDB client. */
    public static void exercise(Catalogs catalogs) {
        StoreConfig config = StoreConfig.defaults("priming");
        Clock clock = Clock.fixed(AT, ZoneOffset.UTC);
        try (DynamoDbClient canned = cannedClient()) {
            MeteringStore store = new MeteringStore(canned, config);
            store.findAccount("acct_priming");
            store.findCycle("acct_priming", AT);
            store.usage("acct_priming", AT);
            store.ledgerPage("acct_priming", AT, 10, null, new LedgerFilter(null, null, null));
            store.invoiceLines(AT.minus(Duration.ofDays(1)), AT, 10, null);
            Recording.recorder(canned, config, catalogs, clock).record(List.of(new IncomingEvent("priming", EVENT)));
            new MonthlyReset(store, new CycleOpening(catalogs.plans()), MonthlyReset.DEFAULT_GRACE, clock).due(AT);
        }
        SdkWarmUp.warmUp(DynamoDbClient.class);
    }

    /** After a restore: what was random before the snapshot is drawn afresh, so restored instances do not share it. */
    public static void afterRestore() {
        Backoff.reseed();
    }
}
