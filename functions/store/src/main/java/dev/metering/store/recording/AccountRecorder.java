package dev.metering.store.recording;

import dev.metering.core.account.Account;
import dev.metering.core.budget.BudgetSet;
import dev.metering.core.budget.Tags;
import dev.metering.core.budget.Charge;
import dev.metering.core.cycle.BillingCalendar;
import dev.metering.core.cycle.Cycle;
import dev.metering.core.cycle.CycleOpening;
import dev.metering.core.cycle.CyclePools;
import dev.metering.core.debit.Debit;
import dev.metering.core.ledger.EntryKind;
import dev.metering.core.ledger.LedgerEntry;
import dev.metering.core.ledger.OpeningGrants;
import dev.metering.core.money.Money;
import dev.metering.core.source.PoolKind;
import dev.metering.core.usage.MeteredEvent;
import dev.metering.core.usage.TagCell;
import dev.metering.core.usage.UsageCell;
import dev.metering.core.usage.UsageEvent;
import dev.metering.store.Backoff;
import dev.metering.store.Deadline;
import dev.metering.store.DebitOutcome;
import dev.metering.store.DebitWrite;
import dev.metering.store.DebitWriter;
import dev.metering.store.MeteringStore;
import dev.metering.store.StoreConfig;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import org.jboss.logging.Logger;
import org.jboss.logging.MDC;

/**
 * Applies one account's events of a batch: as few transactions as the action limit allows, one
 * cycle update per transaction, each event with its own ledger entry and result.
 */
final class AccountRecorder {

    private static final Logger LOG = Logger.getLogger(AccountRecorder.class);
    static final String REUSED = "eventId: reused with a different body";
    static final String OVERFLOW = "usage: the cycle's totals would overflow with this event";

    record Accepted(int index, IncomingEvent in, MeteredEvent metered) {
        UsageEvent event() {
            return metered.event();
        }
    }

    /** Where an event lands: its own cycle, or the current one when its own is closed (late). */
    private record Target(Cycle cycle, Optional<CyclePools> stored, boolean late) {}

    /** What the recorder cannot apply and hands to the quarantine, for the caller to keep. */
    interface Quarantine {
        RecordResult quarantine(IncomingEvent in, String reason, String eventId, String accountId);
    }

    private final MeteringStore store;
    private final DebitWriter writer;
    private final CycleOpening opening;
    private final Quarantine quarantine;
    private final StoreConfig config;
    private final Deadline deadline;
    private Account account;
    private BudgetSet budgets;
    private final BillingCalendar calendar;
    private final Map<Instant, Optional<CyclePools>> cycles;
    /** Per cycle, what it tells apart of the tags this batch carries. */
    private final Map<Instant, MeteringStore.TagAdmissions> tags;
    /** Per event id, the hash of the body that stands: applied now, or counted before. */
    private final Map<String, String> standingBodies = new HashMap<>();
    private final Instant now;
    private final AdmittedTags admittedTags;

    AccountRecorder(MeteringStore store, DebitWriter writer, CycleOpening opening, Quarantine quarantine, Account account, BudgetSet budgets,
                    Map<Instant, Optional<CyclePools>> prefetched, Map<Instant, MeteringStore.TagAdmissions> tags, Instant now,
                    Deadline deadline, AdmittedTags admittedTags) {
        this.store = store;
        this.writer = writer;
        this.opening = opening;
        this.quarantine = quarantine;
        this.config = store.config();
        this.account = account;
        this.budgets = budgets;
        this.calendar = account.calendar();
        this.cycles = new HashMap<>(prefetched);
        this.tags = new HashMap<>(tags);
        this.now = now;
        this.deadline = deadline;
        this.admittedTags = admittedTags;
    }

    void record(List<Accepted> events, RecordResult[] results) {
        List<Accepted> pending = new ArrayList<>();
        Map<String, Accepted> firsts = new LinkedHashMap<>();
        List<Accepted> followers = new ArrayList<>();
        for (Accepted a : events) {
            if (firsts.putIfAbsent(a.event().eventId(), a) == null) {
                pending.add(a);
            } else {
                followers.add(a);
            }
        }
        apply(pending, results);
        resolveFollowers(firsts, followers, results);
    }

