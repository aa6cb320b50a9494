package dev.metering.recordusage;

import com.fasterxml.jackson.databind.JsonNode;
import dev.metering.store.recording.IncomingEvent;
import java.util.ArrayList;
import java.util.List;

/**
 * The three shapes record-usage is invoked with: an SQS batch, one event, or {@code {"events": [...]}}.
 * Bodies are kept raw, exactly as delivered, so that a quarantined event can be inspected as sent.
 */
public record Invocation(Kind kind, List<IncomingEvent> events) {

    public enum Kind { SQS, DIRECT }

    public static Invocation of(JsonNode input) {
        if (input != null && input.isObject() && input.path("Records").isArray() && isSqs(input.path("Records"))) {
            List<IncomingEvent> events = new ArrayList<>();
            for (JsonNode record : input.path("Records")) {
                JsonNode body = record.path("body");
                events.add(new IncomingEvent(record.path("messageId").asText(), body.isTextual() ? body.textValue() : body.toString()));
            }
            return new Invocation(Kind.SQS, events);
        }
        if (input != null && input.isObject() && input.size() == 1 && input.path("events").isArray()) {
            List<IncomingEvent> events = new ArrayList<>();
            int position = 0;
            for (JsonNode event : input.path("events")) {
                events.add(new IncomingEvent(String.valueOf(position++), event.toString()));
            }
            return new Invocation(Kind.DIRECT, events);
        }
        return new Invocation(Kind.DIRECT, List.of(new IncomingEvent("0", input == null ? "" : input.toString())));
    }

    private static boolean isSqs(JsonNode records) {
        if (records.isEmpty()) {
            return true;
        }
        return "aws:sqs".equals(records.get(0).path("eventSource").asText());
    }
}
