package dev.metering.store.reset;

import dev.metering.core.account.Account;
import dev.metering.core.cycle.Cycle;
import dev.metering.core.cycle.CycleOpening;
import dev.metering.core.cycle.CyclePools;
import dev.metering.core.ledger.LedgerEntry;
import dev.metering.core.ledger.OpeningGrants;
import dev.metering.core.money.Money;
import dev.metering.store.Backoff;
import dev.metering.store.Deadline;
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
import java.util.TreeSet;
import org.jboss.logging.Logger;
import org.jboss.logging.MDC;

/**
 * Closes every cycle that ended before {@code asOf} minus the grace period: unused credit expires,
 * the cycle's extra usage becomes an invoice line, and the next cycle opens with its grant. Each
 * close is one transaction; a second run closes nothing; a run that runs out of time stops
 * between closes and reports what remains, and the next run goes on from there. One account that
 * cannot be closed is counted in {@code failed}, named in the log, and never holds back another.
 */
public final class MonthlyReset {

    private static final Logger LOG = Logger.getLogger(MonthlyReset.class);
    public static final Duration DEFAULT_GRACE = Duration.ofHours(1);
    /** How far ahead of now a run may be asked to stand: the scheduler's clock may run a little ahead, no more. */
    public static final Duration MAX_AHEAD = Duration.ofMinutes(5);

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

    /** The reset was asked to stand at an instant it must refuse. */
    public static final class AsOfRefused extends IllegalArgumentException {
        public AsOfRefused(String message) {
            super(message);
        }
    }

    /**
     * @throws AsOfRefused when {@code asOf} lies more than five minutes after now: a mistyped
     *     instant would close cycles that have not ended
     */
    public ResetReport run(Instant asOf, boolean dryRun, Deadline deadline) {
        return run(asOf, dryRun, deadline, ResetShare.ALL);
    }

    /**
     * As {@link #run(Instant, boolean, Deadline)}, over the shards of one {@code share} only: one of
     * several closers working side by side. Its report counts its shards alone.
     */
    public ResetReport run(Instant asOf, boolean dryRun, Deadline deadline, ResetShare share) {
        Instant now = clock.instant();
        List<Integer> shards = share.shards(due.shards());
        Instant cutoff = cutoff(asOf, now);
        Tally tally = new Tally();
        boolean outOfTime = false;
        try (DueAccounts.Listings listings = due.inShards(shards, cutoff)) {
            for (Iterator<Integer> next = shards.iterator(); next.hasNext() && !outOfTime; ) {
                int shard = next.next();
                try {
                    outOfTime = closeShard(listings.shard(shard), cutoff, dryRun, deadline, tally);
                } catch (RuntimeException e) {
                    // The listing failed past the SDK's retries: the rest of this shard waits for the next run.
                    tally.failedShards++;
                    LOG.warnf("shard %d: could not list its due cycles in this run, left for the next: %s", shard, e.toString());
                }
            }
        }
        long remaining = outOfTime || tally.failedShards > 0 ? Math.max(0, due.count(cutoff, shards) - tally.failedCycles) : 0;
        // A run that listed every shard to its end and closed every account it found leaves nothing due
        // before the cutoff: only what was left behind is looked for again.
        boolean leftSomething = outOfTime || tally.failedShards > 0 || !tally.failed.isEmpty();
        Duration oldest = dryRun || !leftSomething ? Duration.ZERO
                : due.oldestDue(cutoff, shards).map(end -> Duration.between(end, now)).orElse(Duration.ZERO);
        ResetReport report = new ResetReport(asOf.toString(), dryRun, tally.closed, tally.expired, tally.billed, tally.alreadyClosed,
                remaining, tally.failed.size(), oldest);
        LOG.infof("reset as of %s (cutoff %s, %s)%s: closed %d cycles, expired %s of credit, billed %s of extra usage, %d already closed,"
                        + " %d accounts failed%s, %d remaining, oldest due cycle ended %s ago",
                asOf, cutoff, share, dryRun ? " [dry run]" : "", report.cyclesClosed(), report.creditExpired().toUsdString(),
                report.extraUsageBilled().toUsdString(), report.alreadyClosed(), report.failed(),
                tally.failed.isEmpty() ? "" : " " + tally.failed, report.remaining(), oldest);
        return report;
    }

    /**
     * How many open cycles are due as of {@code asOf} over every shard: what a run as of then would
     * close. Counted by the index, no item read; best effort, a shard whose count fails is left out
     * (and named in the log).
     *
     * @throws AsOfRefused as {@link #run(Instant, boolean, Deadline)} does
     */
    public long due(Instant asOf) {
        return due.count(cutoff(asOf, clock.instant()), ResetShare.ALL.shards(due.shards()));
    }

    /** @throws AsOfRefused as {@link #run(Instant, boolean, Deadline)} would, before anything is handed out for {@code asOf} */
    public void checkAsOf(Instant asOf) {
        cutoff(asOf, clock.instant());
    }

    /** Cycles that ended before this are due: {@code asOf} (never later than now) less the grace. */
    private Instant cutoff(Instant asOf, Instant now) {
        if (asOf.isAfter(now.plus(MAX_AHEAD))) {
            throw new AsOfRefused("asOf: " + asOf + " is more than " + MAX_AHEAD.toMinutes() + " minutes after now (" + now
                    + "); a reset closes only cycles that have ended");
        }
        // A cycle that has not ended is never closed, even if asOf stands a little ahead of now.
        return (asOf.isBefore(now) ? asOf : now).minus(grace);
    }

