package dev.metering.core.usage;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import dev.metering.core.budget.Tags;
import dev.metering.core.id.Identifier;
import dev.metering.core.price.Cost;
import dev.metering.core.price.InferenceGeo;
import dev.metering.core.price.PriceBook;
import dev.metering.core.price.PriceRow;
import dev.metering.core.price.Pricing;
import dev.metering.core.price.RequestUsage;
import dev.metering.core.price.ServiceTier;
import dev.metering.core.price.TokenUsage;
import dev.metering.core.source.PoolKind;
import dev.metering.core.source.SourceCatalog;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.Arrays;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * Turns a raw usage event into a {@link MeteredEvent}, or into the precise reason it can never be
 * applied. Everything that does not need the store is checked here: the shape of the document,
 * identifiers, timestamps, counts, source, model and the cost itself. Every field is read or refused
 * by name: a field this code does not know (a misspelt one, or one the API added that the book cannot
 * price yet) is never priced as nothing.
 */
public final class UsageEventParser {

    public static final Duration MAX_CLOCK_SKEW = Duration.ofMinutes(5);
    /** No usage of these models happened before this: an earlier instant is a producer's bug (an epoch 0, seconds read as millis). */
    public static final Instant EARLIEST = Instant.parse("2000-01-01T00:00:00Z");
    /** The largest token count of one type that one event may carry ({@code METERING_MAX_TOKENS_PER_COUNT}). */
    public static final long DEFAULT_MAX_TOKENS_PER_COUNT = 100_000_000L;
    public static final int MAX_SOURCE_LENGTH = Identifier.SOURCE.maxLength();
    /**
     * The form of {@code occurredAt}, as the usage event's schema states it (RFC 3339: seconds, up to nine
     * digits of fraction, {@code Z} or an offset of hours and minutes); the calendar is checked after.
     */
    public static final String OCCURRED_AT_PATTERN =
            "^[0-9]{4}-[0-9]{2}-[0-9]{2}T[0-9]{2}:[0-9]{2}:[0-9]{2}(\\.[0-9]{1,9})?(Z|[+-][0-9]{2}:[0-9]{2})$";
    private static final java.util.regex.Pattern OCCURRED_AT = java.util.regex.Pattern.compile(OCCURRED_AT_PATTERN);
    private static final ObjectMapper JSON = JsonMapper.builder()
            .enable(JsonParser.Feature.STRICT_DUPLICATE_DETECTION)
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
            .enable(DeserializationFeature.USE_BIG_INTEGER_FOR_INTS)
            // Exact, so that a count written 1.0 or 1e3 is the whole number JSON Schema takes it for, and 1.0000000001 is not.
            .enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS)
            .build();

    /** The outcome of parsing: exactly one of {@code event} and {@code rejection} is present. */
    public record Result(MeteredEvent event, Rejection rejection, String eventId, String accountId) {
        public boolean isValid() {
            return event != null;
        }
    }

    /** The event's own fields; anything else at its top level is quarantined by name. */
    static final Set<String> EVENT_FIELDS = Set.of("eventId", "accountId", "occurredAt", "source", "model", "serviceTier", "usage", "tags");

    private final PriceBook priceBook;
    private final SourceCatalog sources;
    private final Clock clock;
    private final long maxTokensPerCount;
    private final Set<String> usageInfoFields;
    /**
     * The tags of events parsed before, each set once: the events of a pipeline carry the same tags,
     * and one shared value makes every later comparison of them an identity. At most
     * {@link #KNOWN_TAGS}; past that it starts over.
     */
    private final Map<String, Tags> knownTags = new java.util.concurrent.ConcurrentHashMap<>();
    static final int KNOWN_TAGS = 4096;

    public UsageEventParser(PriceBook priceBook, SourceCatalog sources, Clock clock) {
        this(priceBook, sources, clock, DEFAULT_MAX_TOKENS_PER_COUNT);
    }

    public UsageEventParser(PriceBook priceBook, SourceCatalog sources, Clock clock, long maxTokensPerCount) {
        this(priceBook, sources, clock, maxTokensPerCount, Set.of());
    }

    /**
     * @param priceBook the book {@link #parse(String)} prices with (a caller with a book of the moment passes it to each parse)
     * @param usageInfoFields further fields of {@code usage} read as information only ({@code METERING_USAGE_INFO_FIELDS}):
     *     a name, or a path inside {@code cache_creation}, {@code server_tool_use} or {@code output_tokens_details}, such as
     *     {@code server_tool_use.code_execution_requests}
     */
    public UsageEventParser(PriceBook priceBook, SourceCatalog sources, Clock clock, long maxTokensPerCount, Set<String> usageInfoFields) {
        if (maxTokensPerCount < 1) {
            throw new IllegalArgumentException("the largest token count per type must be positive: " + maxTokensPerCount);
        }
        this.priceBook = priceBook;
        this.sources = sources;
        this.clock = clock;
        this.maxTokensPerCount = maxTokensPerCount;
        this.usageInfoFields = Set.copyOf(usageInfoFields);
    }

    public Result parse(String raw) {
        return parse(raw, priceBook);
    }

    /** Parses and prices with {@code book}: the book of the moment, for a caller that keeps one fresh. */
    public Result parse(String raw, PriceBook book) {
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
        return parse(root, book);
    }

    public Result parse(JsonNode root) {
        return parse(root, priceBook);
    }

    public Result parse(JsonNode root, PriceBook book) {
        if (root == null || !root.isObject()) {
            String got = root == null ? "nothing" : root.getNodeType().name().toLowerCase();
            return rejected(new Rejection("", "the event must be a JSON object, got " + got), null);
        }
        try {
            return new Result(metered(root, book), null, textOrNull(root, "eventId"), textOrNull(root, "accountId"));
        } catch (Invalid e) {
            return rejected(e.rejection, root);
        }
    }

    private MeteredEvent metered(JsonNode root, PriceBook book) {
        for (Iterator<String> names = root.fieldNames(); names.hasNext(); ) {
            String name = names.next();
            if (!EVENT_FIELDS.contains(name)) {
                throw invalid(clip(name), "unknown field");
            }
        }
        String eventId = identifier(root, Identifier.EVENT);
        String accountId = identifier(root, Identifier.ACCOUNT);
        Instant occurredAt = occurredAt(root);
        String source = identifier(root, Identifier.SOURCE);
        PoolKind pool = sources.poolOf(source).orElseThrow(() -> invalid("source", "unknown source '" + clip(source) + "'"));
        String modelId = requiredText(root, "model");
        Tags tags = tags(root);
        UsageObject usage = usage(root);
        ServiceTier tier = serviceTier(root, usage.tier());
        String model = book.resolve(modelId).orElseThrow(() -> invalid("model", "unknown model '" + clip(modelId) + "'"));
        PriceRow row = book.rowAt(model, occurredAt)
                .orElseThrow(() -> invalid("model", "no list price for '" + model + "' at " + occurredAt));
        RequestUsage request = new RequestUsage(usage.tokens(), usage.webSearches(), tier, usage.geo());
        Cost cost;
        try {
            cost = Pricing.cost(row, request);
        } catch (Pricing.InexactPrice e) {
            throw invalid("model", e.getMessage());
        } catch (ArithmeticException e) {
            throw invalid("usage", "cost overflows: token counts too large");
        }
        return new MeteredEvent(new UsageEvent(eventId, accountId, occurredAt, source, model, tier, usage.tokens(), usage.geo(),
                usage.webSearches(), tags), pool, cost);
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
            if (!OCCURRED_AT.matcher(text).matches()) {
                throw new DateTimeParseException("not in the event's form", text, 0);
            }
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

    /** The event's tags: an object of at most eight keys, each naming one value; a bad one is refused by its key. */
    private Tags tags(JsonNode root) {
        JsonNode node = root.get("tags");
        if (node == null || node.isNull()) {
            return Tags.NONE;
        }
        if (!node.isObject()) {
            throw invalid("tags", "must be an object");
        }
        if (node.size() > Tags.MAX_ENTRIES) {
            throw invalid("tags", "more than " + Tags.MAX_ENTRIES + " entries: " + node.size());
        }
        // The canonical line as the fields come: when they come in key order (as most producers write them),
        // it is the set's own line, and an event carrying tags seen before needs nothing more.
        StringBuilder line = new StringBuilder(128);
        String previous = null;
        boolean ordered = true;
        for (Iterator<Map.Entry<String, JsonNode>> fields = node.fields(); fields.hasNext(); ) {
            Map.Entry<String, JsonNode> field = fields.next();
            String key = field.getKey();
            if (!Tags.validKey(key)) {
                throw invalid("tags." + clip(key), "the key must be " + Tags.KEY_RULE);
            }
            JsonNode value = field.getValue();
            if (!value.isTextual()) {
                throw invalid("tags." + key, "must be a string, got " + value.getNodeType().name().toLowerCase());
            }
            if (!Tags.validValue(value.textValue())) {
                throw invalid("tags." + key, "the value must be " + Tags.VALUE_RULE + ": '" + clip(value.textValue()) + "'");
            }
            ordered &= previous == null || previous.compareTo(key) < 0;
            previous = key;
            line.append(line.isEmpty() ? "" : ";").append(key).append('=').append(value.textValue());
        }
        if (previous == null) {
            return Tags.NONE;
        }
        Tags made = ordered ? null : new Tags(values(node));
        String canonical = ordered ? line.toString() : made.canonical();
        Tags known = knownTags.get(canonical);
        if (known != null) {
            return known;
        }
        Tags tags = made != null ? made : new Tags(values(node));
        if (knownTags.size() >= KNOWN_TAGS) {
            knownTags.clear();
        }
        knownTags.put(canonical, tags);
        return tags;
    }

    /** The tags (checked already) of an event's {@code tags} object, in key order. */
    private static SortedMap<String, String> values(JsonNode node) {
        SortedMap<String, String> values = new TreeMap<>();
        node.fields().forEachRemaining(field -> values.put(field.getKey(), field.getValue().textValue()));
        return values;
    }

    /** The tier from either place: both given and different is an error, neither is standard. */
    private ServiceTier serviceTier(JsonNode root, ServiceTier fromUsage) {
        ServiceTier top = null;
        JsonNode node = root.get("serviceTier");
        if (node != null && !node.isNull()) {
            if (!node.isTextual()) {
                throw invalid("serviceTier", "must be a string");
            }
            top = tier(node.textValue(), "serviceTier");
        }
        if (top != null && fromUsage != null && top != fromUsage) {
            throw invalid("serviceTier", "disagrees with usage.service_tier ('" + top.wire() + "' and '" + fromUsage.wire() + "')");
        }
        return top != null ? top : fromUsage != null ? fromUsage : ServiceTier.STANDARD;
    }

    private static ServiceTier tier(String value, String field) {
        return ServiceTier.fromWire(value)
                .orElseThrow(() -> invalid(field, "unknown tier '" + clip(value) + "' (standard, priority or batch)"));
    }

    /** The usage object as the API returns it, every field read or refused by name. */
    private record UsageObject(TokenUsage tokens, long webSearches, ServiceTier tier, InferenceGeo geo) {}

    private UsageObject usage(JsonNode root) {
        JsonNode usage = root.get("usage");
        if (usage == null || usage.isNull()) {
            throw invalid("usage", "missing");
        }
        if (!usage.isObject()) {
            throw invalid("usage", "must be an object");
        }
        ServiceTier tier = null;
        InferenceGeo geo = InferenceGeo.GLOBAL;
        for (Iterator<Map.Entry<String, JsonNode>> fields = usage.fields(); fields.hasNext(); ) {
            Map.Entry<String, JsonNode> field = fields.next();
            JsonNode value = field.getValue();
            switch (field.getKey()) {
                case "input_tokens", "output_tokens", "cache_creation_input_tokens", "cache_read_input_tokens" -> {
                    // Counts, read below.
                }
                // Information only (output_tokens is the billed total), but known field by field like the rest.
                case "output_tokens_details" -> knownOnly(value, "output_tokens_details", "thinking_tokens");
                case "cache_creation" -> knownOnly(value, "cache_creation", "ephemeral_5m_input_tokens", "ephemeral_1h_input_tokens");
                case "server_tool_use" -> knownOnly(value, "server_tool_use", "web_search_requests", "web_fetch_requests");
                case "service_tier" -> {
                    String text = optionalText(value, "usage.service_tier");
                    tier = text == null ? null : tier(text, "usage.service_tier");
                }
                case "inference_geo" -> {
                    String text = optionalText(value, "usage.inference_geo");
                    if (text != null) {
                        geo = InferenceGeo.fromWire(text).orElseThrow(() -> invalid("usage.inference_geo",
                                "unknown geography '" + clip(text) + "' (global or us): not priced until the book knows it"));
                    }
                }
                case "speed" -> {
                    String text = optionalText(value, "usage.speed");
                    if (text != null && !text.equals("standard")) {
                        throw invalid("usage.speed", "'" + clip(text) + "' is not priced by the book (standard only)");
                    }
                }
                default -> {
                    if (!usageInfoFields.contains(field.getKey())) {
                        throw invalid("usage." + clip(field.getKey()), "unknown field");
                    }
                }
            }
        }
        long input = count(usage, "input_tokens", true);
        long output = count(usage, "output_tokens", true);
        long cacheWrites = count(usage, "cache_creation_input_tokens", false);
        long cacheRead = count(usage, "cache_read_input_tokens", false);
        long write5m = cacheWrites;
        long write1h = 0;
        JsonNode split = usage.get("cache_creation");
        if (split != null && !split.isNull()) {
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
        long webSearches = 0;
        JsonNode tools = usage.get("server_tool_use");
        if (tools != null && !tools.isNull()) {
            webSearches = count(tools, "web_search_requests", false, "usage.server_tool_use.");
            count(tools, "web_fetch_requests", false, "usage.server_tool_use.");
        }
        JsonNode details = usage.get("output_tokens_details");
        if (details != null && !details.isNull()) {
            count(details, "thinking_tokens", false, "usage.output_tokens_details.");
        }
        return new UsageObject(new TokenUsage(input, output, write5m, write1h, cacheRead), webSearches, tier, geo);
    }

    /** An object of {@code usage} (or null) whose every field is one of {@code known}, or named as information only. */
    private void knownOnly(JsonNode value, String name, String... known) {
        if (value.isNull()) {
            return;
        }
        if (!value.isObject()) {
            throw invalid("usage." + name, "must be an object");
        }
        for (Iterator<String> fields = value.fieldNames(); fields.hasNext(); ) {
            String field = fields.next();
            if (!Arrays.asList(known).contains(field) && !usageInfoFields.contains(name + "." + field)) {
                throw invalid("usage." + name + "." + clip(field), "unknown field");
            }
        }
    }

    private static String optionalText(JsonNode value, String name) {
        if (value.isNull()) {
            return null;
        }
        if (!value.isTextual()) {
            throw invalid(name, "must be a string, got " + value.getNodeType().name().toLowerCase());
        }
        return value.textValue();
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
        java.math.BigDecimal value = wholeNumber(node);
        if (value == null) {
            throw invalid(name, "must be an integer, got " + node.getNodeType().name().toLowerCase() + " " + clip(node.toString()));
        }
        if (value.signum() < 0) {
            throw invalid(name, "must not be negative: " + clip(node.toString()));
        }
        if (value.compareTo(java.math.BigDecimal.valueOf(maxTokensPerCount)) > 0) {
            throw invalid(name, "more than " + maxTokensPerCount + " tokens: " + clip(node.toString()));
        }
        return value.longValueExact();
    }

    /**
     * A count as JSON Schema reads an integer: any number without a fractional part, however written
     * ({@code 12}, {@code 12.0}, {@code 1.2e1}); null for anything else.
     */
    private static java.math.BigDecimal wholeNumber(JsonNode node) {
        if (node.isIntegralNumber()) {
            return new java.math.BigDecimal(node.bigIntegerValue());
        }
        if (!node.isNumber()) {
            return null;
        }
        // Compared as it is, never expanded: 1e400 is a whole number far above any bound, held in a few bytes.
        java.math.BigDecimal decimal = node.decimalValue().stripTrailingZeros();
        return decimal.scale() <= 0 ? decimal : null;
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
