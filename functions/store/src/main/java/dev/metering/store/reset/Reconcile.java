package dev.metering.store.reset;

import dev.metering.core.cycle.CyclePools;
import dev.metering.core.ledger.Reconciliation;
import dev.metering.store.MeteringStore;
import java.time.Instant;
import java.util.List;

/**
 * Recomputes one cycle's totals from its ledger and reports where they differ from the stored
 * pools. It reads only: the cycle item (consistently) and the cycle's ledger through the index,
 * which may lag a write of the last moment by a fraction of a second.
 */
public final class Reconcile {

    /** The cycle that was asked about does not exist. */
    public static final class UnknownCycle extends IllegalArgumentException {
        public UnknownCycle(String accountId, Instant cycleStart) {
            super("reconcile: no cycle of " + accountId + " starts at " + cycleStart);
        }
    }

    private final MeteringStore store;

    public Reconcile(MeteringStore store) {
        this.store = store;
    }

    public List<Reconciliation.Difference> run(String accountId, Instant cycleStart) {
        CyclePools cycle = store.findCycle(accountId, cycleStart).orElseThrow(() -> new UnknownCycle(accountId, cycleStart));
        return Reconciliation.differences(cycle, store.ledger(accountId, cycleStart));
    }
}
