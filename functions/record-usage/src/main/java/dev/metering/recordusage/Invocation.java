package dev.metering.recordusage;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.metering.store.recording.IncomingEvent;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

/**
 * The three shapes record-usage is invoked with: an SQS batch, one event, or {@code {"events": [...]}}.
 * Each event is kept as the very text it was received as (an SQS body; the whole input; or each
 * element's own characters of an events list, cut from the input, never written out again), so that
 * the recorder parses a direct event as strictly as a queued one (a duplicate key is refused, not
 * silently last-wins) and a quarantined event is kept as it was sent.
 */
public record Invocation(Kind kind, List<IncomingEvent> events) {

    public enum Kind { SQS, DIRECT }

    private static final JsonFactory JSON = new JsonFactory();
    private static final ObjectMapper LENIENT = new ObjectMapper();

    public static Invocation of(String input) {
        String raw = input == null ? "" : input;
        List<String> listed = eventsList(raw);
        if (listed != null) {
            List<IncomingEvent> events = new ArrayList<>(listed.size());
            for (int i = 0; i < listed.size(); i++) {
                events.add(new IncomingEvent(String.valueOf(i), listed.get(i)));
            }
            return new Invocation(Kind.DIRECT, events);
        }
        List<IncomingEvent> sqs = sqsBatch(raw);
        if (sqs != null) {
            return new Invocation(Kind.SQS, sqs);
        }
        return new Invocation(Kind.DIRECT, List.of(new IncomingEvent("0", raw)));
    }

    /**
     * The elements of {@code {"events": [...]}} (an object with that one field), each as its own text;
     * null for any other input, malformed JSON included, which is then one event as a whole.
     */
    private static List<String> eventsList(String raw) {
        try (JsonParser parser = JSON.createParser(raw)) {
            if (parser.nextToken() != JsonToken.START_OBJECT || parser.nextToken() != JsonToken.FIELD_NAME
                    || !"events".equals(parser.currentName()) || parser.nextToken() != JsonToken.START_ARRAY) {
                return null;
            }
            List<String> elements = new ArrayList<>();
            for (JsonToken token = parser.nextToken(); token != JsonToken.END_ARRAY; token = parser.nextToken()) {
                int from = (int) parser.currentTokenLocation().getCharOffset();
                parser.skipChildren();
                parser.finishToken(); // a string element is read lazily: its end is known once it is read
                int to = (int) parser.currentLocation().getCharOffset();
                elements.add(raw.substring(from, to));
            }
            // Nothing may follow the list, in the object or after it.
            return parser.nextToken() == JsonToken.END_OBJECT && parser.nextToken() == null ? elements : null;
        } catch (IOException malformed) {
            return null;
        }
    }

    /** The bodies of an SQS event (Lambda's own envelope); null when the input is not one. */
    private static List<IncomingEvent> sqsBatch(String raw) {
        JsonNode input;
        try {
            input = LENIENT.readTree(raw);
        } catch (IOException malformed) {
            return null;
        }
        if (input == null || !input.isObject() || !input.path("Records").isArray() || !isSqs(input.path("Records"))) {
            return null;
        }
        List<IncomingEvent> events = new ArrayList<>();
        for (JsonNode record : input.path("Records")) {
            JsonNode body = record.path("body");
            events.add(new IncomingEvent(record.path("messageId").asText(), body.isTextual() ? body.textValue() : body.toString()));
        }
        return events;
    }

    private static boolean isSqs(JsonNode records) {
        if (records.isEmpty()) {
            return true;
        }
        return "aws:sqs".equals(records.get(0).path("eventSource").asText());
    }
}
