package dev.metering.notify;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.metering.store.priming.SnapshotPriming;
import dev.metering.store.stream.TableChange;
import io.quarkus.runtime.Startup;
import jakarta.annotation.PostConstruct;
import jakarta.enterprise.context.ApplicationScoped;
import java.io.InputStream;
import software.amazon.awssdk.core.warmup.SdkWarmUp;
import software.amazon.awssdk.services.eventbridge.EventBridgeClient;

/**
 * Before a snapshot: a stream record read into its notices and their events built (nothing is put),
 * and the SDK's own warm-up of the EventBridge client, which answers in process.
 */
@Startup
@ApplicationScoped
public class Priming extends SnapshotPriming {

    private static final String SAMPLE = "priming/stream-cycle-debit.json";

    @PostConstruct
    void start() {
        register();
    }

    @Override
    protected void prime() throws Exception {
        try (InputStream in = Priming.class.getClassLoader().getResourceAsStream(SAMPLE)) {
            var record = new ObjectMapper().readTree(in).get("Records").get(0);
            TableChange.of(record).notices().forEach(NoticeEvents::entry);
        }
        SdkWarmUp.warmUp(EventBridgeClient.class);
    }
}