    /**
     * The same id again in one batch: once its first occurrence is settled, a follower is a
     * duplicate of the body that stands (the first's, or the one counted before), or an id reused
     * for another body.
     */
    private void resolveFollowers(Map<String, Accepted> firsts, List<Accepted> followers, RecordResult[] results) {
        for (Accepted f : followers) {
            String id = f.event().eventId();
            RecordResult first = results[firsts.get(id).index()];
            String standing = standingBodies.get(id);
            if (first.status() == RecordStatus.RETRY) {
                results[f.index()] = RecordResult.retry(f.in(), id, account.id(), first.reason());
            } else if (standing == null) {
                results[f.index()] = quarantine.quarantine(f.in(), first.reason(), id, account.id());
            } else if (standing.isEmpty() || standing.equals(f.event().bodyHash())) {
                results[f.index()] = RecordResult.duplicate(f.in(), id, account.id(), f.metered().pool());
            } else {
                results[f.index()] = quarantine.quarantine(f.in(), REUSED, id, account.id());
            }
        }
    }

    private void apply(List<Accepted> pending, RecordResult[] results) {
        int failures = 0;
        String lastFailure = "";
        while (!pending.isEmpty()) {
            if (failures >= config.maxAttempts() || deadline.reached()) {
                String why = failures >= config.maxAttempts() ? lastFailure : "out of time before the function's deadline";
                LOG.warnf("account %s: %d events handed back for redelivery after %d attempts (%s)",
                        account.id(), pending.size(), failures, why);
                for (Accepted a : pending) {
                    results[a.index()] = RecordResult.retry(a.in(), a.event().eventId(), account.id(), why);
                }
                return;
            }
            Target target = target(pending.get(0).event());
            List<Accepted> chunk = chunk(target, pending);
            Planned planned = plan(target, chunk, results);
            removeEach(pending, planned.overflowing);
            removeEach(chunk, planned.overflowing);
            if (chunk.isEmpty()) {
                continue;
            }
            DebitOutcome outcome = writer.write(planned.write);
            switch (outcome.kind()) {
                case COMMITTED -> {
                    cycles.put(target.cycle().start(), Optional.of(planned.write.after().atVersion(planned.write.before().version() + 1)));
                    if (planned.write.budgets() != null) {
                        budgets = planned.write.budgets().after();
                    }
                    if (!planned.write.admitted().isEmpty()) {
                        tags.put(target.cycle().start(), admissions(target.cycle().start(), Set.of()).with(planned.write.admitted()));
                        admittedTags.add(account.id(), target.cycle().start(), planned.write.admitted());
                    }
                    for (int i = 0; i < chunk.size(); i++) {
                        Accepted a = chunk.get(i);
                        Debit d = planned.debits.get(i);
                        // The hash its entry carries: made once per event.
                        standingBodies.put(a.event().eventId(), planned.write.debits().get(i).bodyHash());
                        results[a.index()] = RecordResult.applied(a.in(), a.event().eventId(), account.id(), a.metered().pool(), d.split(), target.late(),
                                a.event().occurredAt());
                        logApplied(a, d, target);
                    }
                    removeEach(pending, chunk);
                }
                case SEEN -> {
                    // Not a failure: those ids were counted before. Drop them and write the rest.
                    for (Accepted a : chunk) {
                        String id = a.event().eventId();
                        String stored = outcome.seenBodies().get(id);
                        if (stored == null) {
                            continue;
                        }
                        standingBodies.put(id, stored);
                        // An entry older than body hashes (empty) counts as the same body.
                        results[a.index()] = stored.isEmpty() || stored.equals(a.event().bodyHash())
                                ? RecordResult.duplicate(a.in(), id, account.id(), a.metered().pool())
                                : quarantine.quarantine(a.in(), REUSED, id, account.id());
                        pending.remove(a);
                    }
                }
                case STALE -> {
                    cycles.remove(target.cycle().start());
                    if (planned.write.openedFrom() != null) {
                        // The opening may have lost to a settings change: open again on the account as it is now.
                        account = store.findAccount(account.id()).orElseThrow();
                    }
                    if (planned.write.budgets() != null || !budgets.isEmpty()) {
                        // The budgets may have changed (or been created) since they were read: count under them as they are.
                        budgets = store.findBudgets(account.id());
                    }
                    if (!planned.write.admitted().isEmpty()) {
                        tags.remove(target.cycle().start());
                    }
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

    /**
     * Takes these very events out of the list: by identity, since each is one event of the batch, and
     * a record's equality would compare whole bodies, tags and all, for every pair.
     */
    private static void removeEach(List<Accepted> from, List<Accepted> these) {
        if (these.isEmpty()) {
            return;
        }
        Set<Accepted> gone = java.util.Collections.newSetFromMap(new java.util.IdentityHashMap<>());
        gone.addAll(these);
        from.removeIf(gone::contains);
    }

    /**
     * The events of {@code pending} that go to {@code target}, as many as one transaction holds: each
     * takes its entry, and a usage cell the first time one of them lands in it.
     */
    private List<Accepted> chunk(Target target, List<Accepted> pending) {
        List<Accepted> chunk = new ArrayList<>();
        Set<UsageCell.Key> cells = new HashSet<>();
        // Counted as if every tag value were new to the cycle (a cell, the value, its key's count): never too few.
        Set<String> tagCells = new HashSet<>();
        Set<String> tagValues = new HashSet<>();
        Set<String> tagKeys = new HashSet<>();
        // The tags already counted, by day: most events of an account carry the same ones, and add nothing.
        Map<LocalDate, Set<Tags>> counted = new HashMap<>();
        int budgetWrite = budgets.isEmpty() ? 0 : 1;
        for (Accepted a : pending) {
            LocalDate day = LocalDate.ofInstant(a.event().occurredAt(), account.zone());
            UsageCell.Key cell = new UsageCell.Key(day, a.event().model(), a.event().source());
            Tags carried = a.event().tags();
            boolean newTags = !carried.isEmpty() && !counted.getOrDefault(day, Set.of()).contains(carried);
            // Only what this event adds to the sets: copying them for every event would cost the square of the batch.
            Set<String> newCells = newTags ? new HashSet<>() : Set.of();
            Set<String> newValues = newTags ? new HashSet<>() : Set.of();
            Set<String> newKeys = newTags ? new HashSet<>() : Set.of();
            if (newTags) {
                carried.values().forEach((tag, value) -> {
                    String tagValue = tag + "=" + value;
                    String tagCell = day + "#" + tagValue;
                    if (!tagCells.contains(tagCell)) {
                        newCells.add(tagCell);
                    }
                    if (!tagValues.contains(tagValue)) {
                        newValues.add(tagValue);
                    }
                    if (!tagKeys.contains(tag)) {
                        newKeys.add(tag);
                    }
                });
            }
            int cellsAfter = cells.size() + (cells.contains(cell) ? 0 : 1);
            int actions = DebitWrite.actions(chunk.size() + 1, OpeningGrants.MAX, true, cellsAfter) + budgetWrite
                    + tagCells.size() + newCells.size() + tagValues.size() + newValues.size() + tagKeys.size() + newKeys.size();
            if (actions <= DebitWrite.MAX_ACTIONS && sameTarget(target, a.event())) {
                chunk.add(a);
                cells.add(cell);
                if (newTags) {
                    counted.computeIfAbsent(day, k -> new HashSet<>()).add(carried);
                    tagCells.addAll(newCells);
                    tagValues.addAll(newValues);
                    tagKeys.addAll(newKeys);
                }
            }
        }
        return chunk;
    }

    private record Planned(DebitWrite write, List<Debit> debits, List<Accepted> overflowing) {}

    private Planned plan(Target target, List<Accepted> chunk, RecordResult[] results) {
        boolean opens = target.stored().isEmpty();
        CyclePools before = target.stored().orElseGet(() -> opening.open(account, target.cycle(), now));
        List<LedgerEntry> grants = opens ? OpeningGrants.of(before, now) : List.of();
        CyclePools pools = before;
        List<Debit> debits = new ArrayList<>(chunk.size());
        List<LedgerEntry> entries = new ArrayList<>(chunk.size());
        List<Accepted> overflowing = new ArrayList<>();
        List<Charge> charges = new ArrayList<>();
        for (Accepted a : chunk) {
            UsageEvent e = a.event();
            Money cost = a.metered().cost().total();
            // A late event did not happen in this cycle: its switch instant is when it was recorded.
            Instant debitAt = target.late() ? now : e.occurredAt();
            CyclePools.Debited debited;
            try {
                debited = pools.debit(a.metered().pool(), e.model(), cost, debitAt);
            } catch (ArithmeticException overflow) {
                // Only this event is refused; the pool and every other event go on.
                results[a.index()] = quarantine.quarantine(a.in(), OVERFLOW, e.eventId(), account.id());
                overflowing.add(a);
                continue;
            }
            pools = debited.after();
            debits.add(debited.debit());
            entries.add(new LedgerEntry("evt:" + e.eventId(), EntryKind.DEBIT, a.metered().pool(), now, target.cycle().start(),
                    debited.debit().split().credit(), debited.debit().split().extraUsage(), debited.debit().split().overrun(),
                    e.eventId(), e.source(), e.model(), e.occurredAt(), target.late(), cost, e.usage(), null,
                    new LedgerEntry.Marks(debited.debit().rateSwitched(), debited.debit().thresholdsReached()), e.bodyHash(), null, null,
                    e.tags()));
            if (a.metered().pool() == PoolKind.PROGRAMMATIC) {
                charges.add(new Charge(e.occurredAt(), e.source(), e.tags(), cost));
            }
        }
        Map<String, Set<String>> admitted = new TreeMap<>();
        List<TagCell> tagCells = TagCell.of(entries, account.zone(), told(target.cycle().start(), entries, admitted));
        admitted.values().removeIf(Set::isEmpty);
        DebitWrite.Budgets counted = null;
        BudgetSet.Recorded recorded = budgets.record(charges, target.cycle(), target.late(), calendar.cycleContaining(now), account.zone(), now);
        if (recorded.after() != budgets) {
            counted = new DebitWrite.Budgets(budgets, recorded.after(), recorded.crossings(), calendar.cycleContaining(now));
        }
        return new Planned(new DebitWrite(before, pools, entries, grants, opens ? account : null, UsageCell.of(entries, account.zone()),
                account.organizationId(), counted, tagCells, admitted),
                debits, overflowing);
    }

    /**
     * How the cycle tells each tag value of these entries apart: itself when it is told apart already,
     * or when its key has room for it (then it is one of {@code admitted}, which this write records), else
     * as {@link TagCell#OTHER}.
     */
    private java.util.function.BiFunction<String, String, String> told(Instant cycleStart, List<LedgerEntry> entries,
                                                                         Map<String, Set<String>> admitted) {
        Set<String> asked = new HashSet<>();
        Set<Tags> carried = new HashSet<>();
        entries.forEach(e -> {
            if (carried.add(e.tags())) {
                e.tags().values().forEach((tag, value) -> asked.add(tag + "=" + value));
            }
        });
        MeteringStore.TagAdmissions known = admissions(cycleStart, asked);
        return (tag, value) -> {
            Set<String> added = admitted.computeIfAbsent(tag, k -> new java.util.TreeSet<>());
            if (known.admits(tag, value) || added.contains(value)) {
                return value;
            }
            if (known.values(tag) + added.size() < TagCell.VALUES_PER_KEY) {
                added.add(value);
                return value;
            }
            return TagCell.OTHER;
        };
    }

    /** What {@code cycleStart} tells apart of the values asked about ({@code tag=value}), read when not known yet. */
    private MeteringStore.TagAdmissions admissions(Instant cycleStart, Set<String> asked) {
        MeteringStore.TagAdmissions known = tags.get(cycleStart);
        boolean complete = known != null && asked.stream().allMatch(known.admitted()::contains);
        if (complete || asked.isEmpty() && known != null) {
            return known;
        }
        if (asked.isEmpty()) {
            return MeteringStore.TagAdmissions.NONE;
        }
        List<MeteringStore.TagRef> refs = new ArrayList<>();
        asked.forEach(pair -> {
            int eq = pair.indexOf('=');
            refs.add(new MeteringStore.TagRef(account.id(), cycleStart, pair.substring(0, eq), pair.substring(eq + 1)));
        });
        MeteringStore.TagAdmissions read = store.findCyclesAndTags(List.of(), refs).tags()
                .getOrDefault(new MeteringStore.CycleKey(account.id(), cycleStart), MeteringStore.TagAdmissions.NONE);
        tags.put(cycleStart, read);
        admittedTags.add(new MeteringStore.CycleKey(account.id(), cycleStart), read.admitted());
        return read;
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
