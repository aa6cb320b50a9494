package dev.metering.core.budget;

import dev.metering.core.cycle.Cycle;
import dev.metering.core.money.Money;
import java.time.Instant;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * An account's budgets and what they have counted, versioned as one: a debit's transaction writes
 * the next version on condition that the set is still the one it read, so a budget's spend is the
 * sum of its debits however many writers race. Only windows that have not ended are kept (for the
 * rolling hour, the steps still in it), so the set never grows with the events it counts.
 *
 * @param spend per budget, nano-dollars counted per window span (see {@link BudgetWindow.Span#key})
 * @param exhaustedAt per budget, when its spend last reached its limit
 */
public record BudgetSet(long version, List<Budget> budgets, Map<String, SortedMap<String, Long>> spend, Map<String, Instant> exhaustedAt) {

    public static final int MAX_BUDGETS = 10;
    public static final BudgetSet NONE = new BudgetSet(0, List.of(), Map.of(), Map.of());

    public BudgetSet {
        if (!byId(budgets)) {
            List<Budget> sorted = new ArrayList<>(budgets);
            sorted.sort(Comparator.comparing(Budget::budgetId));
            budgets = sorted;
        }
        // The same list when it is one already: a set changed by its spend keeps its budgets' list as read.
        budgets = List.copyOf(budgets);
        Map<String, SortedMap<String, Long>> copy = new HashMap<>();
        spend.forEach((id, counters) -> copy.put(id, Collections.unmodifiableSortedMap(new TreeMap<>(counters))));
        spend = Map.copyOf(copy);
        exhaustedAt = Map.copyOf(exhaustedAt);
    }

    private static boolean byId(List<Budget> budgets) {
        for (int i = 1; i < budgets.size(); i++) {
            if (budgets.get(i - 1).budgetId().compareTo(budgets.get(i).budgetId()) > 0) {
                return false;
            }
        }
        return true;
    }

    public Optional<Budget> find(String budgetId) {
        return budgets.stream().filter(b -> b.budgetId().equals(budgetId)).findFirst();
    }

    public boolean isEmpty() {
        return budgets.isEmpty();
    }

    /**
     * The set with {@code budget} added or changed: the spend carries over a change of limit or
     * action, and restarts at 0 when what it matches or its window changes.
     *
     * @throws IllegalStateException when the account already has {@link #MAX_BUDGETS} others
     */
    public BudgetSet put(Budget budget) {
        Optional<Budget> before = find(budget.budgetId());
        if (before.isEmpty() && budgets.size() >= MAX_BUDGETS) {
            throw new IllegalStateException("an account has at most " + MAX_BUDGETS + " budgets");
        }
        List<Budget> next = new ArrayList<>(budgets);
        before.ifPresent(next::remove);
        Map<String, SortedMap<String, Long>> nextSpend = new HashMap<>(spend);
        Map<String, Instant> nextExhausted = new HashMap<>(exhaustedAt);
        Budget kept = budget;
        if (before.isPresent() && before.get().countsAs(budget)) {
            kept = new Budget(budget.budgetId(), budget.match(), budget.limit(), budget.window(), budget.action(), before.get().since(), budget.changedAt(), budget.changedBy());
        } else {
            nextSpend.remove(budget.budgetId());
            nextExhausted.remove(budget.budgetId());
        }
        next.add(kept);
        return new BudgetSet(version + 1, next, nextSpend, nextExhausted);
    }

    /**
     * {@link #put} as a change told like a debit: a new limit that leaves the spend it keeps at or above
     * a mark it was below crosses that mark now, so a budget exhausted by a lowered limit is told of (once
     * per window, as a debit's crossing is; a raised limit crosses nothing).
     */
    public Recorded change(Budget budget, Cycle current, ZoneId zone, Instant now) {
        BudgetSet after = put(budget);
        Optional<Budget> before = find(budget.budgetId());
        if (before.isEmpty() || !before.get().countsAs(budget) || before.get().limit().equals(budget.limit())) {
            return new Recorded(after, List.of());
        }
        Budget kept = after.find(budget.budgetId()).orElseThrow();
        Money spent = spent(kept, current, zone, now);
        List<Crossing> crossings = new ArrayList<>();
        for (int percent : new int[] {Crossing.THRESHOLD_PERCENT, Crossing.EXHAUSTED_PERCENT}) {
            if (!reaches(spent, before.get().limit(), percent) && reaches(spent, kept.limit(), percent)) {
                crossings.add(crossing(kept, percent, spent, current, zone, now));
            }
        }
        return told(after, crossings, now);
    }

    public BudgetSet remove(String budgetId) {
        List<Budget> next = new ArrayList<>(budgets);
        next.removeIf(b -> b.budgetId().equals(budgetId));
        Map<String, SortedMap<String, Long>> nextSpend = new HashMap<>(spend);
        nextSpend.remove(budgetId);
        Map<String, Instant> nextExhausted = new HashMap<>(exhaustedAt);
        nextExhausted.remove(budgetId);
        return new BudgetSet(version + 1, next, nextSpend, nextExhausted);
    }

    /** The set after debits, and the marks their spend crossed. */
    public record Recorded(BudgetSet after, List<Crossing> crossings) {}

    /**
     * Counts programmatic debits applied to {@code applied}: each matching budget counts a debit's whole
     * cost in the window holding its {@code occurredAt}, cut at {@code applied}; a late debit counts in
     * the applied cycle's window only. {@code current} is the cycle holding {@code now}, whose windows
     * the crossings are told in.
     */
    public Recorded record(List<Charge> charges, Cycle applied, boolean late, Cycle current, ZoneId zone, Instant now) {
        // The counters of a budget this write counts on are copied; the others' are carried over as they are.
        Map<String, SortedMap<String, Long>> nextSpend = new HashMap<>(spend);
        List<Budget> counted = new ArrayList<>(budgets.size());
        for (Budget budget : budgets) {
            if (late && budget.window() != BudgetWindow.CYCLE) {
                continue;
            }
            SortedMap<String, Long> counters = null;
            // A write's charges mostly fall in one window: the span of the last one is kept while the next
            // falls in it, and what it counts is added up before it goes into the counters.
            BudgetWindow.Span span = null;
            long pending = 0;
            for (Charge charge : charges) {
                if (!budget.match().matches(charge.source(), charge.tags())) {
                    continue;
                }
                if (counters == null) {
                    counters = new TreeMap<>(spend.getOrDefault(budget.budgetId(), Collections.emptySortedMap()));
                }
                Instant at = late ? applied.start() : charge.occurredAt();
                if (span == null || !span.contains(at)) {
                    BudgetWindow.Span next = budget.window().countedIn(at, applied, zone);
                    if (span != null) {
                        counters.merge(span.key(), pending, Math::addExact);
                        pending = 0;
                    }
                    span = next;
                }
                pending = Math.addExact(pending, charge.cost().nanos());
            }
            if (counters != null) {
                counters.merge(span.key(), pending, Math::addExact);
                nextSpend.put(budget.budgetId(), counters);
                counted.add(budget);
            }
        }
        if (counted.isEmpty()) {
            return new Recorded(this, List.of());
        }
        BudgetSet after = new BudgetSet(version + 1, budgets, live(budgets, nextSpend, now), exhaustedAt);
        List<Crossing> crossings = new ArrayList<>();
        // A budget this write did not count on spent what it had: it crossed nothing.
        for (Budget budget : counted) {
            Money is = after.spent(budget, current, zone, now);
            // Spend in a window only grows, so below the lower mark now it crossed nothing.
            if (!reaches(is, budget.limit(), Crossing.THRESHOLD_PERCENT)) {
                continue;
            }
            Money was = spent(budget, current, zone, now);
            for (int percent : new int[] {Crossing.THRESHOLD_PERCENT, Crossing.EXHAUSTED_PERCENT}) {
                if (!reaches(was, budget.limit(), percent) && reaches(is, budget.limit(), percent)) {
                    crossings.add(crossing(budget, percent, is, current, zone, now));
                }
            }
        }
        return told(after, crossings, now);
    }

    private static boolean reaches(Money spent, Money limit, int percent) {
        return Math.multiplyExact(spent.nanos(), 100) >= Math.multiplyExact(limit.nanos(), percent);
    }

    private static Crossing crossing(Budget budget, int percent, Money spent, Cycle current, ZoneId zone, Instant now) {
        BudgetWindow.Span window = budget.window().current(now, current, zone);
        String where = budget.window() == BudgetWindow.HOUR ? "step " + BudgetWindow.step(now) : window.key();
        return new Crossing(budget.budgetId(), percent, budget.budgetId() + "|" + budget.since() + "|" + where, spent, budget.limit(),
                budget.window(), window.start(), window.end(), now);
    }

    /** {@code after} with its crossings, and the instant each budget it exhausted reached its limit. */
    private static Recorded told(BudgetSet after, List<Crossing> crossings, Instant now) {
        if (crossings.stream().noneMatch(c -> c.percent() == Crossing.EXHAUSTED_PERCENT)) {
            return new Recorded(after, crossings);
        }
        Map<String, Instant> exhausted = new HashMap<>(after.exhaustedAt);
        crossings.stream().filter(c -> c.percent() == Crossing.EXHAUSTED_PERCENT).forEach(c -> exhausted.put(c.budgetId(), now));
        return new Recorded(new BudgetSet(after.version, after.budgets, after.spend, exhausted), crossings);
    }

    /** The set without the counters of windows that have ended by {@code now} (for the hour, steps no longer in it). */
    public BudgetSet pruned(Instant now) {
        return new BudgetSet(version, budgets, live(budgets, spend, now), exhaustedAt);
    }

    /** Of {@code spend}, the counters of {@code budgets}' windows that have not ended by {@code now}. */
    private static Map<String, SortedMap<String, Long>> live(List<Budget> budgets, Map<String, SortedMap<String, Long>> spend, Instant now) {
        Map<String, SortedMap<String, Long>> kept = new HashMap<>();
        for (Budget budget : budgets) {
            SortedMap<String, Long> counters = spend.get(budget.budgetId());
            if (counters == null) {
                continue;
            }
            long ended = (budget.window() == BudgetWindow.HOUR
                    ? BudgetWindow.stepStart(BudgetWindow.step(now) - BudgetWindow.STEPS + 1) : now).toEpochMilli();
            SortedMap<String, Long> live = new TreeMap<>();
            counters.forEach((key, nanos) -> {
                if (BudgetWindow.Span.endOf(key) > ended) {
                    live.put(key, nanos);
                }
            });
            if (!live.isEmpty()) {
                kept.put(budget.budgetId(), live);
            }
        }
        return kept;
    }

    /** What {@code budget} has counted in its window at {@code now} ({@code current} holds now). */
    public Money spent(Budget budget, Cycle current, ZoneId zone, Instant now) {
        SortedMap<String, Long> counters = spend.get(budget.budgetId());
        if (counters == null) {
            return Money.ZERO;
        }
        BudgetWindow.Span window = budget.window().current(now, current, zone);
        long sum = 0;
        for (Map.Entry<String, Long> counter : counters.entrySet()) {
            if (window.holds(counter.getKey())) {
                sum = Math.addExact(sum, counter.getValue());
            }
        }
        return Money.ofNanos(sum);
    }

    /** Exhausted: spend at or above the limit. */
    public boolean exhausted(Budget budget, Cycle current, ZoneId zone, Instant now) {
        return spent(budget, current, zone, now).compareTo(budget.limit()) >= 0;
    }

    /** When {@code budget} reached its limit in its current window, if it has and the reaching is known. */
    public Optional<Instant> exhaustedSince(Budget budget, Cycle current, ZoneId zone, Instant now) {
        Instant at = exhaustedAt.get(budget.budgetId());
        if (at == null || !exhausted(budget, current, zone, now) || !budget.window().current(now, current, zone).contains(at)) {
            return Optional.empty();
        }
        return Optional.of(at);
    }

    /**
     * The budget that stops a request of {@code source} with {@code tags}: of the {@code pause} budgets it
     * matches, those a one-nano-dollar event would leave at or above their limit, the lowest id first.
     */
    public Optional<Budget> stopping(String source, Tags tags, Cycle current, ZoneId zone, Instant now) {
        for (Budget budget : budgets) {
            if (budget.action() == Budget.Action.PAUSE && budget.match().matches(source, tags)
                    && Math.addExact(spent(budget, current, zone, now).nanos(), 1) >= budget.limit().nanos()) {
                return Optional.of(budget);
            }
        }
        return Optional.empty();
    }

    /** Whether a budget counted over a day or an hour matches the request: its answer may change as time moves. */
    public boolean timed(String source, Tags tags) {
        return budgets.stream().anyMatch(b -> b.window() != BudgetWindow.CYCLE && b.match().matches(source, tags));
    }
}
