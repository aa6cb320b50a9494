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
                .isEqualTo(new ResetRequest(Instant.parse("2026-12-01T01:00:00Z"), true, null));
    }

    @Test
    void theSchedulersTimeWhenNoAsOf() throws Exception {
        assertThat(ResetRequest.of(json.readTree("{\"time\": \"2026-12-01T02:00:00+01:00\", \"source\": \"aws.scheduler\"}"), NOW))
                .isEqualTo(new ResetRequest(Instant.parse("2026-12-01T01:00:00Z"), false, null));
    }

    @Test
    void nowWhenTheInputSaysNothing() throws Exception {
        assertThat(ResetRequest.of(json.readTree("{}"), NOW)).isEqualTo(new ResetRequest(NOW, false, null));
        assertThat(ResetRequest.of(null, NOW)).isEqualTo(new ResetRequest(NOW, false, null));
    }

    @Test
    void badInputIsRefusedWithTheField() throws Exception {
        assertThatThrownBy(() -> ResetRequest.of(json.readTree("{\"asOf\": 12}"), NOW)).hasMessageStartingWith("asOf:");
        assertThatThrownBy(() -> ResetRequest.of(json.readTree("{\"asOf\": \"2026-12-01\"}"), NOW)).hasMessageStartingWith("asOf:");
        assertThatThrownBy(() -> ResetRequest.of(json.readTree("{\"dryRun\": \"yes\"}"), NOW)).hasMessageStartingWith("dryRun:");
        assertThatThrownBy(() -> ResetRequest.of(json.readTree("[1]"), NOW)).hasMessageStartingWith("input:");
    }

    @Test
    void aReconcileNamesTheCycle() throws Exception {
        assertThat(ResetRequest.of(json.readTree("{\"reconcile\": {\"accountId\": \"acct_1\", \"cycleStart\": \"2026-11-17T08:00:00Z\"}}"), NOW))
                .isEqualTo(new ResetRequest(NOW, false, new ResetRequest.Reconcile("acct_1", Instant.parse("2026-11-17T08:00:00Z"))));
        assertThatThrownBy(() -> ResetRequest.of(json.readTree("{\"reconcile\": {\"accountId\": \"a\"}}"), NOW))
                .hasMessageStartingWith("reconcile.cycleStart:");
        assertThatThrownBy(() -> ResetRequest.of(json.readTree("{\"reconcile\": {\"accountId\": \"a\", \"cycleStart\": \"2026-11-17T08:00:00Z\", \"fix\": true}}"), NOW))
                .hasMessageStartingWith("reconcile.fix: unknown field");
    }
}
