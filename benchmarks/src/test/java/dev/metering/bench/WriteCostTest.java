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
        assertThat(row.counted().itemWrites()).as("10 cycle items + 100 ledger entries + 10 usage cells").isEqualTo(120);
        assertThat(row.counted().roundTrips()).as("the price rows read (a new function's first batch, then once a minute), "
                + "2 batch reads + 10 transactions").isEqualTo(13);
        assertThat(row.writesPerEvent()).isEqualTo(1.2);
        assertThat(row.writeUnits()).as("each item under 1 KB: 2 WCU per transactional write").isEqualTo(240);
        assertThat(row.writeUnitsPerEvent()).isLessThanOrEqualTo(3.0);
    }

    @Test
    void twoTagsAndTwoBudgetsAddABudgetItemAndTwoTagCellsPerAccountAndNoRoundTrip() {
        Row row = WriteCost.measure(Recorder.BATCHED, 100, 10, 100, WriteCost.Scenario.BUDGETS);
        assertThat(row.counted().transactions()).isEqualTo(10);
        assertThat(row.counted().itemWrites()).as("10 cycle items + 100 ledger entries + 10 usage cells + 10 budget items + 20 tag cells")
                .isEqualTo(150);
        assertThat(row.writesPerEvent()).isEqualTo(1.5);
        assertThat(row.counted().roundTrips()).as("the price rows read, 2 batch reads (accounts with their budgets, cycles with their tags), "
                + "10 transactions").isEqualTo(13);
        assertThat(row.counted().conditionChecks()).isZero();
        assertThat(row.writeUnitsPerEvent()).as("each item under 1 KB: 2 WCU per transactional write").isEqualTo(3.0);
    }

    @Test
    void theNaiveRecorderPaysATransactionAndTwoReadsPerEvent() {
        Row row = WriteCost.measure(Recorder.NAIVE, 1, 3, 12);
        assertThat(row.counted().transactions()).isEqualTo(12);
        assertThat(row.counted().itemWrites()).as("its cycle item, ledger entry and usage cell per event").isEqualTo(36);
        assertThat(row.counted().roundTrips()).as("the price rows read once, then 3 an event").isEqualTo(37);
        assertThat(row.writeUnits()).isEqualTo(72);
    }
}
