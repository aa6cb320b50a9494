package dev.metering.store.model;

/** The wire form of a model event. */
final class Json {

    private Json() {}

    static String body(PolicyModel.Event e) {
        return """
                {"eventId": "%s", "accountId": "%s", "occurredAt": "%s", "source": "%s", "model": "%s", "serviceTier": "%s",
                 "usage": {"input_tokens": %d, "output_tokens": %d, "cache_creation_input_tokens": %d, "cache_read_input_tokens": %d,
                           "cache_creation": {"ephemeral_5m_input_tokens": %d, "ephemeral_1h_input_tokens": %d}}}
                """.formatted(e.eventId(), e.accountId(), e.occurredAt(), e.source(), e.model(), e.batch() ? "batch" : "standard",
                e.input(), e.output(), e.write5m() + e.write1h(), e.read(), e.write5m(), e.write1h());
    }
}
