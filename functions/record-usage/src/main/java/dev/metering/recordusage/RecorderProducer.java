package dev.metering.recordusage;

import dev.metering.store.Catalogs;
import dev.metering.store.StoreConfig;
import dev.metering.store.recording.Recording;
import dev.metering.store.recording.UsageRecorder;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Produces;
import java.time.Clock;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;

/** Builds the recorder once per function instance, over the injected DynamoDB client. */
@ApplicationScoped
public class RecorderProducer {

    @Produces
    @ApplicationScoped
    UsageRecorder recorder(DynamoDbClient dynamo, @ConfigProperty(name = "metering.table") String table,
                           @ConfigProperty(name = "metering.max-tokens-per-count") long maxTokensPerCount,
                           @ConfigProperty(name = "metering.due-shards") int dueShards) {
        return Recording.recorder(dynamo, StoreConfig.defaults(table).withDueShards(dueShards), Catalogs.fromEnvironment().withMaxTokensPerCount(maxTokensPerCount),
                Clock.systemUTC());
    }
}
