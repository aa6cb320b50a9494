package dev.metering.poolapi;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.time.Instant;
import java.time.ZonedDateTime;
import java.time.ZoneOffset;

/**
 * How far the values a caller sends may reach: far enough for every real use, never so far that
 * calendar or money arithmetic leaves its range.
 */
final class Bounds {

    static final int YEARS_AHEAD = 10;
    /** Where the quarantine's listing starts when no {@code since} is given. */
    static final Instant EARLIEST = Instant.parse("2000-01-01T00:00:00Z");

    /**
     * The most a page's items may weigh as JSON: under Lambda's 6 MB response, with room for the
     * envelope and the function URL's headers. Pages whose items may be large are cut at it.
     */
    static final long MAX_PAGE_BYTES = 5_000_000;

    private Bounds() {}

    /** How many bytes {@code view} takes as JSON, with the comma that separates it from the next. */
    static long jsonBytes(ObjectMapper json, Object view) {
        try {
            return json.writeValueAsBytes(view).length + 1L;
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("a view that cannot be written as JSON", e);
        }
    }

    static Instant latest(Instant now) {
        return ZonedDateTime.ofInstant(now, ZoneOffset.UTC).plusYears(YEARS_AHEAD).toInstant();
    }

    /** {@code value} (null: none) between {@code earliest} and ten years after {@code now}, else a 400 naming {@code field}. */
    static Instant within(String field, Instant value, Instant earliest, Instant now) {
        if (value != null && (value.isBefore(earliest) || value.isAfter(latest(now)))) {
            throw ApiProblem.badRequest(field, "must lie between " + earliest + " and " + latest(now)
                    + " (" + YEARS_AHEAD + " years ahead)");
        }
        return value;
    }

    /** A caller's text, cut for an error message. */
    static String clip(String text) {
        return text.length() <= 64 ? text : text.substring(0, 64) + "...";
    }
}
