package dev.metering.store.priming;

import dev.metering.core.account.Account;
import dev.metering.core.account.AccountChange;
import dev.metering.core.cycle.CycleOpening;
import dev.metering.core.ledger.LedgerFilter;
import dev.metering.core.source.PoolKind;
import dev.metering.store.Backoff;
import dev.metering.store.Catalogs;
import dev.metering.store.MeteringStore;
import dev.metering.store.QuarantineStore;
import dev.metering.store.StoreConfig;
import dev.metering.store.recording.IncomingEvent;
import dev.metering.store.recording.RecordResult;
import dev.metering.store.recording.RecordStatus;
import dev.metering.store.recording.Recording;
import dev.metering.store.reset.MonthlyReset;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Optional;
import org.jboss.logging.Logger;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.core.warmup.SdkWarmUp;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;

/**
 * The store's code paths, run before the first event (the warm-up) and before a snapshot (SnapStart),
 * so that what a first request needs is loaded, linked and initialised. Every call goes to a client
 * whose HTTP layer answers in process as a table holding one account would ({@link PrimingHttpClient}):
 * nothing leaves the process, nothing is written to any table, no connection is opened that a restored
 * instance could reuse, and nothing is quarantined (which an operator's alarm would count).
 */
public final class StorePriming {

    private static final Logger LOG = Logger.getLogger(StorePriming.class);
    private static final String ACCOUNT = "acct_priming";
    private static final StoreConfig CONFIG = StoreConfig.defaults("priming");

    private StorePriming() {}

    /** The HTTP layer and every path, then the SDK's own warm-up of the DynamoDB client: what a snapshot takes. */
    public static void exercise(Catalogs catalogs) {
        httpLayer();
        reads(catalogs);
        pages(catalogs);
        recording(catalogs);
        reset(catalogs);
        SdkWarmUp.warmUp(DynamoDbClient.class);
    }

    /**
     * The HTTP layer the functions' clients use, built and closed: its TLS context and the trust store,
     * which the JDK keeps once loaded. Nothing is sent and no connection is opened.
     */
    public static void httpLayer() {
        UrlConnectionHttpClient.create().close();
    }

    /** The reads behind the pools and the authorization decision: an account, its cycle, the usage cells. */
    public static void reads(Catalogs catalogs) {
        Instant now = now();
        try (DynamoDbClient client = client(catalogs, now)) {
            MeteringStore store = new MeteringStore(client, CONFIG);
            Account account = store.findAccount(ACCOUNT).orElseThrow(() -> new IllegalStateException("the priming account was not read"));
            Instant cycle = account.calendar().cycleContaining(now).start();
            store.findCycle(ACCOUNT, cycle);
            store.usage(ACCOUNT, cycle);
        }
    }

    /** The API's pages: a ledger page, the invoice lines. */
    public static void pages(Catalogs catalogs) {
        Instant now = now();
        try (DynamoDbClient client = client(catalogs, now)) {
            MeteringStore store = new MeteringStore(client, CONFIG);
            store.ledgerPage(ACCOUNT, now, 10, null, new LedgerFilter(null, null, null));
            store.invoiceLines(now.minus(Duration.ofDays(1)), now, 10, null);
        }
    }

    /**
     * The recorder's paths: one usage event of a priced model from a programmatic source, parsed, priced,
     * its account read, the cycle opened and debited; and the quarantine's write, made directly (through
     * the recorder, a quarantined event is logged, and the quarantine alarm counts those lines). The
     * recorder's path is skipped when the catalogs have no such model and source: its event would be
     * quarantined.
     *
     * @return whether the recorder's path ran
     */
    public static boolean recording(Catalogs catalogs) {
        Instant now = now();
        Optional<String> event = event(catalogs, now);
        if (event.isEmpty()) {
            LOG.debug("no priced model or programmatic source in the catalogs: the recorder's path is not primed");
            return false;
        }
        try (DynamoDbClient client = client(catalogs, now)) {
            List<RecordResult> results = Recording.recorder(client, CONFIG, catalogs, Clock.fixed(now, ZoneOffset.UTC))
                    .record(List.of(new IncomingEvent("priming", event.get())));
            if (results.get(0).status() != RecordStatus.APPLIED) {
                throw new IllegalStateException("the priming event was not applied: " + results.get(0));
            }
            new QuarantineStore(client, CONFIG).quarantine(event.get(), "priming", "priming", ACCOUNT, now);
        }
        return true;
    }

    /** The reset's path: a page of one shard's due cycles (every shard is listed the same way) and the reset built. */
    public static void reset(Catalogs catalogs) {
        Instant now = now();
        try (DynamoDbClient client = client(catalogs, now)) {
            MeteringStore store = new MeteringStore(client, CONFIG);
            new MonthlyReset(store, new CycleOpening(catalogs.plans()), MonthlyReset.DEFAULT_GRACE, Clock.fixed(now, ZoneOffset.UTC));
            store.dueIndex().pages(0, now).findFirst();
        }
    }

    /** After a restore: what was random before the snapshot is drawn afresh, so restored instances do not share it, and price books are read again. */
    public static void afterRestore() {
        Backoff.reseed();
        dev.metering.store.prices.RuntimePrices.afterRestore();
    }

    /** A DynamoDB client whose table holds one account, on a plan of the catalog, its credit claimed; nothing else. */
    static DynamoDbClient client(Catalogs catalogs, Instant now) {
        Instant anchor = now.minus(Duration.ofDays(1));
        String plan = catalogs.plans().ids().stream().sorted().findFirst().orElseThrow(() -> new IllegalStateException("no plan in the catalog"));
        Account account = new Account(ACCOUNT, null, anchor, ZoneOffset.UTC, anchor,
                List.of(AccountChange.plan(anchor, anchor, "priming", plan), AccountChange.claim(anchor, "priming")), 1);
        return DynamoDbClient.builder()
                .region(Region.US_EAST_1)
                .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create("priming", "priming")))
                .httpClient(new PrimingHttpClient(account))
                .build();
    }

    private static Optional<String> event(Catalogs catalogs, Instant now) {
        Instant occurred = now.minus(Duration.ofMinutes(1));
        Optional<String> model = catalogs.priceBook().models().stream()
                .filter(m -> catalogs.priceBook().rowAt(m, occurred).filter(row -> row.inexact().isEmpty()).isPresent()).findFirst();
        Optional<String> source = catalogs.sources().anyFor(PoolKind.PROGRAMMATIC);
        if (model.isEmpty() || source.isEmpty()) {
            return Optional.empty();
        }
        return Optional.of("""
                {"eventId": "priming", "accountId": "%s", "occurredAt": "%s", "source": "%s", "model": "%s",
                 "usage": {"input_tokens": 1200, "output_tokens": 340}}""".formatted(ACCOUNT, occurred, source.get(), model.get()));
    }

    private static Instant now() {
        return Instant.now().truncatedTo(ChronoUnit.MILLIS);
    }
}
