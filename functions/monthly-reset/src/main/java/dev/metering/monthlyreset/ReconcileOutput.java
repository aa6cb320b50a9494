package dev.metering.monthlyreset;

import dev.metering.core.ledger.Reconciliation;
import java.time.Instant;
import java.util.List;

/** A reconciliation as the contract shows it: each differing field, money as USD strings. */
public record ReconcileOutput(String accountId, String cycleStart, List<DifferenceView> differences) {

    public record DifferenceView(String pool, String field, String stored, String fromLedger) {}

    public static ReconcileOutput of(String accountId, Instant cycleStart, List<Reconciliation.Difference> differences) {
        return new ReconcileOutput(accountId, cycleStart.toString(), differences.stream()
                .map(d -> new DifferenceView(d.pool().name(), d.field(), d.stored().toUsdString(), d.fromLedger().toUsdString()))
                .toList());
    }
}
