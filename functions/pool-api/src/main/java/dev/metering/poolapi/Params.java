package dev.metering.poolapi;

import com.fasterxml.jackson.databind.JsonNode;
import dev.metering.core.money.Money;
import java.time.DateTimeException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.time.format.DateTimeParseException;
import java.util.regex.Pattern;

/** Validation of path, query and body values, each failure a 400 that names the field. */
final class Params {

    private static final Pattern ACCOUNT_ID = Pattern.compile("[A-Za-z0-9._-]{1,64}");
    private static final Pattern ADJUSTMENT_ID = Pattern.compile("[A-Za-z0-9._:-]{1,128}");

    private Params() {}

    static String accountId(String id) {
        if (id == null || !ACCOUNT_ID.matcher(id).matches()) {
            throw ApiProblem.badRequest("id", "1-64 characters of [A-Za-z0-9._-]");
        }
        return id;
    }

    static Instant instant(String field, String value) {
        if (value == null || value.isEmpty()) {
            return null;
        }
        try {
            return OffsetDateTime.parse(value).toInstant();
        } catch (DateTimeParseException e) {
            throw ApiProblem.badRequest(field, "not an ISO-8601 instant with offset: '" + value + "'");
        }
    }

    static int limit(String value, int fallback, int max) {
        if (value == null || value.isEmpty()) {
            return fallback;
        }
        try {
            int limit = Integer.parseInt(value);
            if (limit >= 1 && limit <= max) {
                return limit;
            }
        } catch (NumberFormatException e) {
            // reported below
        }
        throw ApiProblem.badRequest("limit", "a whole number from 1 to " + max);
    }

    static JsonNode object(JsonNode body) {
        if (body == null || !body.isObject()) {
            throw ApiProblem.badRequest("body", "must be a JSON object");
        }
        return body;
    }

    static String requiredText(JsonNode body, String field) {
        String text = optionalText(body, field);
        if (text == null || text.isBlank()) {
            throw ApiProblem.badRequest(field, "required");
        }
        return text;
    }

    static String optionalText(JsonNode body, String field) {
        JsonNode node = body.get(field);
        if (node == null || node.isNull()) {
            return null;
        }
        if (!node.isTextual()) {
            throw ApiProblem.badRequest(field, "must be a string");
        }
        return node.textValue();
    }

    static boolean requiredBoolean(JsonNode body, String field) {
        JsonNode node = body.get(field);
        if (node == null || node.isNull()) {
            throw ApiProblem.badRequest(field, "required");
        }
        if (!node.isBoolean()) {
            throw ApiProblem.badRequest(field, "must be true or false");
        }
        return node.booleanValue();
    }

    /** A USD decimal string such as "50.00"; JSON numbers are refused, they are not exact. */
    static Money usd(JsonNode body, String field, boolean allowNegative) {
        JsonNode node = body.get(field);
        if (node == null || node.isNull()) {
            return null;
        }
        if (!node.isTextual()) {
            throw ApiProblem.badRequest(field, "must be a USD decimal string such as \"50.00\"");
        }
        Money money;
        try {
            money = Money.parseUsd(node.textValue());
        } catch (IllegalArgumentException e) {
            throw ApiProblem.badRequest(field, "not a USD amount with at most 9 decimals: '" + node.textValue() + "'");
        }
        if (!allowNegative && money.isNegative()) {
            throw ApiProblem.badRequest(field, "must not be negative");
        }
        return money;
    }

    static ZoneId zone(String value) {
        if (value == null) {
            return null;
        }
        try {
            return ZoneId.of(value);
        } catch (DateTimeException e) {
            throw ApiProblem.badRequest("timeZone", "not an IANA time zone: '" + value + "'");
        }
    }

    static String adjustmentId(String value) {
        if (value != null && !ADJUSTMENT_ID.matcher(value).matches()) {
            throw ApiProblem.badRequest("adjustmentId", "1-128 characters of [A-Za-z0-9._:-]");
        }
        return value;
    }
}
