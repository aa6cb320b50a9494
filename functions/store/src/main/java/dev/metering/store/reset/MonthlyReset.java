package dev.metering.store.reset;

import dev.metering.core.account.Account;
import dev.metering.core.cycle.BillingCalendar;
import dev.metering.core.cycle.Cycle;
import dev.metering.core.cycle.CycleOpening;
import dev.metering.core.cycle.CyclePools;
import dev.metering.core.ledger.EntryKind;
import dev.metering.core.ledger.LedgerEntry;
import dev.metering.core.ledger.OpeningGrants;
import dev.metering.core.money.Money;
import dev.metering.store.Backoff;
import dev.metering.store.MeteringStore;
import dev.metering.store.MeteringStore.CycleKey;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import org.jboss.logging.Logger;
import org.jboss.logging.MDC;
import software.amazon.awssdk.core.exception.SdkException;

/**
 * Closes every cycle that ended before {@code asOf} minus the grace period: unused credit expires,
 * the cycle's extra usage becomes an invoice line, and the next cycle opens with its grant. Each
 * close is one transaction; a second run closes nothing; a run that runs out of time stops
 * between closes and reports what remains, and the next run goes on from there.
 */
public final class MonthlyReset {

    private static final Logger LOG = Logger.getLogger(MonthlyReset.class);
    public static final Duration DEFAULT_GRACE = Duration.ofHours(1);

    private final MeteringStore store;
    private final CycleOpening opening;
    private final CloseWriter writer;
    private final DueAccounts due;
    private final Duration grace;
    private final Clock clock;

    public MonthlyReset(MeteringStore store, CycleOpening opening, Duration grace, Clock clock) {
        this.store = store;
        this.opening = opening;
        this.writer = new CloseWriter(store);
        this.due = new DueAccounts(store);
        this.grace = grace;
        this.clock = clock;
    }

    public ResetReport run(Instant asOf, boolean dryRun, Deadline deadline) {
        Instant cutoff = asOf.minus(grace);
        Tally tally = new Tally();
        boolean outOfTime = false;
        for (int shard = 0; shard < DueAccounts.shards() && !outOfTime; shard++) {
            try {
                outOfTime = closeShard(shard, cutoff, dryRun, deadline, tally);
            } catch (SdkException e) {
                // The listing failed past the SDK's retries: the rest of this shard waits for the next run.
                tally.failed++;
                LOG.warnf("shard %d: could not list its due cycles in this run, left for the next: %s", shard, e.getMessage());
            }
        }
        long remaining = outOfTime || tally.failed > 0 ? due.count(cutoff) : 0;
        ResetReport report = new ResetReport(asOf.toString(), dryRun, tally.closed, tally.expired, tally.billed, tally.alreadyClosed, remaining);
        LOG.infof("reset as of %s (cutoff %s)%s: closed %d cycles, expired %s of credit, billed %s of extra usage, %d already closed,"
                        + " %d failures left for the next run, %d remaining",
                asOf, cutoff, dryRun ? " [dry run]" : "", report.cyclesClosed(), report.creditExpired().toUsdString(),
                report.extraUsageBilled().toUsdString(), report.alreadyClosed(), tally.failed, report.remaining());
        return report;
    }

    /** @return true if the deadline stopped it */
    private boolean closeShard(int shard, Instant cutoff, boolean dryRun, Deadline deadline, Tally tally) {
        Iterator<DueAccounts.Due> accounts = due.inShard(shard, cutoff);
        while (accounts.hasNext()) {
            if (deadline.reached()) {
                return true;
            }
            DueAccounts.Due state = accounts.next();
            try {
                closeDueCycles(state, cutoff, dryRun, tally);
            } catch (SdkException e) {
                // Throttled or timed out past the SDK's retries: this cycle stays due, and a close
                // that did commit unseen is found closed by the next run.
                tally.failed++;
                LOG.warnf("account %s: could not close its due cycles in this run, left for the next: %s",
                        state.account().id(), e.getMessage());
            }
        }
        return false;
    }

    private static final class Tally {
        long closed;
        long alreadyClosed;
        long failed;
        final Set<String> handled = new HashSet<>();
        Money expired = Money.ZERO;
        Money billed = Money.ZERO;
    }

