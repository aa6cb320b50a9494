package dev.metering.store.accounts;

import dev.metering.core.account.Account;
import dev.metering.core.account.AccountChange;
import dev.metering.core.account.Terms;
import dev.metering.core.cycle.Cycle;
import dev.metering.core.cycle.CycleOpening;
import dev.metering.core.cycle.CyclePools;
import dev.metering.core.cycle.TermsChange;
import dev.metering.core.data.Sha256;
import dev.metering.core.ledger.EntryKind;
import dev.metering.core.ledger.LedgerEntry;
import dev.metering.core.ledger.OpeningGrants;
import dev.metering.core.money.Money;
import dev.metering.core.plan.Plan;
import dev.metering.core.plan.PlanCatalog;
import dev.metering.core.source.PoolKind;
import dev.metering.store.Backoff;
import dev.metering.store.MeteringStore;
import dev.metering.store.MeteringStore.CycleKey;
import dev.metering.store.MeteringStore.CycleWrite;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneId;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Function;

/**
 * Creating accounts and changing their terms: the claim of the credit, the plan, the extra-usage
 * settings, and adjustments. Every change is recorded in the account's history with who made it,
 * and reaches the cycle containing now and any later cycle already opened (by an event stamped a
 * few minutes ahead), in the same transaction.
 */
public final class AccountService {

    private final MeteringStore store;
    private final PlanCatalog plans;
    private final CycleOpening opening;
    private final TermsChange terms;
    private final Clock clock;

    public AccountService(MeteringStore store, PlanCatalog plans, Clock clock) {
        this.store = store;
        this.plans = plans;
        this.opening = new CycleOpening(plans);
        this.terms = new TermsChange(plans);
        this.clock = clock;
    }

    /** What a new account starts with. {@code extraUsageCap} null: no cap. */
    public record NewAccount(String id, String plan, String organizationId, Instant anchor, ZoneId zone,
                             boolean extraUsageEnabled, Money extraUsageCap) {}

    public Account create(NewAccount request) {
        return create(request, null);
    }

    /**
     * Creates the account and opens the cycle that contains now, so that its pools exist from the
     * start. The anchor is kept to the millisecond, the precision of the table's keys.
     *
     * @param by who creates it (the caller's subject), kept in its history
     */
    public Account create(NewAccount request, String by) {
        plans.require(request.plan());
        Instant now = clock.instant();
        Instant anchor = request.anchor().truncatedTo(ChronoUnit.MILLIS);
        Cycle first = new dev.metering.core.cycle.BillingCalendar(anchor, request.zone()).cycleContaining(now);
        Account account = new Account(request.id(), request.organizationId(), anchor, request.zone(), first.start(), List.of(
                AccountChange.plan(now, first.start(), by, request.plan()),
                AccountChange.extraUsage(now, first.start(), by, request.extraUsageEnabled(), request.extraUsageCap())), 1);
        CyclePools pools = opening.open(account, first, now);
        store.createAccount(account, pools, OpeningGrants.of(pools, now));
        return account;
    }

    public boolean claimCredit(String accountId) {
        return claimCredit(accountId, null);
    }

    /**
     * Claims the programmatic credit: from now on every cycle grants it, and the current cycle (and
     * a next one opened already) gets it at once. Claiming again changes nothing and grants nothing.
     *
     * @return true if this call made the claim
     */
    public boolean claimCredit(String accountId, String by) {
        return claim(accountId, by).changed();
    }

    /** As {@link #claimCredit(String, String)}, with the account and its current cycle as they stand after it. */
    public Outcome claim(String accountId, String by) {
        return change(accountId, by, (account, now, current) ->
                account.claimed() ? null : account.with(AccountChange.claim(now, by)));
    }

