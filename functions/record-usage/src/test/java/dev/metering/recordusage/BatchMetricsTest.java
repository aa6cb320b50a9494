package dev.metering.recordusage;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.metering.core.debit.Split;
import dev.metering.core.money.Money;
import dev.metering.core.source.PoolKind;
import dev.metering.store.recording.RecordResult;
import dev.metering.store.recording.RecordStatus;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import org.junit.jupiter.api.Test;

/** A batch's figures, as one embedded-metric line that CloudWatch reads. */
class BatchMetricsTest {

    private static final Instant NOW = Instant.parse("2026-12-06T12:00:00Z");

    private static RecordResult applied(String id, Instant occurredAt, boolean late) {
        return new RecordResult(id, "evt-" + id, "acct", RecordStatus.APPLIED, PoolKind.PROGRAMMATIC,
                new Split(Money.ofUsd(1), Money.ZERO, Money.ZERO), late, occurredAt, null);
    }

    private static RecordResult other(String id, RecordStatus status) {
        return new RecordResult(id, "evt-" + id, "acct", status, null, null, false, null, "because");
    }

    private static JsonNode published(List<RecordResult> results) throws Exception {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        new BatchMetrics(new PrintStream(bytes, true, StandardCharsets.UTF_8), Clock.fixed(NOW, ZoneOffset.UTC)).publish(results);
        String text = bytes.toString(StandardCharsets.UTF_8);
        assertThat(text.lines()).as("one line a batch").hasSize(1);
        return new ObjectMapper().readTree(text);
    }

    @Test
    void aBatchIsCountedByWhatBecameOfEachEventWithTheLagOfItsMostDelayedDebit() throws Exception {
        JsonNode line = published(List.of(
                applied("1", NOW.minusSeconds(4), false),
                applied("2", NOW.minusSeconds(7_200), true),
                applied("3", NOW.plusSeconds(30), false),
                other("4", RecordStatus.DUPLICATE),
                other("5", RecordStatus.QUARANTINED),
                other("6", RecordStatus.QUARANTINED),
                other("7", RecordStatus.RETRY)));

        JsonNode declared = line.path("_aws").path("CloudWatchMetrics").get(0);
        assertThat(declared.path("Namespace").asText()).isEqualTo("Metering");
        assertThat(declared.path("Dimensions").toString()).isEqualTo("[[\"Function\"]]");
        assertThat(declared.path("Metrics").findValuesAsText("Name")).containsExactlyElementsOf(BatchMetrics.LINE.names());
        assertThat(declared.path("Metrics").findValuesAsText("Unit")).containsExactly("Count", "Count", "Count", "Count", "Count", "Count",
                "Seconds");
        assertThat(line.path("_aws").path("Timestamp").asLong()).isEqualTo(NOW.toEpochMilli());
        assertThat(line.path("Function").asText()).isEqualTo("record-usage");
        assertThat(line.path("EventsReceived").asLong()).isEqualTo(7);
        assertThat(line.path("EventsApplied").asLong()).isEqualTo(3);
        assertThat(line.path("EventsDuplicate").asLong()).isEqualTo(1);
        assertThat(line.path("EventsQuarantined").asLong()).isEqualTo(2);
        assertThat(line.path("EventsRetried").asLong()).isEqualTo(1);
        assertThat(line.path("EventsLate").asLong()).isEqualTo(1);
        assertThat(line.path("EventLagSecondsMax").asLong()).as("an event from the future lags by nothing").isEqualTo(7_200);
    }

    @Test
    void aBatchWithNothingAppliedDeclaresNoLag() throws Exception {
        JsonNode line = published(List.of(other("1", RecordStatus.QUARANTINED)));
        assertThat(line.path("_aws").path("CloudWatchMetrics").get(0).path("Metrics").findValuesAsText("Name"))
                .doesNotContain("EventLagSecondsMax").contains("EventsQuarantined");
        assertThat(line.has("EventLagSecondsMax")).isFalse();
        assertThat(line.path("EventsApplied").asLong()).isZero();
    }

    @Test
    void aValueForAnUndeclaredMetricIsRefused() {
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> BatchMetrics.LINE.line(1L, java.util.Map.of("Typo", 1L)))
                .hasMessage("record-usage declares no metric Typo");
    }
}
