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
import java.util.ArrayList;
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

    /** The request contradicts the account's state (HTTP 409). */
    public static final class Conflict extends RuntimeException {
        public Conflict(String message) {
            super(message);
        }
    }

    /** Creating an account needs its anchor (HTTP 400 on the {@code anchor} field). */
    public static final class AnchorRequired extends RuntimeException {
        public AnchorRequired() {
            super("anchor: required to create an account");
        }
    }

    /**
     * What an admin sets on an account; {@code anchor} is needed only to create it, {@code zone}
     * defaults to UTC when it is created.
     */
    public record Settings(String plan, String organizationId, Instant anchor, ZoneId zone) {}

    /** Whether {@link #put} created the account. */
    public record PutResult(Account account, boolean created) {}

    /**
     * Creates the account, or changes its plan and organization. An upgrade takes effect at once and
     * grants the difference (credit only if claimed); a downgrade waits for the next cycle; a cycle
     * is never granted a full plan twice. The anchor and time zone cannot change once set.
     */
    public PutResult put(String accountId, Settings settings) {
        plans.require(settings.plan());
        for (int attempt = 1; ; attempt++) {
            Instant now = clock.instant();
            Optional<Account> state = store.findAccount(accountId);
            if (state.isEmpty()) {
                if (settings.anchor() == null) {
                    throw new AnchorRequired();
                }
                try {
                    return new PutResult(create(new NewAccount(accountId, settings.plan(), settings.organizationId(), settings.anchor(),
                            settings.zone() == null ? ZoneId.of("UTC") : settings.zone(), false, null)), true);
                } catch (MeteringStore.AccountExists raced) {
                    continue;
                }
            }
            Account account = state.get();
            if (settings.anchor() != null && !settings.anchor().truncatedTo(ChronoUnit.MILLIS).equals(account.anchor())) {
                throw new Conflict("anchor cannot change once the account exists (it is " + account.anchor() + ")");
            }
            if (settings.zone() != null && !settings.zone().equals(account.zone())) {
                throw new Conflict("timeZone cannot change once the account exists (it is " + account.zone().getId() + ")");
            }
            Cycle current = account.calendar().cycleContaining(now);
            Optional<CyclePools> stored = store.findCycle(accountId, current.start());
            CyclePools before = stored.orElseGet(() -> opening.open(account, current));
            Plan cyclePlan = plans.require(before.plan());
            Plan wanted = plans.require(settings.plan());
            List<LedgerEntry> entries = new ArrayList<>(stored.isPresent() ? List.of() : OpeningGrants.of(before, now));
            CyclePools after = null;
            Account changed;
            if (wanted.id().equals(cyclePlan.id())) {
                changed = account.withPlan(wanted.id(), settings.organizationId(), null, null);
            } else if (wanted.isUpgradeFrom(cyclePlan)) {
                after = upgrade(before, cyclePlan, wanted, now, entries);
                changed = account.withPlan(wanted.id(), settings.organizationId(), null, null);
            } else {
                changed = account.withPlan(account.plan(), settings.organizationId(), wanted.id(), current.end());
            }
            if (after == null && stored.isEmpty()) {
                after = before;
            }
            if (store.writeSettings(account, changed, before, after, entries)) {
                return new PutResult(changed, false);
            }
            retryOrGiveUp(attempt, accountId);
        }
    }

    private CyclePools upgrade(CyclePools before, Plan from, Plan to, Instant now, List<LedgerEntry> entries) {
        Money credit = before.claimed() ? Money.max(Money.ZERO, to.programmaticCredit().minus(from.programmaticCredit())) : Money.ZERO;
        Money allowance = Money.max(Money.ZERO, to.interactiveAllowance().minus(from.interactiveAllowance()));
        String id = "upgrade:" + before.cycle().start().getEpochSecond() + ":" + to.id();
        String reason = "upgrade from " + from.id() + " to " + to.id();
        CyclePools after = before.withPlan(to.id());
        if (credit.isPositive()) {
            after = after.with(after.programmatic().grant(credit, now));
            entries.add(LedgerEntry.movement(id + ":programmatic", EntryKind.GRANT, PoolKind.PROGRAMMATIC, now, before.cycle().start(), credit, reason));
        }
        if (allowance.isPositive()) {
            after = after.with(after.interactive().grant(allowance, now));
            entries.add(LedgerEntry.movement(id + ":interactive", EntryKind.GRANT, PoolKind.INTERACTIVE, now, before.cycle().start(), allowance, reason));
        }
        return after;
    }

    /**
     * Turns extra usage on or off and sets its cap ({@code null}: none), for this cycle at once and
     * for the cycles to come. Enabling or raising the cap resumes a paused pool; a cap below what
     * has accrued pauses it.
     */
    public Account setExtraUsage(String accountId, boolean enabled, Money cap) {
        for (int attempt = 1; ; attempt++) {
            Current current = current(accountId);
            CyclePools after = current.before.with(current.before.programmatic().withExtraUsageSettings(enabled, cap, current.now));
            Account changed = current.account.withExtraUsage(enabled, cap);
            if (store.writeSettings(current.account, changed, current.before, after, current.openingGrants())) {
                return changed;
            }
            retryOrGiveUp(attempt, accountId);
        }
    }

    /**
     * Credits (positive) or debits (negative) a pool of the current cycle as an ADJUSTMENT entry.
     * Taking back more than remains is refused: granted = used + remaining + expired must hold.
     *
     * @param adjustmentId the caller's id for the adjustment, so that a retried request is applied once
     */
    public void adjust(String accountId, PoolKind kind, Money amount, String reason, String adjustmentId) {
        for (int attempt = 1; ; attempt++) {
            Current current = current(accountId);
            CyclePools before = current.before;
            if (amount.isNegative() && amount.negate().compareTo(before.pool(kind).remaining()) > 0) {
                throw new Conflict("cannot take back " + amount.negate().toUsdString() + ": only "
                        + before.pool(kind).remaining().toUsdString() + " of the " + kind + " pool remains");
            }
            CyclePools after = before.with(before.pool(kind).grant(amount, current.now));
            List<LedgerEntry> entries = new ArrayList<>(current.openingGrants());
            entries.add(LedgerEntry.movement("adj:" + adjustmentId, EntryKind.ADJUSTMENT, kind, current.now, before.cycle().start(),
                    amount, reason));
            if (store.writeSettings(current.account, current.account.touched(), before, after, entries)) {
                return;
            }
            if (store.ledgerEntryExists(accountId, "adj:" + adjustmentId)) {
                throw new Conflict("adjustment " + adjustmentId + " was already applied");
            }
            retryOrGiveUp(attempt, accountId);
        }
    }

    /** An account as read, with its current cycle (as stored, or as it would open). */
    private record Current(Account account, Instant now, CyclePools before, boolean stored) {
        List<LedgerEntry> openingGrants() {
            return stored ? List.of() : OpeningGrants.of(before, now);
        }
    }

    private Current current(String accountId) {
        Instant now = clock.instant();
        Account account = store.findAccount(accountId).orElseThrow(() -> new UnknownAccount(accountId));
        Cycle cycle = account.calendar().cycleContaining(now);
        Optional<CyclePools> stored = store.findCycle(accountId, cycle.start());
        return new Current(account, now, stored.orElseGet(() -> opening.open(account, cycle)), stored.isPresent());
    }

    private void retryOrGiveUp(int attempt, String accountId) {
        if (attempt >= store.config().maxAttempts()) {
            throw new IllegalStateException("settings of " + accountId + " kept conflicting with concurrent writes");
        }
        Backoff.sleep(store.config(), attempt);
    }

    /** The account does not exist. */
    public static final class UnknownAccount extends RuntimeException {
        public UnknownAccount(String accountId) {
            super("unknown account: " + accountId);
        }
    }
}
