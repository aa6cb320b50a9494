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
    private final String prefix;

    private JsonBody(JsonNode body, String prefix) {
        this.body = body;
        this.prefix = prefix;
    }

    static JsonBody of(JsonNode body, Set<String> fields) {
        return of(body, fields, "body", "");
    }

    /** An object inside a body, its fields named {@code <name>.<field>} in errors. */
    JsonBody object(String field, Set<String> fields) {
        return of(body.get(field), fields, name(field), name(field) + ".");
    }

    private static JsonBody of(JsonNode body, Set<String> fields, String name, String prefix) {
        if (body == null || !body.isObject()) {
            throw ApiProblem.badRequest(name, "must be a JSON object");
        }
        List<Map<String, String>> unknown = new ArrayList<>();
        for (Iterator<String> names = body.fieldNames(); names.hasNext(); ) {
            String field = names.next();
            if (!fields.contains(field)) {
                unknown.add(Map.of("field", prefix + field, "problem",
                        "unknown field (known: " + String.join(", ", fields.stream().sorted().toList()) + ")"));
            }
        }
        if (!unknown.isEmpty()) {
            throw ApiProblem.badRequest(unknown);
        }
        return new JsonBody(body, prefix);
    }

    /** The field's name in errors: with the path of the object that holds it. */
    String name(String field) {
        return prefix + field;
    }

    /** Whether the field is given a value other than null. */
    boolean hasValue(String field) {
        JsonNode node = body.get(field);
        return node != null && !node.isNull();
    }

    /** An optional true or false (absent: {@code fallback}; null refused, as the document does not allow it). */
    boolean bool(String field, boolean fallback) {
        JsonNode node = present(field);
        if (node == null) {
            return fallback;
        }
        if (!node.isBoolean()) {
            throw ApiProblem.badRequest(name(field), "must be true or false");
        }
        return node.booleanValue();
    }

    /**
     * An optional whole number in {@code [min, max]} (absent: {@code fallback}; null refused). A number
     * written with a fraction of zero ({@code 6.0}) is whole, as JSON Schema's {@code integer} reads it.
     */
    long wholeNumber(String field, long min, long max, long fallback) {
        JsonNode node = present(field);
        if (node == null) {
            return fallback;
        }
        if (!node.isNumber() || !node.canConvertToExactIntegral() || !node.canConvertToLong()
                || node.longValue() < min || node.longValue() > max) {
            throw ApiProblem.badRequest(name(field), "must be a whole number from " + min + " to " + max);
        }
        return node.longValue();
    }

    /** An optional array of strings, at most {@code max} (absent: empty; null refused). */
    List<String> texts(String field, int max) {
        JsonNode node = present(field);
        if (node == null) {
            return List.of();
        }
        if (!node.isArray() || node.size() > max) {
            throw ApiProblem.badRequest(name(field), "must be an array of at most " + max + " strings");
        }
        List<String> texts = new ArrayList<>();
        for (JsonNode element : node) {
            if (!element.isTextual()) {
                throw ApiProblem.badRequest(name(field), "must be an array of strings");
            }
            texts.add(element.textValue());
        }
        return texts;
    }

    /** Whether the field is written out, as null or as a value. */
    boolean has(String field) {
        return body.has(field);
    }

    /** A string the document declares nullable: absent and null both read as null. */
    String text(String field) {
        JsonNode node = body.get(field);
        if (node == null || node.isNull()) {
            return null;
        }
        if (!node.isTextual()) {
            throw ApiProblem.badRequest(name(field), "must be a string");
        }
        return node.textValue();
    }

    /** An optional string the document does not declare nullable: absent reads as null, a written-out null is refused. */
    String optionalText(String field) {
        return present(field) == null ? null : text(field);
    }

    /** The field's node, null when absent; a written-out null is refused by name, since the field's schema does not allow it. */
    private JsonNode present(String field) {
        JsonNode node = body.get(field);
        if (node != null && node.isNull()) {
            throw ApiProblem.badRequest(name(field), "null is not a value here: leave the field out, or give one");
        }
        return node;
    }

    String requiredText(String field) {
        String text = text(field);
        if (text == null || text.isBlank()) {
            throw ApiProblem.badRequest(name(field), "required");
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
