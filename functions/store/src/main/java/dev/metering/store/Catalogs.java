package dev.metering.store;

import dev.metering.core.plan.PlanCatalog;
import dev.metering.core.price.PriceBook;
import dev.metering.core.source.SourceCatalog;
import dev.metering.core.usage.UsageEventParser;

/**
 * The data the domain runs on: price book, sources, plans, and the largest token count of one type
 * that one event may carry. Each catalogue is the bundled file unless an environment variable names
 * a replacement ({@code METERING_PRICE_BOOK}, {@code METERING_SOURCES}, {@code METERING_PLANS}); a
 * bad file stops the function at start, never at the first event.
 */
public record Catalogs(PriceBook priceBook, SourceCatalog sources, PlanCatalog plans, long maxTokensPerCount) {

    public Catalogs {
        if (maxTokensPerCount < 1) {
            throw new IllegalArgumentException("the largest token count per type must be at least 1, not " + maxTokensPerCount);
        }
    }

    public static Catalogs fromEnvironment() {
        return new Catalogs(
                PriceBook.load(System.getenv("METERING_PRICE_BOOK")),
                SourceCatalog.load(System.getenv("METERING_SOURCES")),
                PlanCatalog.load(System.getenv("METERING_PLANS")),
                UsageEventParser.DEFAULT_MAX_TOKENS_PER_COUNT);
    }

    public static Catalogs bundled() {
        return new Catalogs(PriceBook.load(null), SourceCatalog.load(null), PlanCatalog.load(null),
                UsageEventParser.DEFAULT_MAX_TOKENS_PER_COUNT);
    }

    public Catalogs withMaxTokensPerCount(long max) {
        return new Catalogs(priceBook, sources, plans, max);
    }
}
