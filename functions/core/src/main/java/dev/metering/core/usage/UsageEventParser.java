package dev.metering.core.usage;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import dev.metering.core.id.Identifier;
import dev.metering.core.price.Cost;
import dev.metering.core.price.ModelRates;
import dev.metering.core.price.PriceBook;
import dev.metering.core.price.ServiceTier;
import dev.metering.core.price.TokenUsage;
import dev.metering.core.source.PoolKind;
import dev.metering.core.source.SourceCatalog;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;

/**
 * Turns a raw usage event into a {@link MeteredEvent}, or into the precise reason it can never be
 * applied. Everything that does not need the store is checked here: the shape of the document,
 * identifiers, timestamps, counts, source, model and the cost itself.
 */
public final class UsageEventParser {

    public static final Duration MAX_CLOCK_SKEW = Duration.ofMinutes(5);
    /** No usage of these models happened before this: an earlier instant is a producer's bug (an epoch 0, seconds read as millis). */
    public static final Instant EARLIEST = Instant.parse("2000-01-01T00:00:00Z");
    /** The largest token count of one type that one event may carry ({@code METERING_MAX_TOKENS_PER_COUNT}). */
    public static final long DEFAULT_MAX_TOKENS_PER_COUNT = 100_000_000L;
    public static final int MAX_SOURCE_LENGTH = Identifier.SOURCE.maxLength();
    private static final ObjectMapper JSON = JsonMapper.builder()
            .enable(JsonParser.Feature.STRICT_DUPLICATE_DETECTION)
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
            .enable(DeserializationFeature.USE_BIG_INTEGER_FOR_INTS)
            .build();

    /** The outcome of parsing: exactly one of {@code event} and {@code rejection} is present. */
    public record Result(MeteredEvent event, Rejection rejection, String eventId, String accountId) {
        public boolean isValid() {
            return event != null;
        }
    }

    private final PriceBook priceBook;
    private final SourceCatalog sources;
    private final Clock clock;
    private final long maxTokensPerCount;

    public UsageEventParser(PriceBook priceBook, SourceCatalog sources, Clock clock) {
        this(priceBook, sources, clock, DEFAULT_MAX_TOKENS_PER_COUNT);
    }

    public UsageEventParser(PriceBook priceBook, SourceCatalog sources, Clock clock, long maxTokensPerCount) {
        if (maxTokensPerCount < 1) {
            throw new IllegalArgumentException("the largest token count per type must be positive: " + maxTokensPerCount);
        }
        this.priceBook = priceBook;
        this.sources = sources;
        this.clock = clock;
        this.maxTokensPerCount = maxTokensPerCount;
    }

    public Result parse(String raw) {
        if (raw == null || raw.isBlank()) {
            return rejected(new Rejection("", "empty body"), null);
        }
        JsonNode root;
        try {
            root = JSON.readTree(raw);
        } catch (JsonProcessingException e) {
            String message = String.valueOf(e.getOriginalMessage());
            String problem;
            if (message.startsWith("Duplicate field")) {
                problem = "duplicate field: " + message;
            } else if (message.startsWith("Trailing token")) {
                problem = "trailing content after the JSON value";
            } else {
                problem = "malformed JSON: " + message;
            }
            return rejected(new Rejection("", problem), null);
        }
        return parse(root);
    }

    public Result parse(JsonNode root) {
        if (root == null || !root.isObject()) {
            String got = root == null ? "nothing" : root.getNodeType().name().toLowerCase();
            return rejected(new Rejection("", "the event must be a JSON object, got " + got), null);
        }
        try {
            return new Result(metered(root), null, textOrNull(root, "eventId"), textOrNull(root, "accountId"));
        } catch (Invalid e) {
            return rejected(e.rejection, root);
        }
    }

    private MeteredEvent metered(JsonNode root) {
        String eventId = identifier(root, Identifier.EVENT);
        String accountId = identifier(root, Identifier.ACCOUNT);
        Instant occurredAt = occurredAt(root);
        String source = identifier(root, Identifier.SOURCE);
        PoolKind pool = sources.poolOf(source).orElseThrow(() -> invalid("source", "unknown source '" + clip(source) + "'"));
        String model = requiredText(root, "model");
        ServiceTier tier = serviceTier(root);
        TokenUsage usage = usage(root);
        if (!priceBook.knows(model)) {
            throw invalid("model", "unknown model '" + clip(model) + "'");
        }
        ModelRates rates = priceBook.ratesAt(model, occurredAt, tier)
                .orElseThrow(() -> invalid("model", "no list price for '" + model + "' at " + occurredAt));
        Cost cost;
        try {
            cost = rates.cost(usage);
            cost.total();
        } catch (ArithmeticException e) {
            throw invalid("usage", "cost overflows: token counts too large");
        }
        return new MeteredEvent(new UsageEvent(eventId, accountId, occurredAt, source, model, tier, usage), pool, cost);
    }

    private String identifier(JsonNode root, Identifier kind) {
        String value = requiredText(root, kind.field());
        kind.problem(value).ifPresent(problem -> {
            throw invalid(kind.field(), problem);
        });
        return value;
    }

