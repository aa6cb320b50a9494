package dev.metering.core.price;

import java.util.Optional;

/**
 * The API service tier of a request. Batch requests are billed at half of every token rate;
 * priority requests at the standard rates (their commitment is billed elsewhere).
 */
public enum ServiceTier {
    STANDARD("standard"),
    PRIORITY("priority"),
    BATCH("batch");

    private final String wire;

    ServiceTier(String wire) {
        this.wire = wire;
    }

    public String wire() {
        return wire;
    }

    /** Whether every token rate is halved. */
    public boolean halves() {
        return this == BATCH;
    }

    /** Only the tiers the book prices; anything else is an error, never a silent standard. */
    public static Optional<ServiceTier> fromWire(String value) {
        if (value == null) {
            return Optional.empty();
        }
        for (ServiceTier tier : values()) {
            if (tier.wire.equals(value)) {
                return Optional.of(tier);
            }
        }
        return Optional.empty();
    }
}
