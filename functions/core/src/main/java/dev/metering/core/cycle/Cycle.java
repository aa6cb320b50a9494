package dev.metering.core.cycle;

import java.time.Instant;
import java.time.ZoneId;

/** Billing cycle number {@code index} of an account: the half-open interval {@code [start, end)}. */
public record Cycle(long index, Instant start, Instant end, ZoneId zone) {

    public Cycle {
        if (!start.isBefore(end)) {
            throw new IllegalArgumentException("empty cycle " + start + " .. " + end);
        }
    }

    public boolean contains(Instant instant) {
        return !instant.isBefore(start) && instant.isBefore(end);
    }
}
