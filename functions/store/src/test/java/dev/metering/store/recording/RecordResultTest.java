package dev.metering.store.recording;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.entry;

import java.util.List;
import org.junit.jupiter.api.Test;

class RecordResultTest {

    @Test
    void aBatchIsSummedUpByStatusInTheStatusesOrder() {
        IncomingEvent in = new IncomingEvent("d", "{}");
        List<RecordResult> results = List.of(RecordResult.retry(in, "e1", "a", "throttled"), RecordResult.quarantined(in, "e2", "a", "bad"),
                RecordResult.retry(in, "e3", "a", "throttled"), RecordResult.duplicate(in, "e4", "a", null));

        assertThat(RecordResult.countByStatus(results)).containsExactly(
                entry(RecordStatus.DUPLICATE, 1L), entry(RecordStatus.QUARANTINED, 1L), entry(RecordStatus.RETRY, 2L));
        assertThat(RecordResult.countByStatus(List.of())).isEmpty();
    }
}
