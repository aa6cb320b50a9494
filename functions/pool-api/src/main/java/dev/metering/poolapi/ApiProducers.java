package dev.metering.poolapi;

import dev.metering.core.cycle.CycleOpening;
import dev.metering.store.Catalogs;
import dev.metering.store.MeteringStore;
import dev.metering.store.QuarantineStore;
import dev.metering.store.StoreConfig;
import dev.metering.store.accounts.AccountService;
import dev.metering.store.budgets.BudgetService;
import dev.metering.store.organizations.OrganizationTotals;
import dev.metering.store.prices.PriceService;
import dev.metering.store.prices.PriceStore;
import dev.metering.store.recording.QuarantineReplay;
import dev.metering.store.recording.Recording;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;
import java.time.Clock;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;

/** The store and services, built once per function instance over the injected client (records are final: singletons). */
@ApplicationScoped
public class ApiProducers {

    @Produces
    @ApplicationScoped
    Clock clock() {
        return Clock.systemUTC();
    }

    @Produces
    @Singleton
    Catalogs catalogs() {
        return Catalogs.fromEnvironment();
    }

    @Produces
    @Singleton
    StoreConfig storeConfig(@ConfigProperty(name = "metering.table") String table, @ConfigProperty(name = "metering.due-shards") int dueShards) {
        return StoreConfig.defaults(table).withDueShards(dueShards);
    }

    @Produces
    @ApplicationScoped
    MeteringStore store(DynamoDbClient dynamo, StoreConfig config) {
        return new MeteringStore(dynamo, config);
    }

    @Produces
    @ApplicationScoped
    QuarantineStore quarantine(DynamoDbClient dynamo, StoreConfig config) {
        return new QuarantineStore(dynamo, config);
    }

    @Produces
    @ApplicationScoped
    OrganizationTotals organizationTotals(DynamoDbClient dynamo, MeteringStore store) {
        return new OrganizationTotals(dynamo, store);
    }

    @Produces
    @ApplicationScoped
    CycleOpening opening(Catalogs catalogs) {
        return new CycleOpening(catalogs.plans());
    }

    @Produces
    @ApplicationScoped
    AccountService accounts(MeteringStore store, Catalogs catalogs, Clock clock) {
        return new AccountService(store, catalogs.plans(), clock);
    }

    @Produces
    @ApplicationScoped
    BudgetService budgets(MeteringStore store, Clock clock) {
        return new BudgetService(store, clock);
    }

    @Produces
    @ApplicationScoped
    PriceService prices(DynamoDbClient dynamo, StoreConfig config, Catalogs catalogs, Clock clock) {
        return new PriceService(new PriceStore(dynamo, config), catalogs.priceBook(), clock);
    }

    /** The recorder's own rules, over the bundled book and the rows put at runtime (read again each minute). */
    @Produces
    @ApplicationScoped
    QuarantineReplay replay(DynamoDbClient dynamo, StoreConfig config, Catalogs catalogs, QuarantineStore quarantine, Clock clock) {
        return new QuarantineReplay(quarantine, Recording.recorder(dynamo, config, catalogs, clock), clock);
    }
}
