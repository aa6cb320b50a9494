package dev.metering.recordusage;

import static dev.metering.store.metrics.MetricLine.Metric.count;
import static dev.metering.store.metrics.MetricLine.Metric.seconds;

import dev.metering.store.metrics.MetricLine;
import dev.metering.store.recording.RecordResult;
import dev.metering.store.recording.RecordStatus;
import jakarta.enterprise.context.ApplicationScoped;
import java.io.PrintStream;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Each batch's figures as metrics (namespace {@code Metering}, dimension {@code Function=record-usage}),
 * which the template's dashboard and alarms read: events received, applied, duplicate, quarantined,
 * retried (sent back to the queue) and late (applied to a closed cycle), and the lag of the batch's
 * most delayed applied event, from its {@code occurredAt} to its debit.
 */
@ApplicationScoped
public class BatchMetrics {

    public static final MetricLine LINE = new MetricLine("record-usage", List.of(count("EventsReceived"), count("EventsApplied"),
            count("EventsDuplicate"), count("EventsQuarantined"), count("EventsRetried"), count("EventsLate"),
            seconds("EventLagSecondsMax")));

    private final PrintStream out;
    private final Clock clock;

    public BatchMetrics() {
        this(System.out, Clock.systemUTC());
    }

    BatchMetrics(PrintStream out, Clock clock) {
        this.out = out;
        this.clock = clock;
    }

    void publish(List<RecordResult> results) {
        Instant now = clock.instant();
        LINE.publish(now.toEpochMilli(), values(results, now), out);
    }

    static Map<String, Long> values(List<RecordResult> results, Instant now) {
        Map<String, Long> counts = new LinkedHashMap<>();
        counts.put("EventsReceived", (long) results.size());
        Map<RecordStatus, Long> byStatus = RecordResult.countByStatus(results);
        counts.put("EventsApplied", byStatus.getOrDefault(RecordStatus.APPLIED, 0L));
        counts.put("EventsDuplicate", byStatus.getOrDefault(RecordStatus.DUPLICATE, 0L));
        counts.put("EventsQuarantined", byStatus.getOrDefault(RecordStatus.QUARANTINED, 0L));
        counts.put("EventsRetried", byStatus.getOrDefault(RecordStatus.RETRY, 0L));
        counts.put("EventsLate", results.stream().filter(RecordResult::late).count());
        results.stream().filter(r -> r.status() == RecordStatus.APPLIED && r.occurredAt() != null)
                .mapToLong(r -> Math.max(0, Duration.between(r.occurredAt(), now).toSeconds()))
                .max().ifPresent(lag -> counts.put("EventLagSecondsMax", lag));
        return counts;
    }
}
