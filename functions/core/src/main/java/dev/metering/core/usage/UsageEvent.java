package dev.metering.core.usage;

import dev.metering.core.data.Sha256;
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
        TokenUsage usage) {

    /**
     * SHA-256 of what the event says, everything but its id, in one canonical form: the same event
     * resent (whatever its JSON spacing or field order) has the same hash; a different body under
     * the same id does not.
     */
    public String bodyHash() {
        String canonical = String.join("\n", accountId, occurredAt.toString(), source, model, serviceTier.name(),
                Long.toString(usage.input()), Long.toString(usage.output()), Long.toString(usage.cacheWrite5m()),
                Long.toString(usage.cacheWrite1h()), Long.toString(usage.cacheRead()));
        return Sha256.hex(canonical);
    }
}
