package dev.metering.notify;

import java.util.ArrayList;
import java.util.List;
import org.jboss.logging.Logger;
import software.amazon.awssdk.services.eventbridge.EventBridgeClient;
import software.amazon.awssdk.services.eventbridge.model.PutEventsRequest;
import software.amazon.awssdk.services.eventbridge.model.PutEventsRequestEntry;
import software.amazon.awssdk.services.eventbridge.model.PutEventsResponse;
import software.amazon.awssdk.services.eventbridge.model.PutEventsResultEntry;

/**
 * The bus notifications go to. EventBridge takes ten entries a request and may refuse some of them
 * (throttled, or an internal failure): those are put again, a few times, and what is still refused
 * is an error, so the stream record that told of them is delivered again rather than lost.
 */
public class EventBus {

    static final int ENTRIES_PER_REQUEST = 10;
    private static final int ATTEMPTS = 3;
    private static final Logger LOG = Logger.getLogger(EventBus.class);

    private final EventBridgeClient events;
    private final String busName;

    public EventBus(EventBridgeClient events, String busName) {
        this.events = events;
        this.busName = busName;
    }

    /** @throws IllegalStateException when some entry is still refused after the retries */
    public void put(List<PutEventsRequestEntry> entries) {
        for (int from = 0; from < entries.size(); from += ENTRIES_PER_REQUEST) {
            List<PutEventsRequestEntry> pending = new ArrayList<>(entries.subList(from, Math.min(entries.size(), from + ENTRIES_PER_REQUEST)));
            for (int attempt = 1; !pending.isEmpty(); attempt++) {
                List<PutEventsRequestEntry> sent = pending;
                PutEventsResponse response = events.putEvents(PutEventsRequest.builder()
                        .entries(sent.stream().map(e -> e.toBuilder().eventBusName(busName).build()).toList()).build());
                pending = refused(sent, response);
                if (!pending.isEmpty()) {
                    if (attempt == ATTEMPTS) {
                        throw new IllegalStateException("the bus " + busName + " refused " + pending.size() + " events after " + ATTEMPTS
                                + " attempts: " + firstError(response));
                    }
                    LOG.warnf("the bus %s refused %d of %d events (%s); putting them again", busName, pending.size(), sent.size(),
                            firstError(response));
                }
            }
        }
    }

    /** The entries whose result carries an error code; results come in the order of the entries. */
    private static List<PutEventsRequestEntry> refused(List<PutEventsRequestEntry> sent, PutEventsResponse response) {
        if (response.failedEntryCount() == null || response.failedEntryCount() == 0) {
            return List.of();
        }
        List<PutEventsRequestEntry> refused = new ArrayList<>();
        List<PutEventsResultEntry> results = response.entries();
        for (int i = 0; i < sent.size(); i++) {
            if (i >= results.size() || results.get(i).errorCode() != null) {
                refused.add(sent.get(i));
            }
        }
        return refused;
    }

    private static String firstError(PutEventsResponse response) {
        return response.entries().stream().filter(e -> e.errorCode() != null).findFirst()
                .map(e -> e.errorCode() + ": " + e.errorMessage()).orElse("no error given");
    }
}
