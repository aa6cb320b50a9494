package dev.metering.monthlyreset;

import dev.metering.store.reset.ResetReport;
import java.io.PrintStream;

/**
 * Publishes a run's figures as CloudWatch metrics in the embedded metric format: one JSON line on
 * standard output, which Lambda sends to the function's log and CloudWatch turns into the metrics
 * of namespace {@code Metering} that the template's alarms watch (a failed close, a due cycle left
 * too long).
 */
final class ResetMetrics {

    static final String NAMESPACE = "Metering";

    private ResetMetrics() {}

    static void publish(ResetReport report, long epochMillis, PrintStream out) {
        out.println(line(report, epochMillis));
        out.flush();
    }

    static String line(ResetReport report, long epochMillis) {
        return "{\"_aws\":{\"Timestamp\":" + epochMillis + ",\"CloudWatchMetrics\":[{\"Namespace\":\"" + NAMESPACE + "\","
                + "\"Dimensions\":[[\"Function\"]],\"Metrics\":["
                + "{\"Name\":\"ResetCyclesClosed\",\"Unit\":\"Count\"},"
                + "{\"Name\":\"ResetFailed\",\"Unit\":\"Count\"},"
                + "{\"Name\":\"ResetRemaining\",\"Unit\":\"Count\"},"
                + "{\"Name\":\"OldestDueCycleAgeSeconds\",\"Unit\":\"Seconds\"}]}]},"
                + "\"Function\":\"monthly-reset\","
                + "\"ResetCyclesClosed\":" + report.cyclesClosed() + ","
                + "\"ResetFailed\":" + report.failed() + ","
                + "\"ResetRemaining\":" + report.remaining() + ","
                + "\"OldestDueCycleAgeSeconds\":" + Math.max(0, report.oldestDueAge().toSeconds()) + "}";
    }
}
