package dev.metering.monthlyreset;

import dev.metering.store.reset.ResetReport;

/** The run's report as the contract shows it: money as USD strings. */
public record ResetOutput(String asOf, boolean dryRun, long cyclesClosed, String creditExpiredUsd, String extraUsageBilledUsd,
                          long alreadyClosed, long remaining, long failed) {

    public static ResetOutput of(ResetReport r) {
        return new ResetOutput(r.asOf(), r.dryRun(), r.cyclesClosed(), r.creditExpired().toUsdString(),
                r.extraUsageBilled().toUsdString(), r.alreadyClosed(), r.remaining(), r.failed());
    }
}
