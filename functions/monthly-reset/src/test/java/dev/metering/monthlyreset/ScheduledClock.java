package dev.metering.monthlyreset;

import jakarta.annotation.Priority;
import jakarta.enterprise.inject.Alternative;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;

/**
 * The function's clock under test: two minutes after the scheduler sample's instant, as when the
 * scheduler fires on time. The reset refuses an {@code asOf} more than five minutes after its clock.
 */
public class ScheduledClock {

    static final Instant NOW = Instant.parse("2026-12-01T01:02:00Z");

    @Produces
    @Singleton
    @Alternative
    @Priority(1)
    Clock clock() {
        return Clock.fixed(NOW, ZoneOffset.UTC);
    }
}
