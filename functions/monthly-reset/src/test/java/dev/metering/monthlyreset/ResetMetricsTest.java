package dev.metering.monthlyreset;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.metering.core.money.Money;
import dev.metering.store.reset.ResetReport;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/** The run's figures as the embedded metric format line that the template's alarms read. */
class ResetMetricsTest {

    @Test
    void theLineDeclaresEachMetricAndCarriesItsValue() throws Exception {
        ResetReport report = new ResetReport("2026-12-01T01:00:00Z", false, 7, Money.ofUsd(3), Money.ZERO, 0, 2, 1,
                Duration.ofMinutes(150));

        JsonNode line = new ObjectMapper().readTree(ResetMetrics.line(report, 1_795_000_000_000L));

        JsonNode declared = line.path("_aws").path("CloudWatchMetrics").get(0);
        assertThat(declared.path("Namespace").asText()).isEqualTo("Metering");
        assertThat(declared.path("Dimensions").get(0).get(0).asText()).isEqualTo("Function");
        assertThat(declared.path("Metrics").findValuesAsText("Name"))
                .containsExactly("ResetCyclesClosed", "ResetFailed", "ResetRemaining", "OldestDueCycleAgeSeconds");
        assertThat(line.path("_aws").path("Timestamp").asLong()).isEqualTo(1_795_000_000_000L);
        assertThat(line.path("Function").asText()).isEqualTo("monthly-reset");
        assertThat(line.path("ResetCyclesClosed").asLong()).isEqualTo(7);
        assertThat(line.path("ResetFailed").asLong()).isEqualTo(1);
        assertThat(line.path("ResetRemaining").asLong()).isEqualTo(2);
        assertThat(line.path("OldestDueCycleAgeSeconds").asLong()).isEqualTo(9_000);
    }
}