    /**
     * Closes a due cycle and, in order, the account's cycles after it that are due as well (several,
     * if the reset did not run for a while). The index lists those later cycles too; the tally
     * remembers what this run closed, so that none is counted twice.
     */
    private void closeDueCycles(DueAccounts.Due due, Instant cutoff, boolean dryRun, Tally tally) {
        String accountId = due.account().id();
        MDC.put("accountId", accountId);
        try {
            Account account = due.account();
            Instant dueEnd = due.cycleEnd();
            boolean first = true;
            while (dueEnd.isBefore(cutoff)) {
                if (!tally.handled.add(accountId + "#" + dueEnd)) {
                    return;
                }
                Optional<Closing> closed = closeOne(account, dueEnd, dryRun);
                if (closed.isEmpty()) {
                    if (first) {
                        tally.alreadyClosed++;
                    }
                    return;
                }
                first = false;
                tally.closed++;
                tally.expired = tally.expired.plus(closed.get().expired());
                tally.billed = tally.billed.plus(closed.get().extraUsage());
                dueEnd = closed.get().next().cycle().end();
                if (closed.get().applyPendingPlan()) {
                    account = dryRun ? withPlanApplied(account) : store.findAccount(accountId).orElseThrow();
                }
            }
        } finally {
            MDC.remove("accountId");
        }
    }

    /** @return the close, or empty when another run closed this cycle first */
    private Optional<Closing> closeOne(Account account, Instant dueEnd, boolean dryRun) {
        BillingCalendar calendar = account.calendar();
        Cycle cycle = calendar.cycleContaining(dueEnd.minusNanos(1));
        for (int attempt = 1; ; attempt++) {
            Instant now = clock.instant();
            Closing closing = plan(account, calendar, cycle, now);
            if (closing == null) {
                return Optional.empty();
            }
            if (dryRun || writer.write(account, closing, now)) {
                LOG.debugf("closed cycle %s..%s: expired %s, extra usage %s", cycle.start(), cycle.end(),
                        closing.expired().toUsdString(), closing.extraUsage().toUsdString());
                return Optional.of(closing);
            }
            // Lost a race: the cycle may be closed now (the next plan finds out) or the settings moved on.
            account = store.findAccount(account.id()).orElseThrow();
            if (attempt >= store.config().maxAttempts()) {
                throw new IllegalStateException("closing " + cycle.start() + " of " + account.id() + " kept conflicting");
            }
            Backoff.sleep(store.config(), attempt);
        }
    }

    /** The close of {@code cycle}, or null if it is closed already. Reads both cycles in one round trip. */
    private Closing plan(Account account, BillingCalendar calendar, Cycle cycle, Instant now) {
        List<LedgerEntry> grants = new ArrayList<>();
        Cycle nextCycle = calendar.next(cycle);
        Map<CycleKey, CyclePools> stored = store.findCycles(List.of(
                new CycleKey(account.id(), cycle.start()), new CycleKey(account.id(), nextCycle.start())));
        CyclePools before = stored.get(new CycleKey(account.id(), cycle.start()));
        if (before == null) {
            // Never opened (no usage, and the previous close predates this code path): it still
            // exists for the money, so it is opened and closed at once and its credit expires.
            before = opening.open(account, cycle);
            grants.addAll(OpeningGrants.of(before, now));
        }
        if (before.isClosed()) {
            return null;
        }
        CyclePools next = stored.get(new CycleKey(account.id(), nextCycle.start()));
        if (next == null) {
            next = opening.open(account, nextCycle);
            grants.addAll(OpeningGrants.of(next, now));
        }
        boolean applyPending = account.pendingPlan() != null && !nextCycle.start().isBefore(account.pendingFrom());
        CyclePools closed = before.close(now);
        Map<String, Money> byModel = closed.programmatic().extraUsage().accrued().isPositive()
                ? extraUsageByModel(account.id(), cycle.start()) : Map.of();
        return new Closing(before, closed, next, grants, byModel, applyPending);
    }

    private Map<String, Money> extraUsageByModel(String accountId, Instant cycleStart) {
        Map<String, Money> byModel = new TreeMap<>();
        for (LedgerEntry entry : store.ledger(accountId, cycleStart)) {
            if (entry.kind() == EntryKind.DEBIT && entry.extraUsage().isPositive()) {
                byModel.merge(entry.model(), entry.extraUsage(), Money::plus);
            }
        }
        return byModel;
    }

    private static Account withPlanApplied(Account a) {
        return new Account(a.id(), a.pendingPlan(), a.organizationId(), a.anchor(), a.zone(), a.claimedAt(), null, null,
                a.extraUsageEnabled(), a.extraUsageCap(), a.firstCycleStart(), a.version() + 1);
    }
}
