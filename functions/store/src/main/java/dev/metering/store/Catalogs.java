package dev.metering.store;

import dev.metering.core.plan.PlanCatalog;
import dev.metering.core.price.PriceBook;
import dev.metering.core.source.SourceCatalog;

/**
 * The data the domain runs on: price book, sources and plans. Each is the bundled file unless an
 * environment variable names a replacement ({@code METERING_PRICE_BOOK}, {@code METERING_SOURCES},
 * {@code METERING_PLANS}); a bad file stops the function at start, never at the first event.
 */
public record Catalogs(PriceBook priceBook, SourceCatalog sources, PlanCatalog plans) {

    public static Catalogs fromEnvironment() {
        return new Catalogs(
                PriceBook.load(System.getenv("METERING_PRICE_BOOK")),
                SourceCatalog.load(System.getenv("METERING_SOURCES")),
                PlanCatalog.load(System.getenv("METERING_PLANS")));
    }

    public static Catalogs bundled() {
        return new Catalogs(PriceBook.load(null), SourceCatalog.load(null), PlanCatalog.load(null));
    }
}
