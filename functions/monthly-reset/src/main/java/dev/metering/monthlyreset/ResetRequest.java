package dev.metering.monthlyreset;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;

/**
 * What a run is asked to do: {@code {"asOf": "...", "dryRun": false}}, or the scheduler's event,
 * whose {@code time} is the scheduled instant. Without either, the run is as of now.
 */
public record ResetRequest(Instant asOf, boolean dryRun) {

    public static ResetRequest of(JsonNode input, Instant now) {
        if (input == null || input.isNull() || input.isMissingNode()) {
            return new ResetRequest(now, false);
        }
        if (!input.isObject()) {
            throw new IllegalArgumentException("input: expected a JSON object, got " + input.getNodeType().name().toLowerCase());
        }
        Instant asOf = now;
        if (input.has("asOf")) {
            asOf = instant(input.get("asOf"), "asOf");
        } else if (input.has("time")) {
            asOf = instant(input.get("time"), "time");
        }
        boolean dryRun = false;
        if (input.has("dryRun") && !input.get("dryRun").isNull()) {
            if (!input.get("dryRun").isBoolean()) {
                throw new IllegalArgumentException("dryRun: must be true or false");
            }
            dryRun = input.get("dryRun").booleanValue();
        }
        return new ResetRequest(asOf, dryRun);
    }

    private static Instant instant(JsonNode node, String field) {
        if (!node.isTextual()) {
            throw new IllegalArgumentException(field + ": must be an ISO-8601 instant string");
        }
        try {
            return OffsetDateTime.parse(node.textValue()).toInstant();
        } catch (DateTimeParseException e) {
            throw new IllegalArgumentException(field + ": not an ISO-8601 instant with offset: '" + node.textValue() + "'");
        }
    }
}
