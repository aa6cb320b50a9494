package dev.metering.store.recording;

import dev.metering.core.debit.Split;
import dev.metering.core.id.Identifier;
import dev.metering.core.source.PoolKind;
import java.time.Instant;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;

/**
 * The result for one incoming event. {@code split}, {@code pool} and {@code occurredAt} are set when
 * applied; {@code reason} says why an event was quarantined or must be retried.
 */
public record RecordResult(
        String deliveryId, String eventId, String accountId, RecordStatus status, PoolKind pool, Split split,
        boolean late, Instant occurredAt, String reason) {

    static RecordResult applied(IncomingEvent in, String eventId, String accountId, PoolKind pool, Split split, boolean late,
                                Instant occurredAt) {
        return new RecordResult(in.deliveryId(), eventId, accountId, RecordStatus.APPLIED, pool, split, late, occurredAt, null);
    }

    static RecordResult duplicate(IncomingEvent in, String eventId, String accountId, PoolKind pool) {
        return new RecordResult(in.deliveryId(), eventId, accountId, RecordStatus.DUPLICATE, pool, null, false, null, "already counted");
    }

    static RecordResult quarantined(IncomingEvent in, String eventId, String accountId, String reason) {
        return new RecordResult(in.deliveryId(), Identifier.clipped(eventId), Identifier.clipped(accountId), RecordStatus.QUARANTINED,
                null, null, false, null, reason);
    }

    static RecordResult retry(IncomingEvent in, String eventId, String accountId, String reason) {
        return new RecordResult(in.deliveryId(), eventId, accountId, RecordStatus.RETRY, null, null, false, null, reason);
    }

    /** How many results of each status, in the statuses' order: a batch's summary. */
    public static Map<RecordStatus, Long> countByStatus(List<RecordResult> results) {
        Map<RecordStatus, Long> counts = new EnumMap<>(RecordStatus.class);
        results.forEach(r -> counts.merge(r.status(), 1L, Long::sum));
        return counts;
    }
}