    /**
     * What a change leaves: the account and the pools of the cycle containing now (as they would open,
     * if no event opened them yet), and whether this call changed anything.
     */
    public record Outcome(Account account, CyclePools current, boolean changed) {}

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
     * defaults to UTC when it is created. {@code organizationGiven} false: the organization stays as
     * it is (true with a null {@code organizationId}: the seat leaves its organization).
     */
    public record Settings(String plan, boolean organizationGiven, String organizationId, Instant anchor, ZoneId zone) {

        /** Settings that name the organization (null: none). */
        public Settings(String plan, String organizationId, Instant anchor, ZoneId zone) {
            this(plan, true, organizationId, anchor, zone);
        }
    }

    /**
     * How many cycles before the current one a change keeps the terms of: a reset this late still
     * finds each one's terms; one later still fails that account's close, counted and named, rather
     * than open a cycle on terms it cannot know.
     */
    public static final int TERMS_KEPT_FOR_CYCLES = 24;

    /** The last instant of each of the cycles before {@code current}, as far back as the terms are kept (none before the first). */
    static List<Instant> lastInstantsBefore(Account account, Cycle current) {
        List<Instant> points = new ArrayList<>();
        Cycle cycle = current;
        for (int i = 0; i < TERMS_KEPT_FOR_CYCLES && cycle.start().isAfter(account.firstCycleStart()); i++) {
            points.add(cycle.start().minusNanos(1));
            cycle = account.calendar().cycleContaining(cycle.start().minusNanos(1));
        }
        return points;
    }

    /** Whether {@link #put} created the account. */
    public record PutResult(Account account, boolean created) {}

    public PutResult put(String accountId, Settings settings) {
        return put(accountId, settings, null);
    }

