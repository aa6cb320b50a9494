package dev.metering.core.price;

/** The token types that the price book rates separately. */
public enum TokenType {
    INPUT,
    OUTPUT,
    CACHE_WRITE_5M,
    CACHE_WRITE_1H,
    CACHE_READ
}
