package dev.metering.store.recording;

import dev.metering.core.account.Account;
import dev.metering.core.cycle.BillingCalendar;
import dev.metering.core.cycle.Cycle;
import dev.metering.core.cycle.CycleOpening;
import dev.metering.core.cycle.CyclePools;
import dev.metering.core.debit.Debit;
import dev.metering.core.ledger.EntryKind;
import dev.metering.core.ledger.LedgerEntry;
import dev.metering.core.ledger.OpeningGrants;
import dev.metering.core.usage.MeteredEvent;
import dev.metering.core.usage.UsageEvent;
import dev.metering.store.Backoff;
import dev.metering.store.DebitOutcome;
import dev.metering.store.DebitWrite;
import dev.metering.store.DebitWriter;
import dev.metering.store.MeteringStore;
import dev.metering.store.StoreConfig;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.jboss.logging.Logger;
import org.jboss.logging.MDC;

/**
 * Applies one account's events of a batch: as few transactions as the action limit allows, one
 * cycle update per transaction, each event with its own ledger entry and result.
 */
final class AccountRecorder {

    private static final Logger LOG = Logger.getLogger(AccountRecorder.class);
    /** One action is the cycle item, up to two are its opening grants. */
    static final int MAX_DEBITS_PER_WRITE = DebitWrite.MAX_ACTIONS - 3;

    record Accepted(int index, IncomingEvent in, MeteredEvent metered) {
        UsageEvent event() {
            return metered.event();
        }
    }

    /** Where an event lands: its own cycle, or the current one when its own is closed (late). */
    private record Target(Cycle cycle, Optional<CyclePools> stored, boolean late) {}

    private final MeteringStore store;
    private final DebitWriter writer;
    private final CycleOpening opening;
    private final StoreConfig config;
    private final Account account;
    private final BillingCalendar calendar;
    private final Map<Instant, Optional<CyclePools>> cycles;
    private final Instant now;

    AccountRecorder(MeteringStore store, DebitWriter writer, CycleOpening opening, Account account,
                    Map<Instant, Optional<CyclePools>> prefetched, Instant now) {
        this.store = store;
        this.writer = writer;
        this.opening = opening;
        this.config = store.config();
        this.account = account;
        this.calendar = account.calendar();
        this.cycles = new HashMap<>(prefetched);
        this.now = now;
    }

    void record(List<Accepted> events, RecordResult[] results) {
        List<Accepted> pending = new ArrayList<>();
        Set<String> seen = new HashSet<>();
        for (Accepted a : events) {
            if (seen.add(a.event().eventId())) {
                pending.add(a);
            } else {
                results[a.index()] = RecordResult.duplicate(a.in(), a.event().eventId(), account.id(), a.metered().pool());
            }
        }
        int failures = 0;
        String lastFailure = "";
        while (!pending.isEmpty()) {
            if (failures >= config.maxAttempts()) {
                LOG.warnf("account %s: %d events handed back for redelivery after %d attempts (%s)",
                        account.id(), pending.size(), failures, lastFailure);
                for (Accepted a : pending) {
                    results[a.index()] = RecordResult.retry(a.in(), a.event().eventId(), account.id(), lastFailure);
                }
                return;
            }
            Target target = target(pending.get(0).event());
            List<Accepted> chunk = new ArrayList<>();
            for (Accepted a : pending) {
                if (chunk.size() < MAX_DEBITS_PER_WRITE && sameTarget(target, a.event())) {
                    chunk.add(a);
                }
            }
            Planned planned = plan(target, chunk);
            DebitOutcome outcome = writer.write(planned.write, now);
            switch (outcome.kind()) {
                case COMMITTED -> {
                    CyclePools after = planned.write.after();
                    cycles.put(target.cycle().start(), Optional.of(new CyclePools(after.accountId(), after.cycle(), after.plan(),
                            after.claimed(), after.programmatic(), after.interactive(), null, planned.write.before().version() + 1)));
                    for (int i = 0; i < chunk.size(); i++) {
                        Accepted a = chunk.get(i);
                        Debit d = planned.debits.get(i);
                        results[a.index()] = RecordResult.applied(a.in(), a.event().eventId(), account.id(), a.metered().pool(), d.split(), target.late());
                        logApplied(a, d, target);
                    }
                    pending.removeAll(chunk);
                }
                case DUPLICATES -> {
                    // Not a failure: those events were counted before. Drop them and write the rest.
                    for (Accepted a : chunk) {
                        if (outcome.duplicateEventIds().contains(a.event().eventId())) {
                            results[a.index()] = RecordResult.duplicate(a.in(), a.event().eventId(), account.id(), a.metered().pool());
                            pending.remove(a);
                        }
                    }
                }
                case STALE -> {
                    cycles.remove(target.cycle().start());
                    failures++;
                    lastFailure = outcome.detail();
                    if (failures > 1) {
                        Backoff.sleep(config, failures);
                    }
                }
                case TRANSIENT -> {
                    failures++;
                    lastFailure = outcome.detail();
                    Backoff.sleep(config, failures);
                }
            }
        }
    }

