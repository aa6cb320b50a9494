package dev.metering.bench;

import static org.assertj.core.api.Assertions.assertThat;

import dev.metering.core.usage.UsageCell;
import java.time.ZoneOffset;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

/**
 * A cycle of 10,000 events: the reads of its usage (account, cycle, cells) cost at most 3 round
 * trips, counted at the SDK seam, and the cells add up to exactly what its ledger holds.
 */
class UsageReadTest {

    @Test
    void theUsageOfACycleOf10000EventsCostsAtMost3RoundTripsAndMatchesItsLedger() {
        UsageRead.Result r = UsageRead.measure(10_000);
        assertThat(r.cellRoundTrips()).isLessThanOrEqualTo(3);
        assertThat(r.ledger()).hasSizeGreaterThan(10_000);
        assertThat(byKey(r.cells())).isEqualTo(byKey(UsageCell.of(r.ledger(), ZoneOffset.UTC)));
        assertThat(r.cells().stream().mapToLong(UsageCell::events).sum()).isEqualTo(10_000);
        // 3 models x 4 sources meet in 12 pairs, each on each of the (at most four) days 60 hours touch.
        assertThat(r.cells()).hasSizeBetween(12, 48);
    }

    private static Map<UsageCell.Key, UsageCell> byKey(Iterable<UsageCell> cells) {
        Map<UsageCell.Key, UsageCell> out = new TreeMap<>();
        cells.forEach(c -> out.put(c.key(), c));
        return out;
    }
}
