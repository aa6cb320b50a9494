package dev.metering.store.prices;

import dev.metering.core.price.PriceBook;

/** Where a function gets the book it prices with. */
@FunctionalInterface
public interface PriceBookSource {

    /**
     * The book to price with now.
     *
     * @throws PricesUnavailable when no book fresh enough can be had: the events wait for redelivery
     */
    PriceBook current();

    /** Always the same book (a run with no runtime prices, and tests). */
    static PriceBookSource fixed(PriceBook book) {
        return () -> book;
    }
}
