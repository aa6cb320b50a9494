package dev.metering.notify;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Produces;
import java.net.URI;
import java.util.Optional;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.services.eventbridge.EventBridgeClient;
import software.amazon.awssdk.services.eventbridge.EventBridgeClientBuilder;

/** Builds the bus client once per function instance, from the default credential and region chains. */
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
}