    private Instant occurredAt(JsonNode root) {
        String text = requiredText(root, "occurredAt");
        Instant at;
        try {
            at = OffsetDateTime.parse(text).toInstant();
        } catch (DateTimeParseException e) {
            throw invalid("occurredAt", "not an ISO-8601 instant with offset: '" + clip(text) + "'");
        }
        if (at.isBefore(EARLIEST)) {
            throw invalid("occurredAt", "before " + EARLIEST + ": " + at);
        }
        Instant latest = clock.instant().plus(MAX_CLOCK_SKEW);
        if (at.isAfter(latest)) {
            throw invalid("occurredAt", "more than " + MAX_CLOCK_SKEW.toMinutes() + " minutes in the future: " + at);
        }
        return at;
    }

    private ServiceTier serviceTier(JsonNode root) {
        JsonNode node = root.get("serviceTier");
        if (node == null || node.isNull()) {
            return ServiceTier.STANDARD;
        }
        if (!node.isTextual()) {
            throw invalid("serviceTier", "must be a string");
        }
        return ServiceTier.fromWire(node.textValue())
                .orElseThrow(() -> invalid("serviceTier", "unknown tier '" + clip(node.textValue()) + "' (standard or batch)"));
    }

    private TokenUsage usage(JsonNode root) {
        JsonNode usage = root.get("usage");
        if (usage == null || usage.isNull()) {
            throw invalid("usage", "missing");
        }
        if (!usage.isObject()) {
            throw invalid("usage", "must be an object");
        }
        long input = count(usage, "input_tokens", true);
        long output = count(usage, "output_tokens", true);
        long cacheWrites = count(usage, "cache_creation_input_tokens", false);
        long cacheRead = count(usage, "cache_read_input_tokens", false);
        long write5m = cacheWrites;
        long write1h = 0;
        JsonNode split = usage.get("cache_creation");
        if (split != null && !split.isNull()) {
            if (!split.isObject()) {
                throw invalid("usage.cache_creation", "must be an object");
            }
            write5m = count(split, "ephemeral_5m_input_tokens", false, "usage.cache_creation.");
            write1h = count(split, "ephemeral_1h_input_tokens", false, "usage.cache_creation.");
            long sum;
            try {
                sum = Math.addExact(write5m, write1h);
            } catch (ArithmeticException e) {
                throw invalid("usage.cache_creation", "counts overflow");
            }
            if (usage.hasNonNull("cache_creation_input_tokens") && sum != cacheWrites) {
                throw invalid("usage.cache_creation",
                        "5m + 1h writes (" + sum + ") differ from cache_creation_input_tokens (" + cacheWrites + ")");
            }
        }
        return new TokenUsage(input, output, write5m, write1h, cacheRead);
    }

    private long count(JsonNode parent, String field, boolean required) {
        return count(parent, field, required, "usage.");
    }

    private long count(JsonNode parent, String field, boolean required, String prefix) {
        String name = prefix + field;
        JsonNode node = parent.get(field);
        if (node == null || node.isNull()) {
            if (required) {
                throw invalid(name, "missing");
            }
            return 0;
        }
        if (!node.isIntegralNumber()) {
            throw invalid(name, "must be an integer, got " + node.getNodeType().name().toLowerCase() + " " + clip(node.toString()));
        }
        if (node.bigIntegerValue().signum() < 0) {
            throw invalid(name, "must not be negative: " + node.bigIntegerValue());
        }
        if (node.bigIntegerValue().compareTo(java.math.BigInteger.valueOf(maxTokensPerCount)) > 0) {
            throw invalid(name, "more than " + maxTokensPerCount + " tokens: " + clip(node.bigIntegerValue().toString()));
        }
        return node.bigIntegerValue().longValue();
    }

    private static String requiredText(JsonNode root, String field) {
        JsonNode node = root.get(field);
        if (node == null || node.isNull()) {
            throw invalid(field, "missing");
        }
        if (!node.isTextual()) {
            throw invalid(field, "must be a string, got " + node.getNodeType().name().toLowerCase());
        }
        return node.textValue();
    }

    private static String textOrNull(JsonNode root, String field) {
        JsonNode node = root.get(field);
        return node != null && node.isTextual() ? node.textValue() : null;
    }

    private static String clip(String text) {
        return text.length() <= 80 ? text : text.substring(0, 80) + "...";
    }

    private static Result rejected(Rejection rejection, JsonNode root) {
        String eventId = root == null ? null : textOrNull(root, "eventId");
        String accountId = root == null ? null : textOrNull(root, "accountId");
        return new Result(null, rejection, eventId, accountId);
    }

    private static Invalid invalid(String field, String problem) {
        return new Invalid(new Rejection(field, problem));
    }

    /** Unwinds the parse at the first problem; never escapes this class. */
    private static final class Invalid extends RuntimeException {
        private final Rejection rejection;

        Invalid(Rejection rejection) {
            super(rejection.reason(), null, false, false);
            this.rejection = rejection;
        }
    }

}
