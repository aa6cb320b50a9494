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
import java.time.Duration;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;

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
    MeteringStore store(DynamoDbClient dynamo, @ConfigProperty(name = "metering.table") String table) {
        return new MeteringStore(dynamo, StoreConfig.defaults(table));
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
