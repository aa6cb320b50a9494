package dev.metering.store;

import dev.metering.core.plan.PlanCatalog;
import dev.metering.core.price.PriceBook;
import dev.metering.core.source.SourceCatalog;
import dev.metering.core.usage.UsageEventParser;

/**
 * The data the domain runs on: price book, sources, plans and the largest token count one event
 * may carry. Each is the bundled default unless an environment variable names a replacement
 * ({@code METERING_PRICE_BOOK}, {@code METERING_SOURCES}, {@code METERING_PLANS},
 * {@code METERING_MAX_TOKENS_PER_COUNT}); a bad value stops the function at start, never at the
 * first event.
 */
public record Catalogs(PriceBook priceBook, SourceCatalog sources, PlanCatalog plans, long maxTokensPerCount) {

    public static final String MAX_TOKENS_ENV = "METERING_MAX_TOKENS_PER_COUNT";

    public static Catalogs fromEnvironment() {
        return new Catalogs(
                PriceBook.load(System.getenv("METERING_PRICE_BOOK")),
                SourceCatalog.load(System.getenv("METERING_SOURCES")),
                PlanCatalog.load(System.getenv("METERING_PLANS")),
                maxTokens(System.getenv(MAX_TOKENS_ENV)));
    }

    public static Catalogs bundled() {
        return new Catalogs(PriceBook.load(null), SourceCatalog.load(null), PlanCatalog.load(null),
                UsageEventParser.DEFAULT_MAX_TOKENS_PER_COUNT);
    }

    static long maxTokens(String text) {
        if (text == null || text.isBlank()) {
            return UsageEventParser.DEFAULT_MAX_TOKENS_PER_COUNT;
        }
        try {
            long value = Long.parseLong(text.trim());
            if (value >= 1) {
                return value;
            }
        } catch (NumberFormatException e) {
            // refused below, with the variable's name
        }
        throw new IllegalArgumentException(MAX_TOKENS_ENV + " must be a whole number of tokens of at least 1, not '" + text + "'");
    }
}
