package dev.metering.core.usage;

import dev.metering.core.price.ServiceTier;
import dev.metering.core.price.TokenUsage;
import java.time.Instant;

/** One validated usage event, as sent by the provider's serving layer. */
public record UsageEvent(
        String eventId,
        String accountId,
        Instant occurredAt,
        String source,
        String model,
        ServiceTier serviceTier,
        TokenUsage usage) {}