    private record Planned(DebitWrite write, List<Debit> debits) {}

    private Planned plan(Target target, List<Accepted> chunk) {
        CyclePools before = target.stored().orElseGet(() -> opening.open(account, target.cycle()));
        List<LedgerEntry> grants = before.isStored() ? List.of() : OpeningGrants.of(before, now);
        CyclePools pools = before;
        List<Debit> debits = new ArrayList<>(chunk.size());
        List<LedgerEntry> entries = new ArrayList<>(chunk.size());
        for (Accepted a : chunk) {
            UsageEvent e = a.event();
            // A late event did not happen in this cycle: its switch instant is when it was recorded.
            Instant debitAt = target.late() ? now : e.occurredAt();
            CyclePools.Debited debited = pools.debit(a.metered().pool(), a.metered().cost().total(), debitAt);
            pools = debited.after();
            debits.add(debited.debit());
            entries.add(new LedgerEntry("evt:" + e.eventId(), EntryKind.DEBIT, a.metered().pool(), now, target.cycle().start(),
                    debited.debit().split().credit(), debited.debit().split().extraUsage(), debited.debit().split().overrun(),
                    e.eventId(), e.source(), e.model(), e.occurredAt(), target.late(), a.metered().cost().total(), e.usage(), null,
                    new LedgerEntry.Marks(debited.debit().rateSwitched(), debited.debit().thresholdsReached())));
        }
        return new Planned(new DebitWrite(before, pools, entries, grants), debits);
    }

    private boolean sameTarget(Target target, UsageEvent event) {
        Target other = target(event);
        return other.cycle().start().equals(target.cycle().start()) && other.late() == target.late();
    }

    private Target target(UsageEvent event) {
        Cycle own = calendar.cycleContaining(event.occurredAt());
        Optional<CyclePools> stored = load(own.start());
        if (stored.isPresent()) {
            return stored.get().isClosed() ? current() : new Target(own, stored, false);
        }
        if (account.firstCycleStart() != null && own.start().isBefore(account.firstCycleStart())) {
            return current();
        }
        return new Target(own, Optional.empty(), false);
    }

    /** The cycle a late event goes to: the one containing now, or the first open one after it. */
    private Target current() {
        Cycle cycle = calendar.cycleContaining(now);
        Optional<CyclePools> stored = load(cycle.start());
        while (stored.isPresent() && stored.get().isClosed()) {
            cycle = calendar.next(cycle);
            stored = load(cycle.start());
        }
        return new Target(cycle, stored, true);
    }

    private Optional<CyclePools> load(Instant cycleStart) {
        return cycles.computeIfAbsent(cycleStart, start -> store.findCycle(account.id(), start));
    }

    private void logApplied(Accepted a, Debit d, Target target) {
        if (!d.rateSwitched() && d.thresholdsReached().isEmpty() && !target.late() && !LOG.isDebugEnabled()) {
            return;
        }
        MDC.put("accountId", account.id());
        MDC.put("eventId", a.event().eventId());
        try {
            if (d.rateSwitched()) {
                LOG.infof("rate switch: programmatic credit of %s spent, pool now %s", account.id(), d.after().state());
            }
            if (!d.thresholdsReached().isEmpty()) {
                LOG.infof("thresholds reached %s of the programmatic credit", d.thresholdsReached());
            }
            if (target.late()) {
                LOG.infof("late event (occurred %s, its cycle is closed) applied to the cycle from %s",
                        a.event().occurredAt(), target.cycle().start());
            }
            LOG.debugf("applied %s: credit %s, extra %s, overrun %s", a.metered().pool(), d.split().credit(), d.split().extraUsage(),
                    d.split().overrun());
        } finally {
            MDC.remove("accountId");
            MDC.remove("eventId");
        }
    }
}
