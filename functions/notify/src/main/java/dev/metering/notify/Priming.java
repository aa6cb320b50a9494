package dev.metering.notify;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.metering.store.priming.SnapshotPriming;
import dev.metering.store.priming.StorePriming;
import dev.metering.store.stream.TableChange;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.context.Initialized;
import jakarta.enterprise.event.Observes;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.core.warmup.SdkWarmUp;
import software.amazon.awssdk.core.warmup.http.CannedResponseHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.eventbridge.EventBridgeClient;
import software.amazon.awssdk.services.eventbridge.model.PutEventsRequestEntry;

/**
 * While Quarkus starts: a stream record read into its notices, and their events put on a bus whose
 * client answers in process (nothing leaves it). Before a snapshot: also the SDK's own warm-up of the
 * EventBridge client.
 */
@ApplicationScoped
public class Priming extends SnapshotPriming {

    private static final String SAMPLE = "priming/stream-cycle-debit.json";
    private static final String ALL_PUT = "{\"FailedEntryCount\": 0, \"Entries\": []}";

    /** When the container starts, well before the first record: the earliest the application's code runs. */
    void containerStarted(@Observes @Initialized(ApplicationScoped.class) Object event) {
        register();
        startWarmUp();
    }

    @Override
    protected void warmUp() throws Exception {
        List<PutEventsRequestEntry> entries;
        try (InputStream in = Priming.class.getClassLoader().getResourceAsStream(SAMPLE)) {
            var record = new ObjectMapper().readTree(in).get("Records").get(0);
            entries = TableChange.of(record).notices().stream().map(NoticeEvents::entry).toList();
        }
        StorePriming.httpLayer();
        try (EventBridgeClient canned = EventBridgeClient.builder()
                .region(Region.US_EAST_1)
                .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create("priming", "priming")))
                .httpClient(CannedResponseHttpClient.builder().statusCode(200).responseBody(ALL_PUT.getBytes(StandardCharsets.UTF_8)).build())
                .build()) {
            new EventBus(canned, "priming").put(entries);
        }
    }

    @Override
    protected void prime() {
        SdkWarmUp.warmUp(EventBridgeClient.class);
    }
}
