package dev.metering.monthlyreset;

import static dev.metering.store.metrics.MetricLine.Metric.count;
import static dev.metering.store.metrics.MetricLine.Metric.seconds;

import dev.metering.store.metrics.MetricLine;
import dev.metering.store.reset.ResetReport;
import java.io.PrintStream;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A run's figures as metrics (namespace {@code Metering}) that the template's alarms and dashboard
 * watch: cycles closed, closes failed, cycles left for the next run, and the oldest due cycle's age.
 */
public final class ResetMetrics {

    public static final MetricLine LINE = new MetricLine("monthly-reset", List.of(count("ResetCyclesClosed"), count("ResetFailed"),
            count("ResetRemaining"), seconds("OldestDueCycleAgeSeconds")));

    private ResetMetrics() {}

    static void publish(ResetReport report, long epochMillis, PrintStream out) {
        LINE.publish(epochMillis, values(report), out);
    }

    static String line(ResetReport report, long epochMillis) {
        return LINE.line(epochMillis, values(report));
    }

    private static Map<String, Long> values(ResetReport report) {
        Map<String, Long> values = new LinkedHashMap<>();
        values.put("ResetCyclesClosed", report.cyclesClosed());
        values.put("ResetFailed", report.failed());
        values.put("ResetRemaining", report.remaining());
        values.put("OldestDueCycleAgeSeconds", Math.max(0, report.oldestDueAge().toSeconds()));
        return values;
    }
}
