package dev.metering.monthlyreset;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class ResetRequestTest {

    private static final Instant NOW = Instant.parse("2026-11-26T20:00:00Z");
    private final ObjectMapper json = new ObjectMapper();

    @Test
    void explicitAsOfAndDryRun() throws Exception {
        assertThat(ResetRequest.of(json.readTree("{\"asOf\": \"2026-12-01T01:00:00Z\", \"dryRun\": true}"), NOW))
                .isEqualTo(new ResetRequest(Instant.parse("2026-12-01T01:00:00Z"), true));
    }

    @Test
    void theSchedulersTimeWhenNoAsOf() throws Exception {
        assertThat(ResetRequest.of(json.readTree("{\"time\": \"2026-12-01T02:00:00+01:00\", \"source\": \"aws.scheduler\"}"), NOW))
                .isEqualTo(new ResetRequest(Instant.parse("2026-12-01T01:00:00Z"), false));
    }

    @Test
    void nowWhenTheInputSaysNothing() throws Exception {
        assertThat(ResetRequest.of(json.readTree("{}"), NOW)).isEqualTo(new ResetRequest(NOW, false));
        assertThat(ResetRequest.of(null, NOW)).isEqualTo(new ResetRequest(NOW, false));
    }

    @Test
    void badInputIsRefusedWithTheField() throws Exception {
        assertThatThrownBy(() -> ResetRequest.of(json.readTree("{\"asOf\": 12}"), NOW)).hasMessageStartingWith("asOf:");
        assertThatThrownBy(() -> ResetRequest.of(json.readTree("{\"asOf\": \"2026-12-01\"}"), NOW)).hasMessageStartingWith("asOf:");
        assertThatThrownBy(() -> ResetRequest.of(json.readTree("{\"dryRun\": \"yes\"}"), NOW)).hasMessageStartingWith("dryRun:");
        assertThatThrownBy(() -> ResetRequest.of(json.readTree("[1]"), NOW)).hasMessageStartingWith("input:");
    }
}
