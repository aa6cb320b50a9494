package dev.metering.poolapi;

import dev.metering.core.account.Account;
import dev.metering.core.cycle.Cycle;
import dev.metering.core.cycle.CycleOpening;
import dev.metering.core.cycle.CyclePools;
import dev.metering.store.MeteringStore;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.time.Clock;
import java.time.Instant;

/** Reads for the API: an account, and the pools of the cycle containing an instant. */
@ApplicationScoped
public class PoolQueries {

    @Inject
    MeteringStore store;

    @Inject
    CycleOpening opening;

    @Inject
    Clock clock;

    Instant now() {
        return clock.instant();
    }

    Account account(String accountId) {
        return store.findAccount(accountId).orElseThrow(() -> ApiProblem.notFound("unknown account: " + accountId));
    }

    /** The pools of the cycle containing {@code at} (now if null); a cycle not opened yet is shown as it would open. */
    CyclePools poolsAt(Account account, Instant at) {
        Instant now = clock.instant();
        Cycle cycle = account.calendar().cycleContaining(at == null ? now : at);
        return store.findCycle(account.id(), cycle.start()).orElseGet(() -> opening.open(account, cycle, now));
    }
}
