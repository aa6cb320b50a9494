package dev.metering.store.accounts;

import dev.metering.core.account.Account;
import dev.metering.core.cycle.Cycle;
import dev.metering.core.cycle.CycleOpening;
import dev.metering.core.cycle.CyclePools;
import dev.metering.core.ledger.EntryKind;
import dev.metering.core.ledger.LedgerEntry;
import dev.metering.core.ledger.OpeningGrants;
import dev.metering.core.money.Money;
import dev.metering.core.plan.Plan;
import dev.metering.core.plan.PlanCatalog;
import dev.metering.core.source.PoolKind;
import dev.metering.store.Backoff;
import dev.metering.store.MeteringStore;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneId;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Optional;

/** Creating accounts and claiming the programmatic credit. */
public final class AccountService {

    private final MeteringStore store;
    private final PlanCatalog plans;
    private final CycleOpening opening;
    private final Clock clock;

    public AccountService(MeteringStore store, PlanCatalog plans, Clock clock) {
        this.store = store;
        this.plans = plans;
        this.opening = new CycleOpening(plans);
        this.clock = clock;
    }

    /** What a new account starts with. {@code extraUsageCap} null: no cap. */
    public record NewAccount(String id, String plan, String organizationId, Instant anchor, ZoneId zone,
                             boolean extraUsageEnabled, Money extraUsageCap) {}

    /**
     * Creates the account and opens the cycle that contains now, so that its pools exist from the
     * start. The anchor is kept to the millisecond, the precision of the table's keys.
     */
    public Account create(NewAccount request) {
        plans.require(request.plan());
        Instant now = clock.instant();
        Instant anchor = request.anchor().truncatedTo(ChronoUnit.MILLIS);
        Account draft = new Account(request.id(), request.plan(), request.organizationId(), anchor, request.zone(), null,
                null, null, request.extraUsageEnabled(), request.extraUsageCap(), null, 1);
        Cycle first = draft.calendar().cycleContaining(now);
        Account account = new Account(draft.id(), draft.plan(), draft.organizationId(), anchor, draft.zone(), null, null, null,
                draft.extraUsageEnabled(), draft.extraUsageCap(), first.start(), 1);
        CyclePools pools = opening.open(account, first);
        store.createAccount(account, pools, OpeningGrants.of(pools, now));
        return account;
    }

    /**
     * Claims the programmatic credit: from now on every cycle grants it, and the current cycle
     * gets it at once. Claiming again changes nothing and grants nothing.
     *
     * @return true if this call made the claim
     */
    public boolean claimCredit(String accountId) {
        for (int attempt = 1; ; attempt++) {
            Instant now = clock.instant();
            Account account = store.findAccount(accountId).orElseThrow(() -> new UnknownAccount(accountId));
            if (account.claimed()) {
                return false;
            }
            Cycle current = account.calendar().cycleContaining(now);
            Optional<CyclePools> stored = store.findCycle(accountId, current.start());
            CyclePools before = stored.orElseGet(() -> opening.open(account, current));
            Plan plan = plans.require(before.plan());
            CyclePools after = before.with(before.programmatic().grant(plan.programmaticCredit(), now)).withClaimed(true);
            LedgerEntry grant = LedgerEntry.movement("grant:claim:" + current.start().getEpochSecond(), EntryKind.GRANT,
                    PoolKind.PROGRAMMATIC, now, current.start(), plan.programmaticCredit(),
                    "programmatic credit claimed on plan " + plan.id());
            if (store.claim(account, now, before, after, grant,
                    stored.isPresent() ? List.of() : OpeningGrants.of(before, now))) {
                return true;
            }
            if (attempt >= store.config().maxAttempts()) {
                throw new IllegalStateException("claim of " + accountId + " kept conflicting with concurrent writes");
            }
            Backoff.sleep(store.config(), attempt);
        }
    }

    /** The account does not exist. */
    public static final class UnknownAccount extends RuntimeException {
        public UnknownAccount(String accountId) {
            super("unknown account: " + accountId);
        }
    }
}
