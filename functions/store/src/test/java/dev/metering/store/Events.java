package dev.metering.store;

import java.time.Instant;

/** Usage event bodies for tests. */
public final class Events {

    private Events() {}

    public static String usage(String eventId, String accountId, Instant occurredAt, String source, String model,
                               long input, long output) {
        return """
                {"eventId": "%s", "accountId": "%s", "occurredAt": "%s", "source": "%s", "model": "%s",
                 "serviceTier": "standard", "usage": {"input_tokens": %d, "output_tokens": %d,
                 "cache_creation_input_tokens": 0, "cache_read_input_tokens": 0}}
                """.formatted(eventId, accountId, occurredAt, source, model, input, output);
    }
}
