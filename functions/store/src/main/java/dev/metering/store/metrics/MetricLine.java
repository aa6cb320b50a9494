package dev.metering.store.metrics;

import java.io.PrintStream;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * A function's CloudWatch metrics in the embedded metric format: one JSON line on standard output,
 * which Lambda sends to the function's log and CloudWatch turns into metrics of namespace
 * {@value #NAMESPACE} with the dimension {@code Function}. Each function declares the metrics it
 * publishes once ({@link #declared()}), which is what the template's dashboard and alarms are
 * checked against; a value for a metric it did not declare is a programming error. One line of
 * fixed text per invocation: no library, no background sender, nothing to load at a cold start.
 */
public final class MetricLine {

    public static final String NAMESPACE = "Metering";

    /** A metric and its CloudWatch unit. */
    public record Metric(String name, String unit) {

        public static Metric count(String name) {
            return new Metric(name, "Count");
        }

        public static Metric seconds(String name) {
            return new Metric(name, "Seconds");
        }
    }

    private final String function;
    private final List<Metric> declared;

    public MetricLine(String function, List<Metric> declared) {
        this.function = function;
        this.declared = List.copyOf(declared);
    }

    public String function() {
        return function;
    }

    /** The metrics this function publishes, in the order they are written. */
    public List<Metric> declared() {
        return declared;
    }

    public Set<String> names() {
        return declared.stream().map(Metric::name).collect(Collectors.toCollection(java.util.LinkedHashSet::new));
    }

    /** The line for these values; a declared metric with no value (none measured this time) is left out. */
    public String line(long epochMillis, Map<String, Long> values) {
        Map<String, Long> known = new LinkedHashMap<>();
        for (String name : values.keySet()) {
            if (!names().contains(name)) {
                throw new IllegalArgumentException(function + " declares no metric " + name);
            }
        }
        StringBuilder metrics = new StringBuilder();
        for (Metric m : declared) {
            Long value = values.get(m.name());
            if (value != null) {
                known.put(m.name(), value);
                metrics.append(metrics.isEmpty() ? "" : ",").append("{\"Name\":\"").append(m.name()).append("\",\"Unit\":\"")
                        .append(m.unit()).append("\"}");
            }
        }
        StringBuilder line = new StringBuilder("{\"_aws\":{\"Timestamp\":").append(epochMillis)
                .append(",\"CloudWatchMetrics\":[{\"Namespace\":\"").append(NAMESPACE).append("\",\"Dimensions\":[[\"Function\"]],\"Metrics\":[")
                .append(metrics).append("]}]},\"Function\":\"").append(function).append('"');
        known.forEach((name, value) -> line.append(",\"").append(name).append("\":").append(value));
        return line.append('}').toString();
    }

    public void publish(long epochMillis, Map<String, Long> values, PrintStream out) {
        out.println(line(epochMillis, values));
        out.flush();
    }
}
