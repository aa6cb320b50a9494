package dev.metering.core.notice;

import dev.metering.core.cycle.Cycle;
import dev.metering.core.data.Sha256;
import java.time.Instant;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * One transition to tell of. Its {@code notificationId} depends only on what the transition is (the
 * account, the cycle's start, the kind and what tells two of that kind apart), never on when or how
 * often it is derived: a record delivered twice, or a stream replayed, yields the same id, by which
 * consumers drop the repeats.
 *
 * @param accountId null only for a quarantined event that names no account
 * @param cycle null for a quarantined event
 * @param facts the kind's own fields, amounts as USD strings, in the order they are shown
 */
public record Notice(NoticeKind kind, String notificationId, String accountId, String organizationId, Cycle cycle,
                     Instant occurredAt, Map<String, Object> facts) {

    public Notice {
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(notificationId, "notificationId");
        Objects.requireNonNull(occurredAt, "occurredAt");
        facts = Collections.unmodifiableMap(new LinkedHashMap<>(facts));
    }

    /** The stable id of a transition: a hash of account, cycle start, kind and discriminator. */
    public static String id(String accountId, Instant cycleStart, NoticeKind kind, String discriminator) {
        return "ntf_" + Sha256.hex(accountId + "|" + cycleStart + "|" + kind.detailType() + "|" + discriminator).substring(0, 32);
    }

    /** A quarantined body, told of once: its id is the body's own. */
    public static Notice quarantined(String quarantineId, String reason, String eventId, String accountId, Instant firstSeen) {
        Map<String, Object> facts = new LinkedHashMap<>();
        facts.put("quarantineId", quarantineId);
        facts.put("reason", reason);
        facts.put("eventId", eventId);
        return new Notice(NoticeKind.EVENT_QUARANTINED, "ntf_" + Sha256.hex("quarantine|" + quarantineId).substring(0, 32),
                accountId, null, null, firstSeen, facts);
    }
}
