package dev.metering.store.prices;

/** The table's price rows could not be read: nothing is priced until they can be. */
public final class PricesUnavailable extends RuntimeException {
    public PricesUnavailable(String message, Throwable cause) {
        super(message, cause);
    }
}
