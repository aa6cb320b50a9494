package dev.metering.core.usage;

import dev.metering.core.budget.Tags;
import dev.metering.core.data.Sha256;
import dev.metering.core.price.InferenceGeo;
import dev.metering.core.price.RequestUsage;
import dev.metering.core.price.ServiceTier;
import dev.metering.core.price.TokenUsage;
import java.time.Instant;

/**
 * One validated usage event, as sent by the provider's serving layer: {@code model} is the
 * canonical id of the model the event named (by any of its API ids), {@code serviceTier} the tier
 * resolved from either field that can carry it.
 */
public record UsageEvent(
        String eventId,
        String accountId,
        Instant occurredAt,
        String source,
        String model,
        ServiceTier serviceTier,
        TokenUsage usage,
        InferenceGeo geo,
        long webSearches,
        Tags tags) {

    public UsageEvent {
        tags = tags == null ? Tags.NONE : tags;
    }

    public UsageEvent(String eventId, String accountId, Instant occurredAt, String source, String model, ServiceTier serviceTier,
                      TokenUsage usage) {
        this(eventId, accountId, occurredAt, source, model, serviceTier, usage, InferenceGeo.GLOBAL, 0, Tags.NONE);
    }

    /** What the event is priced on. */
    public RequestUsage requestUsage() {
        return new RequestUsage(usage, webSearches, serviceTier, geo);
    }

    /**
     * SHA-256 of what the event says that is priced, everything but its id, in one canonical form:
     * the same event resent (whatever its JSON spacing, field order, or which of its model's ids it
     * names) has the same hash; a different body under the same id does not. A field at its default
     * (global inference, no web search, no tags) adds nothing, so an event recorded before those fields were
     * read hashes as it did then.
     */
    public String bodyHash() {
        // Sized for a body with tags, so that it is written once.
        StringBuilder canonical = new StringBuilder(256).append(accountId).append('\n').append(occurredAt).append('\n').append(source)
                .append('\n').append(model).append('\n').append(serviceTier.name()).append('\n').append(usage.input()).append('\n')
                .append(usage.output()).append('\n').append(usage.cacheWrite5m()).append('\n').append(usage.cacheWrite1h()).append('\n')
                .append(usage.cacheRead());
        if (geo != InferenceGeo.GLOBAL) {
            canonical.append("\ngeo=").append(geo.wire());
        }
        if (webSearches != 0) {
            canonical.append("\nwebSearches=").append(webSearches);
        }
        if (!tags.isEmpty()) {
            canonical.append("\ntags=").append(tags.canonical());
        }
        return Sha256.hex(canonical.toString());
    }
}
