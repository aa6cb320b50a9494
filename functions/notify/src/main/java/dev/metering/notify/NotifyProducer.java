package dev.metering.notify;

import dev.metering.store.MeteringStore;
import dev.metering.store.StoreConfig;
import dev.metering.store.organizations.OrganizationTotals;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Produces;
import java.net.URI;
import java.util.Optional;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.eventbridge.EventBridgeClient;
import software.amazon.awssdk.services.eventbridge.EventBridgeClientBuilder;

/** Builds the bus client and the organizations' totals once per function instance, from the default credential and region chains. */
@ApplicationScoped
public class NotifyProducer {

    @Produces
    @ApplicationScoped
    EventBus bus(@ConfigProperty(name = "metering.event-bus") String busName,
                 @ConfigProperty(name = "metering.eventbridge.endpoint-override") Optional<URI> endpoint) {
        if (busName.isBlank()) {
            throw new IllegalStateException("METERING_EVENT_BUS must name the bus notifications go to");
        }
        EventBridgeClientBuilder events = EventBridgeClient.builder().httpClient(UrlConnectionHttpClient.create());
        endpoint.ifPresent(events::endpointOverride);
        return new EventBus(events.build(), busName);
    }

    @Produces
    @ApplicationScoped
    OrganizationTotals totals(DynamoDbClient dynamo, @ConfigProperty(name = "metering.table") String table,
                              @ConfigProperty(name = "metering.due-shards") int dueShards) {
        return new OrganizationTotals(dynamo, new MeteringStore(dynamo, StoreConfig.defaults(table).withDueShards(dueShards)));
    }
}