    /** @return true if the deadline stopped it */
    private boolean closeShard(Iterator<DueAccounts.Due> accounts, Instant cutoff, boolean dryRun, Deadline deadline, Tally tally) {
        while (accounts.hasNext()) {
            if (deadline.reached()) {
                return true;
            }
            DueAccounts.Due state = accounts.next();
            try {
                closeDueCycles(state, cutoff, dryRun, tally);
            } catch (RuntimeException e) {
                // Throttled, timed out, conflicting without end, or an account the code cannot close
                // (a plan retired from the catalogue): this account waits for the next run, named;
                // a close that did commit unseen is found closed then.
                tally.failed.add(state.account().id());
                tally.failedCycles++;
                LOG.errorf(e, "account %s: could not close its due cycle from %s in this run, left for the next: %s",
                        state.account().id(), state.cycleStart(), e.toString());
            }
        }
        return false;
    }

    private static final class Tally {
        long closed;
        long alreadyClosed;
        long failedShards;
        long failedCycles;
        final Set<String> failed = new TreeSet<>();
        final Set<String> handled = new HashSet<>();
        Money expired = Money.ZERO;
        Money billed = Money.ZERO;
    }

    /**
     * Closes the due cycle the marker names and, in order, the account's cycles after it that are
     * due as well (several, if the reset did not run for a while). The index lists those later
     * cycles too; the tally remembers what this run closed, so that none is counted twice.
     */
    private void closeDueCycles(DueAccounts.Due due, Instant cutoff, boolean dryRun, Tally tally) {
        String accountId = due.account().id();
        MDC.put("accountId", accountId);
        try {
            Account account = due.account();
            Instant start = due.cycleStart();
            Instant end = due.cycleEnd();
            // In a dry run nothing is written, so a next cycle the close would open exists only here.
            CyclePools unwritten = null;
            boolean first = true;
            while (end.isBefore(cutoff)) {
                if (!tally.handled.add(accountId + "#" + start)) {
                    return;
                }
                Optional<Closing> closed = closeOne(account, start, end, dryRun, unwritten);
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
                start = closed.get().next().cycle().start();
                end = closed.get().next().cycle().end();
                unwritten = dryRun && !closed.get().next().isStored() ? closed.get().next() : null;
            }
        } finally {
            MDC.remove("accountId");
        }
    }

    /** @return the close, or empty when this cycle is closed already (or gone) */
    private Optional<Closing> closeOne(Account account, Instant cycleStart, Instant cycleEnd, boolean dryRun, CyclePools unwritten) {
        for (int attempt = 1; ; attempt++) {
            Instant now = clock.instant();
            Closing closing = plan(account, cycleStart, cycleEnd, now, unwritten);
            if (closing == null) {
                return Optional.empty();
            }
            if (dryRun || writer.write(account, closing, now)) {
                LOG.debugf("closed cycle %s..%s: expired %s, extra usage %s", closing.before().cycle().start(),
                        closing.before().cycle().end(), closing.expired().toUsdString(), closing.extraUsage().toUsdString());
                return Optional.of(closing);
            }
            // Lost a race: the cycle may be closed now (the next plan finds out), or the next one was opened meanwhile.
            account = store.findAccount(account.id()).orElseThrow();
            if (attempt >= store.config().maxAttempts()) {
                throw new IllegalStateException("closing " + cycleStart + " of " + account.id() + " kept conflicting");
            }
            Backoff.sleep(store.config(), attempt);
        }
    }

    /**
     * The close of the stored cycle that starts at {@code cycleStart} (as its due marker names it,
     * never recomputed from the calendar), or null if it is closed already. Reads both cycles in one
     * round trip (the marker carries the end, where the next one starts).
     */
    private Closing plan(Account account, Instant cycleStart, Instant cycleEnd, Instant now, CyclePools unwritten) {
        Map<CycleKey, CyclePools> stored = store.findCycles(List.of(new CycleKey(account.id(), cycleStart),
                new CycleKey(account.id(), cycleEnd)));
        CyclePools before = stored.getOrDefault(new CycleKey(account.id(), cycleStart), unwritten);
        if (before == null) {
            LOG.warnf("due cycle %s of %s has no cycle item; nothing to close", cycleStart, account.id());
            return null;
        }
        if (before.isClosed()) {
            return null;
        }
        Cycle following = account.calendar().cycleContaining(before.cycle().end());
        Cycle nextCycle = new Cycle(before.cycle().index() + 1, before.cycle().end(), following.end(), before.cycle().zone());
        CyclePools next = nextCycle.start().equals(cycleEnd) ? stored.get(new CycleKey(account.id(), cycleEnd))
                : store.findCycle(account.id(), nextCycle.start()).orElse(null);
        List<LedgerEntry> grants = new ArrayList<>();
        if (next == null) {
            next = opening.open(account, nextCycle, now);
            grants.addAll(OpeningGrants.of(next, now));
        }
        return new Closing(before, before.close(now), next, grants);
    }
}
