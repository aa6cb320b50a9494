package dev.metering.bench;

import static org.assertj.core.api.Assertions.assertThat;

import dev.metering.bench.WriteCost.Recorder;
import dev.metering.bench.WriteCost.Row;
import org.junit.jupiter.api.Test;

/**
 * The counts the benchmark prints are exact on an engine without faults, so they are checked here:
 * a wrong count would make every figure in the README wrong. Timings are never asserted.
 */
class WriteCostTest {

    @Test
    void aBatchOf100Over10AccountsIsOneReadOfAccountsOneOfCyclesAndOneTransactionPerAccount() {
        Row row = WriteCost.measure(Recorder.BATCHED, 100, 10, 100);
        assertThat(row.counted().transactions()).isEqualTo(10);
        assertThat(row.counted().itemWrites()).as("10 cycle items + 100 ledger entries").isEqualTo(110);
        assertThat(row.counted().roundTrips()).as("2 batch reads + 10 transactions").isEqualTo(12);
        assertThat(row.writesPerEvent()).isEqualTo(1.1);
    }

    @Test
    void theNaiveRecorderPaysATransactionAndTwoReadsPerEvent() {
        Row row = WriteCost.measure(Recorder.NAIVE, 1, 3, 12);
        assertThat(row.counted().transactions()).isEqualTo(12);
        assertThat(row.counted().itemWrites()).isEqualTo(24);
        assertThat(row.counted().roundTrips()).isEqualTo(36);
    }
}
