package dev.metering.poolapi;

import com.fasterxml.jackson.databind.JsonNode;
import dev.metering.core.money.Money;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * A request body read field by field: a JSON object whose every field is one the route knows
 * (an unknown one, a misspelt {@code cap} say, is refused by name rather than ignored), each read
 * with its type checked, every failure a 400 that names the field.
 */
final class JsonBody {

    private final JsonNode body;

    private JsonBody(JsonNode body) {
        this.body = body;
    }

    static JsonBody of(JsonNode body, Set<String> fields) {
        if (body == null || !body.isObject()) {
            throw ApiProblem.badRequest("body", "must be a JSON object");
        }
        List<Map<String, String>> unknown = new ArrayList<>();
        for (Iterator<String> names = body.fieldNames(); names.hasNext(); ) {
            String name = names.next();
            if (!fields.contains(name)) {
                unknown.add(Map.of("field", name, "problem", "unknown field (known: " + String.join(", ", fields.stream().sorted().toList()) + ")"));
            }
        }
        if (!unknown.isEmpty()) {
            throw ApiProblem.badRequest(unknown);
        }
        return new JsonBody(body);
    }

    /** Whether the field is written out, as null or as a value. */
    boolean has(String field) {
        return body.has(field);
    }

    String text(String field) {
        JsonNode node = body.get(field);
        if (node == null || node.isNull()) {
            return null;
        }
        if (!node.isTextual()) {
            throw ApiProblem.badRequest(field, "must be a string");
        }
        return node.textValue();
    }

    String requiredText(String field) {
        String text = text(field);
        if (text == null || text.isBlank()) {
            throw ApiProblem.badRequest(field, "required");
        }
        return text;
    }

    boolean requiredBoolean(String field) {
        JsonNode node = body.get(field);
        if (node == null || node.isNull()) {
            throw ApiProblem.badRequest(field, "required");
        }
        if (!node.isBoolean()) {
            throw ApiProblem.badRequest(field, "must be true or false");
        }
        return node.booleanValue();
    }

    /**
     * A USD decimal string such as "50.00", as {@code pattern} states it (the pattern the API document
     * gives the field, {@code rule} in words); JSON numbers are refused, they are not exact.
     */
    Money usd(String field, Pattern pattern, String rule) {
        JsonNode node = body.get(field);
        if (node == null || node.isNull()) {
            return null;
        }
        if (!node.isTextual() || !pattern.matcher(node.textValue()).matches()) {
            throw ApiProblem.badRequest(field, "must be a USD decimal string, " + rule
                    + (node.isTextual() ? ": '" + Bounds.clip(node.textValue()) + "'" : ""));
        }
        return Money.parseUsd(node.textValue());
    }
}
