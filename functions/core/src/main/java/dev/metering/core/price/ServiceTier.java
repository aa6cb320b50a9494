package dev.metering.core.price;

import java.util.Optional;

/** The API service tier of a request; batch requests are billed at half of every list rate. */
public enum ServiceTier {
    STANDARD,
    BATCH;

    /** Only the tiers the price book knows; anything else is an error, never a silent standard. */
    public static Optional<ServiceTier> fromWire(String value) {
        if (value == null) {
            return Optional.empty();
        }
        return switch (value) {
            case "standard" -> Optional.of(STANDARD);
            case "batch" -> Optional.of(BATCH);
            default -> Optional.empty();
        };
    }
}