    /**
     * Creates the account, or changes its plan and organization. An upgrade takes effect at once and
     * grants the difference (credit only if claimed); a downgrade takes effect from the next cycle,
     * and corrects that cycle's grant if an early event opened it already; a later plan change
     * cancels a downgrade still waiting. The anchor and time zone cannot change once set.
     */
    public PutResult put(String accountId, Settings settings, String by) {
        plans.require(settings.plan());
        // Two reads at most: a create that lost its race finds the winner's account on the second.
        for (int attempt = 1; ; attempt++) {
            Optional<Account> state = store.findAccount(accountId);
            if (state.isEmpty()) {
                if (settings.anchor() == null) {
                    throw new AnchorRequired();
                }
                try {
                    return new PutResult(create(new NewAccount(accountId, settings.plan(), settings.organizationId(), settings.anchor(),
                            settings.zone() == null ? ZoneId.of("UTC") : settings.zone(), false, null), by), true);
                } catch (MeteringStore.AccountExists raced) {
                    if (attempt == 2) {
                        throw raced;
                    }
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
            return new PutResult(change(accountId, account, by, (a, now, current) -> planChange(a, now, current, settings, by))
                    .account(), false);
        }
    }

    private Account planChange(Account account, Instant now, CyclePools current, Settings settings, String by) {
        Account after = account;
        Plan wanted = plans.require(settings.plan());
        Plan cyclePlan = plans.require(current.plan());
        boolean waiting = account.pendingPlan(now).isPresent();
        if (!wanted.id().equals(cyclePlan.id()) || waiting) {
            boolean later = !wanted.id().equals(cyclePlan.id()) && !wanted.isUpgradeFrom(cyclePlan);
            after = after.with(AccountChange.plan(now, later ? current.cycle().end() : now, by, wanted.id()));
        }
        if (settings.organizationGiven() && !Objects.equals(settings.organizationId(), account.organizationId())) {
            after = after.withOrganization(settings.organizationId());
        }
        return after == account ? null : after;
    }

    public Account setExtraUsage(String accountId, boolean enabled, Money cap) {
        return setExtraUsage(accountId, enabled, cap, null);
    }

    /**
     * Turns extra usage on or off and sets its cap ({@code null}: none), for this cycle at once and
     * for the cycles to come. Enabling or raising the cap resumes a paused pool; a cap below what
     * has accrued pauses it.
     */
    public Account setExtraUsage(String accountId, boolean enabled, Money cap, String by) {
        return extraUsage(accountId, enabled, cap, by).account();
    }

    /** As {@link #setExtraUsage(String, boolean, Money, String)}, with the current cycle as it stands after it. */
    public Outcome extraUsage(String accountId, boolean enabled, Money cap, String by) {
        return change(accountId, by, (account, now, current) -> {
            Terms inForce = account.termsAt(now);
            // The settings in force again: nothing to record, nothing to write.
            boolean same = inForce.extraUsageEnabled() == enabled && Objects.equals(inForce.extraUsageCap(), cap);
            return same ? null : account.with(AccountChange.extraUsage(now, now, by, enabled, cap));
        });
    }

    /** Decides the account's next version from the account and its current cycle as read; null: nothing to change. */
    @FunctionalInterface
    private interface Rule {
        Account next(Account account, Instant now, CyclePools current);
    }

    /**
     * Reads the account with its current and next cycle (one round trip), applies the rule, brings
     * each open cycle the change reaches to the account's new terms, and writes it all in one
     * transaction; retries from a fresh read when a concurrent write got in first. Two reads (the
     * account, then both cycles in one batch) and one write, whatever the change.
     */
    private Outcome change(String accountId, String by, Rule rule) {
        return change(accountId, null, by, rule);
    }

    /** As {@link #change(String, String, Rule)}, starting from {@code read}, the account as just read (null: read it). */
    private Outcome change(String accountId, Account read, String by, Rule rule) {
        Account fresh = read;
        for (int attempt = 1; ; attempt++) {
            Instant now = clock.instant();
            Account account = fresh != null ? fresh : store.findAccount(accountId).orElseThrow(() -> new UnknownAccount(accountId));
            fresh = null;
            Cycle current = account.calendar().cycleContaining(now);
            Cycle next = account.calendar().next(current);
            Map<CycleKey, CyclePools> stored = store.findCycles(List.of(new CycleKey(accountId, current.start()),
                    new CycleKey(accountId, next.start())));
            CyclePools storedCurrent = stored.get(new CycleKey(accountId, current.start()));
            CyclePools storedNext = stored.get(new CycleKey(accountId, next.start()));
            if (storedCurrent != null && storedCurrent.isClosed()) {
                throw new IllegalStateException("the current cycle " + current.start() + " of " + accountId + " is closed");
            }
            CyclePools currentBefore = storedCurrent != null ? storedCurrent : opening.open(account, current, now);
            Account changed = rule.next(account, now, currentBefore);
            if (changed == null) {
                return new Outcome(account, currentBefore, false);
            }
            // Only what still decides a cycle's terms is kept: the item stays small however many changes are made.
            Account after = changed.compacted(lastInstantsBefore(changed, current), now);
            boolean moved = !Objects.equals(after.organizationId(), account.organizationId());
            List<CycleWrite> writes = new ArrayList<>();
            List<LedgerEntry> entries = new ArrayList<>(storedCurrent == null ? OpeningGrants.of(currentBefore, now) : List.of());
            List<Instant> absent = new ArrayList<>();
            String changeId = "v" + after.version();
            TermsChange.Result atCurrent = terms.apply(currentBefore, after.termsFor(current, now), now, changeId);
            entries.addAll(atCurrent.entries());
            // A seat that moves writes its cycles again, so that what is told of them (the organization's
            // totals among it) follows it from the one organization to the other.
            if (storedCurrent == null || atCurrent.changed(currentBefore) || moved) {
                writes.add(new CycleWrite(currentBefore, atCurrent.after()));
            }
            if (storedNext != null && !storedNext.isClosed()) {
                TermsChange.Result atNext = terms.apply(storedNext, after.termsFor(next, now), now, changeId);
                entries.addAll(atNext.entries());
                if (atNext.changed(storedNext) || moved) {
                    writes.add(new CycleWrite(storedNext, atNext.after()));
                }
            } else if (storedNext == null) {
                // An event stamped ahead may open it at any moment, on the terms it reads: it must not miss this change.
                absent.add(next.start());
            }
            entries.replaceAll(entry -> entry.by(by));
            if (store.writeSettings(account, after, writes, entries, absent)) {
                return new Outcome(after, atCurrent.after(), true);
            }
            retryOrGiveUp(attempt, accountId);
        }
    }

    /**
     * An adjustment as asked: credit (positive) or debit (negative) a pool of the current cycle, with
     * the caller's id for it, so that a retry is answered and never applied twice.
     */
    public record Adjustment(PoolKind pool, Money amount, String reason, String adjustmentId) {

        /** The request's content, whatever its JSON layout: the same id with another content is a conflict. */
        public String fingerprint() {
            return Sha256.hex(pool.name() + "\n" + amount.nanos() + "\n" + reason);
        }
    }

    /** An answer as first given, kept with the adjustment's ledger entry to be given again to a retry. */
    public record Answer(int status, String body) {}

    /**
     * Credits (positive) or debits (negative) a pool of the current cycle as an ADJUSTMENT entry,
     * together with the answer {@code render} makes of the pools after it; a request repeated with
     * the same id and content gets that answer again, as first given. Taking back more than remains
     * is refused: granted = used + remaining + expired must hold.
     *
     * @param status the answer's status the first time (the caller's "created")
     * @throws Conflict when the id was used for another content, or the pool cannot give back that much
     */
    public Answer adjust(String accountId, Adjustment request, String by, int status, Function<CyclePools, String> render) {
        String entryId = "adj:" + request.adjustmentId();
        for (int attempt = 1; ; attempt++) {
            Instant now = clock.instant();
            Account account = store.findAccount(accountId).orElseThrow(() -> new UnknownAccount(accountId));
            Cycle cycle = account.calendar().cycleContaining(now);
            Optional<CyclePools> stored = store.findCycle(accountId, cycle.start());
            CyclePools before = stored.orElseGet(() -> opening.open(account, cycle, now));
            PoolKind kind = request.pool();
            Money amount = request.amount();
            if (amount.isNegative() && amount.negate().compareTo(before.pool(kind).remaining()) > 0) {
                throw new Conflict("cannot take back " + amount.negate().toUsdString() + ": only "
                        + before.pool(kind).remaining().toUsdString() + " of the " + kind + " pool remains");
            }
            CyclePools after;
            try {
                after = before.with(before.pool(kind).adjust(amount, now));
            } catch (ArithmeticException overflow) {
                throw new Conflict("the " + kind + " pool cannot hold " + amount.toUsdString() + " more");
            }
            List<LedgerEntry> entries = new ArrayList<>(stored.isPresent() ? List.of() : OpeningGrants.of(before, now));
            entries.replaceAll(entry -> entry.by(by));
            LedgerEntry adjustment = LedgerEntry.movement(entryId, EntryKind.ADJUSTMENT, kind, now, before.cycle().start(),
                    amount, request.reason()).marked(LedgerEntry.Marks.between(before.pool(kind), after.pool(kind))).by(by);
            Answer answer = new Answer(status, render.apply(after));
            if (store.writeAdjustment(account, new CycleWrite(before, after), entries, adjustment,
                    new MeteringStore.KeptAnswer(request.fingerprint(), answer.status(), answer.body()))) {
                return answer;
            }
            Optional<MeteringStore.KeptAnswer> kept = store.findAnswer(accountId, entryId);
            if (kept.isPresent()) {
                if (!kept.get().fingerprint().equals(request.fingerprint())) {
                    throw new Conflict("adjustment " + request.adjustmentId() + " was made before with another content");
                }
                return new Answer(kept.get().status(), kept.get().body());
            }
            retryOrGiveUp(attempt, accountId);
        }
    }

    private void retryOrGiveUp(int attempt, String accountId) {
        if (attempt >= store.config().changeAttempts()) {
            throw new IllegalStateException("settings of " + accountId + " kept conflicting with concurrent writes ("
                    + attempt + " attempts)");
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
