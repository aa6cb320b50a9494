package dev.metering.store.recording;

import dev.metering.core.cycle.CycleOpening;
import dev.metering.core.usage.UsageEventParser;
import dev.metering.store.Catalogs;
import dev.metering.store.DebitWriter;
import dev.metering.store.MeteringStore;
import dev.metering.store.QuarantineStore;
import dev.metering.store.StoreConfig;
import dev.metering.store.prices.PriceBookSource;
import dev.metering.store.prices.PriceStore;
import dev.metering.store.prices.RuntimePrices;
import java.time.Clock;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;

/** Wires a {@link UsageRecorder} over one client. */
public final class Recording {

    private Recording() {}

    /** A recorder that prices with the bundled book and the rows put at runtime, read again each minute. */
    public static UsageRecorder recorder(DynamoDbClient dynamo, StoreConfig config, Catalogs catalogs, Clock clock) {
        return recorder(dynamo, config, catalogs, clock, new RuntimePrices(new PriceStore(dynamo, config), catalogs.priceBook(), clock));
    }

    public static UsageRecorder recorder(DynamoDbClient dynamo, StoreConfig config, Catalogs catalogs, Clock clock, PriceBookSource prices) {
        MeteringStore store = new MeteringStore(dynamo, config);
        return new UsageRecorder(store, new DebitWriter(store), new QuarantineStore(dynamo, config),
                new UsageEventParser(catalogs.priceBook(), catalogs.sources(), clock, catalogs.maxTokensPerCount(), catalogs.usageInfoFields()),
                prices, new CycleOpening(catalogs.plans()), clock);
    }
}
