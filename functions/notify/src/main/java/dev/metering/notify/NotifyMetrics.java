package dev.metering.notify;

import java.io.PrintStream;

/**
 * One invocation's counts as a CloudWatch embedded-metric line (namespace {@code Metering}):
 * records read, notifications put, records that failed (and come back).
 */
final class NotifyMetrics {

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
        out.println("{\"_aws\":{\"Timestamp\":" + System.currentTimeMillis() + ",\"CloudWatchMetrics\":[{\"Namespace\":\"Metering\","
                + "\"Dimensions\":[[\"Function\"]],\"Metrics\":[{\"Name\":\"StreamRecordsRead\",\"Unit\":\"Count\"},"
                + "{\"Name\":\"NotificationsPut\",\"Unit\":\"Count\"},{\"Name\":\"StreamRecordsFailed\",\"Unit\":\"Count\"}]}]},"
                + "\"Function\":\"notify\",\"StreamRecordsRead\":" + records + ",\"NotificationsPut\":" + notifications
                + ",\"StreamRecordsFailed\":" + failed + "}");
    }
}
