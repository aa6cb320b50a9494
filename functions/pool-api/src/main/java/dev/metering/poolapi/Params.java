package dev.metering.poolapi;

import dev.metering.core.budget.Budget;
import dev.metering.core.budget.Tags;
import dev.metering.core.id.Identifier;
import dev.metering.core.ledger.EntryKind;
import dev.metering.core.source.PoolKind;
import dev.metering.core.source.SourceCatalog;
import jakarta.ws.rs.core.MultivaluedMap;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Pattern;

/** Path and query values, each failure a 400 that names the parameter. */
final class Params {

    /**
     * The instants the API takes: RFC 3339 date-times of the years 2000 to 2099, with an offset of at
     * most 18 hours, each a real calendar date. The API document states this very pattern, so that
     * what a client can read from it and what the API accepts are the same set.
     */
    static final String INSTANT_PATTERN = "^(20[0-9]{2}-((0[13578]|1[02])-(0[1-9]|[12][0-9]|3[01])|(0[469]|11)-(0[1-9]|[12][0-9]|30)"
            + "|02-(0[1-9]|1[0-9]|2[0-8]))|20([02468][048]|[13579][26])-02-29)"
            + "T([01][0-9]|2[0-3]):[0-5][0-9]:[0-5][0-9](\\.[0-9]{1,9})?(Z|[+-](0[0-9]|1[0-7]):[0-5][0-9]|[+-]18:00)$";
    private static final Pattern INSTANT = Pattern.compile(INSTANT_PATTERN);
    private static final Pattern WHOLE_NUMBER = Pattern.compile("[0-9]{1,9}");

    /** A request's tag is the query parameter {@code tag.<key>=<value>}. */
    static final String TAG_PREFIX = "tag.";

    private Params() {}

    static String accountId(String id) {
        return identifier("id", Identifier.ACCOUNT, id);
    }

    static String identifier(String field, Identifier kind, String value) {
        kind.problem(value).ifPresent(problem -> {
            throw ApiProblem.badRequest(field, problem + " (" + kind.rule() + ")");
        });
        return value;
    }

    /**
     * An instant as {@link #INSTANT_PATTERN} states it; null when absent (an empty value is not absent).
     * How far it may lie from the account's cycles is for the reader to say (see {@link Bounds}).
     */
    static Instant instant(String field, String value) {
        if (value == null) {
            return null;
        }
        if (!INSTANT.matcher(value).matches()) {
            throw ApiProblem.badRequest(field, "not an RFC 3339 date-time of the years 2000-2099 with an offset such as "
                    + "2026-11-17T08:00:00Z: '" + Bounds.clip(value) + "'");
        }
        return OffsetDateTime.parse(value).toInstant();
    }

    /** As {@link #instant}, for a parameter the route cannot do without: absent is a 400 naming it. */
    static Instant requiredInstant(String field, String value) {
        if (value == null) {
            throw ApiProblem.badRequest(field, "required: an RFC 3339 date-time such as 2026-11-17T08:00:00Z");
        }
        return instant(field, value);
    }

    /** The pool a usage event of {@code source} draws on; the source is required and must be one the catalogue knows. */
    static PoolKind sourcePool(SourceCatalog sources, String source) {
        if (source == null) {
            throw ApiProblem.badRequest("source", "required: the source the request comes from, such as agent-sdk");
        }
        if (!Identifier.SOURCE.accepts(source)) {
            throw ApiProblem.badRequest("source", Identifier.SOURCE.rule());
        }
        return sources.poolOf(source).orElseThrow(() -> ApiProblem.badRequest("source", "not a known source: '" + Bounds.clip(source) + "'"));
    }

    /** A ledger entry's kind; null when absent. */
    static EntryKind entryKind(String value) {
        if (value == null) {
            return null;
        }
        try {
            return EntryKind.valueOf(value);
        } catch (IllegalArgumentException e) {
            throw ApiProblem.badRequest("kind", "one of DEBIT, GRANT, EXPIRY, ADJUSTMENT: '" + Bounds.clip(value) + "'");
        }
    }

    static String budgetId(String value) {
        if (!Budget.validId(value)) {
            throw ApiProblem.badRequest("budgetId", "1-32 characters of [a-z0-9_-]");
        }
        return value;
    }

    /** The request's tags, from its {@code tag.<key>=<value>} query parameters. */
    static Tags tags(MultivaluedMap<String, String> query) {
        Map<String, String> tags = new TreeMap<>();
        for (var entry : query.entrySet()) {
            if (!entry.getKey().startsWith(TAG_PREFIX)) {
                continue;
            }
            String key = entry.getKey().substring(TAG_PREFIX.length());
            if (!Tags.validKey(key)) {
                throw ApiProblem.badRequest(entry.getKey(), "the key must be " + Tags.KEY_RULE);
            }
            if (entry.getValue().size() != 1 || !Tags.validValue(entry.getValue().get(0))) {
                throw ApiProblem.badRequest(entry.getKey(), "one value of " + Tags.VALUE_RULE);
            }
            tags.put(key, entry.getValue().get(0));
        }
        if (tags.size() > Tags.MAX_ENTRIES) {
            throw ApiProblem.badRequest("tag", "at most " + Tags.MAX_ENTRIES + " tags");
        }
        return Tags.of(tags);
    }

    /** {@code true} or {@code false}; absent is false. */
    static boolean flag(String field, String value) {
        if (value == null || value.equals("false")) {
            return false;
        }
        if (value.equals("true")) {
            return true;
        }
        throw ApiProblem.badRequest(field, "true or false, not '" + Bounds.clip(value) + "'");
    }

    static int limit(String value, int fallback, int max) {
        if (value == null) {
            return fallback;
        }
        if (WHOLE_NUMBER.matcher(value).matches()) {
            int limit = Integer.parseInt(value);
            if (limit >= 1 && limit <= max) {
                return limit;
            }
        }
        throw ApiProblem.badRequest("limit", "a whole number from 1 to " + max);
    }
}
