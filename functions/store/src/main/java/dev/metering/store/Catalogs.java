package dev.metering.store;

import dev.metering.core.plan.PlanCatalog;
import dev.metering.core.price.PriceBook;
import dev.metering.core.source.SourceCatalog;
import dev.metering.core.usage.UsageEventParser;
import java.util.Set;

/**
 * The data the domain runs on: price book, sources, plans, the largest token count of one type
 * that one event may carry, and the usage fields read as information only. Each catalogue is the
 * bundled file unless an environment variable names a replacement ({@code METERING_PRICE_BOOK},
 * {@code METERING_MODEL_IDS}, {@code METERING_SOURCES}, {@code METERING_PLANS}); a bad file stops
 * the function at start, never at the first event. Price rows put at runtime lie over the book
 * (see {@code prices.RuntimePrices}).
 */
public record Catalogs(PriceBook priceBook, SourceCatalog sources, PlanCatalog plans, long maxTokensPerCount, Set<String> usageInfoFields) {

    public Catalogs {
        if (maxTokensPerCount < 1) {
            throw new IllegalArgumentException("the largest token count per type must be at least 1, not " + maxTokensPerCount);
        }
        usageInfoFields = Set.copyOf(usageInfoFields);
    }

    public Catalogs(PriceBook priceBook, SourceCatalog sources, PlanCatalog plans, long maxTokensPerCount) {
        this(priceBook, sources, plans, maxTokensPerCount, Set.of());
    }

    /** The environment variables {@link #fromEnvironment()} reads, for the template's check. */
    public static final java.util.List<String> ENVIRONMENT = java.util.List.of("METERING_PRICE_BOOK", "METERING_MODEL_IDS",
            "METERING_SOURCES", "METERING_PLANS", "METERING_USAGE_INFO_FIELDS");

    public static Catalogs fromEnvironment() {
        return new Catalogs(
                PriceBook.load(System.getenv("METERING_PRICE_BOOK"), System.getenv("METERING_MODEL_IDS")),
                SourceCatalog.load(System.getenv("METERING_SOURCES")),
                PlanCatalog.load(System.getenv("METERING_PLANS")),
                UsageEventParser.DEFAULT_MAX_TOKENS_PER_COUNT,
                infoFields(System.getenv("METERING_USAGE_INFO_FIELDS")));
    }

    public static Catalogs bundled() {
        return new Catalogs(PriceBook.load(null), SourceCatalog.load(null), PlanCatalog.load(null),
                UsageEventParser.DEFAULT_MAX_TOKENS_PER_COUNT);
    }

    public Catalogs withMaxTokensPerCount(long max) {
        return new Catalogs(priceBook, sources, plans, max, usageInfoFields);
    }

    /**
     * {@code METERING_USAGE_INFO_FIELDS}: comma-separated names of {@code usage} fields read as
     * information only (a path inside {@code cache_creation}, {@code server_tool_use} or {@code output_tokens_details} with a dot).
     */
    static Set<String> infoFields(String configured) {
        if (configured == null || configured.isBlank()) {
            return Set.of();
        }
        Set<String> fields = new java.util.TreeSet<>();
        for (String name : configured.split(",")) {
            String field = name.strip();
            if (!field.matches("[a-z0-9_]{1,64}(\\.[a-z0-9_]{1,64})?")) {
                throw new IllegalArgumentException("METERING_USAGE_INFO_FIELDS: '" + field + "' is not a usage field's name or path");
            }
            fields.add(field);
        }
        return fields;
    }
}
