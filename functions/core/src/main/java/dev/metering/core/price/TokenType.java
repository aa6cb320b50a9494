package dev.metering.core.price;

/** The token types that the price book rates separately. */
public enum TokenType {
    INPUT("input"),
    OUTPUT("output"),
    CACHE_WRITE_5M("5-minute cache writes"),
    CACHE_WRITE_1H("1-hour cache writes"),
    CACHE_READ("cache reads");

    private final String wire;

    TokenType(String wire) {
        this.wire = wire;
    }

    /** The type in words, for reasons and messages. */
    public String wire() {
        return wire;
    }
}
