package dev.metering.notify;

import static dev.metering.store.metrics.MetricLine.Metric.count;

import dev.metering.store.metrics.MetricLine;
import java.io.PrintStream;
import java.util.List;
import java.util.Map;

/** One invocation's counts (namespace {@code Metering}): records read, notifications put, records that failed (and come back). */
public final class NotifyMetrics {

    public static final MetricLine LINE = new MetricLine("notify", List.of(count("StreamRecordsRead"), count("NotificationsPut"),
            count("StreamRecordsFailed")));

    private long records;
    private long notifications;
    private long failed;

    void read() {
        records++;
    }

    void told(int count) {
        notifications += count;
    }

    void failed() {
        failed++;
    }

    void publish(PrintStream out) {
        LINE.publish(System.currentTimeMillis(), Map.of("StreamRecordsRead", records, "NotificationsPut", notifications,
                "StreamRecordsFailed", failed), out);
    }
}
