package dev.metering.monthlyreset;

import com.fasterxml.jackson.annotation.JsonInclude;
import dev.metering.store.reset.ResetReport;

/**
 * The run's report as the contract shows it: money as USD strings. A run that fanned out closed
 * nothing itself: it reports the cycles due as {@code remaining} and how many closers it handed
 * them to ({@code closersQueued}, absent on a run that closed them itself).
 */
public record ResetOutput(String asOf, boolean dryRun, long cyclesClosed, String creditExpiredUsd, String extraUsageBilledUsd,
                          long alreadyClosed, long remaining, long failed,
                          @JsonInclude(JsonInclude.Include.NON_NULL) Integer closersQueued) {

    private static final String NONE = "0.000000000";

    public static ResetOutput of(ResetReport r) {
        return new ResetOutput(r.asOf(), r.dryRun(), r.cyclesClosed(), r.creditExpired().toUsdString(),
                r.extraUsageBilled().toUsdString(), r.alreadyClosed(), r.remaining(), r.failed(), null);
    }

    public static ResetOutput dispatched(String asOf, boolean dryRun, long due, int closers) {
        return new ResetOutput(asOf, dryRun, 0, NONE, NONE, 0, due, 0, closers);
    }
}
