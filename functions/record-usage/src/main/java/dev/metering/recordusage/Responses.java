package dev.metering.recordusage;

import dev.metering.core.debit.Split;
import dev.metering.store.recording.RecordResult;
import dev.metering.store.recording.RecordStatus;
import java.util.ArrayList;
import java.util.List;

/** What record-usage answers: SQS's partial batch response, or one result per event. */
public final class Responses {

    private Responses() {}

    /** {@code SQSBatchResponse}: the messages SQS must deliver again; everything else is acknowledged. */
    public record BatchResponse(List<ItemFailure> batchItemFailures) {}

    public record ItemFailure(String itemIdentifier) {}

    public record DirectResponse(List<EventResult> results) {}

    /** One event's result, money as USD decimal strings. */
    public record EventResult(String eventId, String status, String pool, String creditUsd, String extraUsageUsd,
                              String overrunUsd, Boolean late, String reason) {}

    /** Thrown for a direct invocation that could not be fully applied: the caller retries it whole, safely. */
    public static final class RetryLater extends RuntimeException {
        public RetryLater(String message) {
            super(message);
        }
    }

    public static BatchResponse forSqs(List<RecordResult> results) {
        List<ItemFailure> failures = new ArrayList<>();
        for (RecordResult r : results) {
            if (r.status() == RecordStatus.RETRY) {
                failures.add(new ItemFailure(r.deliveryId()));
            }
        }
        return new BatchResponse(failures);
    }

    public static DirectResponse forDirect(List<RecordResult> results) {
        List<String> retry = new ArrayList<>();
        List<EventResult> out = new ArrayList<>();
        for (RecordResult r : results) {
            if (r.status() == RecordStatus.RETRY) {
                retry.add((r.eventId() == null ? "#" + r.deliveryId() : r.eventId()) + " (" + r.reason() + ")");
                continue;
            }
            Split split = r.split();
            out.add(new EventResult(r.eventId(), r.status().name(), r.pool() == null ? null : r.pool().name(),
                    split == null ? null : split.credit().toUsdString(),
                    split == null ? null : split.extraUsage().toUsdString(),
                    split == null ? null : split.overrun().toUsdString(),
                    r.status() == RecordStatus.APPLIED ? r.late() : null,
                    r.reason()));
        }
        if (!retry.isEmpty()) {
            throw new RetryLater("transient failure, invoke again (events already applied will report DUPLICATE): " + String.join(", ", retry));
        }
        return new DirectResponse(out);
    }
}
