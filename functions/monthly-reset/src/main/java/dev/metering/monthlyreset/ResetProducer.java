package dev.metering.monthlyreset;

import dev.metering.core.cycle.CycleOpening;
import dev.metering.store.Catalogs;
import dev.metering.store.MeteringStore;
import dev.metering.store.StoreConfig;
import dev.metering.store.reset.MonthlyReset;
import dev.metering.store.reset.Reconcile;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Produces;
import java.time.Clock;
import java.net.URI;
import java.time.Duration;
import java.util.Optional;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sqs.SqsClientBuilder;

/** Builds the reset once per function instance. */
@ApplicationScoped
public class ResetProducer {

    @Produces
    @ApplicationScoped
    Clock clock() {
        return Clock.systemUTC();
    }

    @Produces
    @ApplicationScoped
    MeteringStore store(DynamoDbClient dynamo, @ConfigProperty(name = "metering.table") String table,
                        @ConfigProperty(name = "metering.due-shards") int dueShards) {
        return new MeteringStore(dynamo, StoreConfig.defaults(table).withDueShards(dueShards));
    }

    /** Off without a shard queue; its client is built only when there is one. */
    @Produces
    @ApplicationScoped
    FanOut fanOut(@ConfigProperty(name = "metering.reset.shard-queue") Optional<String> queueUrl,
                  @ConfigProperty(name = "metering.reset.closers") int closers,
                  @ConfigProperty(name = "metering.due-shards") int dueShards,
                  @ConfigProperty(name = "metering.sqs.endpoint-override") Optional<URI> endpoint) {
        if (closers < 1 || closers > dueShards) {
            throw new IllegalArgumentException("METERING_RESET_CLOSERS must lie between 1 and METERING_DUE_SHARDS (" + dueShards
                    + "): it was " + closers);
        }
        if (queueUrl.isEmpty()) {
            return new FanOut(null, closers);
        }
        SqsClientBuilder sqs = SqsClient.builder().httpClient(UrlConnectionHttpClient.create());
        endpoint.ifPresent(sqs::endpointOverride);
        return new FanOut(new ShardQueue(sqs.build(), queueUrl.get()), closers);
    }

    @Produces
    @ApplicationScoped
    MonthlyReset reset(MeteringStore store, @ConfigProperty(name = "metering.reset.grace") Duration grace, Clock clock) {
        return new MonthlyReset(store, new CycleOpening(Catalogs.fromEnvironment().plans()), grace, clock);
    }

    @Produces
    @ApplicationScoped
    Reconcile reconcile(MeteringStore store) {
        return new Reconcile(store);
    }
}
