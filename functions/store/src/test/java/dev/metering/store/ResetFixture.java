package dev.metering.store;

import dev.metering.core.cycle.CycleOpening;
import dev.metering.store.Deadline;
import dev.metering.store.reset.MonthlyReset;
import dev.metering.store.reset.ResetReport;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;

/** Runs the monthly reset over a fixture's table as if the scheduler fired at a given instant. */
final class ResetFixture {

    private final StoreFixture fixture;

    ResetFixture(StoreFixture fixture) {
        this.fixture = fixture;
    }

    MonthlyReset at(Instant now) {
        return at(now, fixture.store());
    }

    /** The reset over a store of the caller's, e.g. one whose client injects faults. */
    MonthlyReset at(Instant now, MeteringStore store) {
        return new MonthlyReset(store, new CycleOpening(fixture.catalogs.plans()), MonthlyReset.DEFAULT_GRACE,
                Clock.fixed(now, ZoneOffset.UTC));
    }

    ResetReport run(Instant asOf) {
        return at(asOf).run(asOf, false, Deadline.none());
    }
}
