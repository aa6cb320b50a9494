package dev.metering.core.price;

import java.util.Optional;

/** Where the API ran a request's inference ({@code usage.inference_geo}); US-only inference costs the model's multiplier. */
public enum InferenceGeo {
    GLOBAL("global"),
    US("us");

    private final String wire;

    InferenceGeo(String wire) {
        this.wire = wire;
    }

    public String wire() {
        return wire;
    }

    /** Only the geographies the book knows; anything else is held until it does. */
    public static Optional<InferenceGeo> fromWire(String value) {
        for (InferenceGeo geo : values()) {
            if (geo.wire.equals(value)) {
                return Optional.of(geo);
            }
        }
        return Optional.empty();
    }
}
