package dev.metering.store.model;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Pattern;

/**
 * The metering policy as the design states it, in plain Java over plain numbers: the reference the
 * model-based test holds the real store to. It shares no code with the store or the core's rules
 * (no debit rule, calendar, opening or terms from {@code core}); amounts are nano-dollars in longs.
 *
 * <p>What it states, each from the design's rules: list prices per model and token type (batch
 * halved); cycles from the anchor's local time plus k months, clamped; the debit split; pool
 * states, the rate switch and the thresholds; idempotency per account with one body per id; late
 * events; state at the time (each cycle follows the account's terms in force for it); upgrades at
 * once, downgrades from the next cycle, a plan change bringing a cycle's grant to the plan's plus
 * adjustments and never below what was used; claims and extra usage for the current and later opened
 * cycles; adjustments; the reset's close, expiry, invoice and next opening.
 */
final class PolicyModel {

    static final long USD = 1_000_000_000L;
    static final long MAX_TOKENS = 100_000_000L;
    static final Duration SKEW = Duration.ofMinutes(5);
    static final Duration GRACE = Duration.ofHours(1);
    static final String REUSED = "eventId: reused with a different body";

    /** Nano-dollars per token: input, output, cache write 5m, cache write 1h, cache read (standard tier). */
    static final Map<String, long[]> RATES = Map.of(
            "claude-opus-4-7", new long[] {5_000, 25_000, 6_250, 10_000, 500},
            "claude-opus-4-1", new long[] {15_000, 75_000, 18_750, 30_000, 1_500},
            "claude-sonnet-4-6", new long[] {3_000, 15_000, 3_750, 6_000, 300},
            "claude-haiku-4-5", new long[] {1_000, 5_000, 1_250, 2_000, 100},
            "claude-haiku-3-5", new long[] {800, 4_000, 1_000, 1_600, 80});

    /** Credit and interactive allowance per cycle, in whole dollars, as the bundled plan data has them. */
    static final Map<String, long[]> PLANS = Map.of(
            "pro", new long[] {20, 8}, "max-5x", new long[] {100, 40}, "max-20x", new long[] {200, 160},
            "team-standard", new long[] {20, 10}, "team-premium", new long[] {100, 50});

    static final Set<String> INTERACTIVE = Set.of("claude-web", "claude-desktop", "claude-mobile", "claude-code", "cowork");
    static final Set<String> PROGRAMMATIC = Set.of("agent-sdk", "claude-code-headless", "claude-code-github-actions");
    private static final Pattern SOURCE = Pattern.compile("[A-Za-z0-9._:-]{1,128}");
    static final List<Integer> THRESHOLDS = List.of(50, 75, 90, 100);

    /** One usage event as sent. */
    record Event(String eventId, String accountId, Instant occurredAt, String source, String model, boolean batch,
                 long input, long output, long write5m, long write1h, long read) {

        /** What "the same body" means: everything but the id. */
        String body() {
            return accountId + "|" + occurredAt + "|" + source + "|" + model + "|" + batch + "|" + input + "|" + output + "|"
                    + write5m + "|" + write1h + "|" + read;
        }

        long cost() {
            long[] r = RATES.get(model);
            long c = input * r[0] + output * r[1] + write5m * r[2] + write1h * r[3] + read * r[4];
            return batch ? c / 2 : c;
        }

        boolean programmatic() {
            return !INTERACTIVE.contains(source);
        }
    }

    /** The outcome the model expects for one event. */
    record Outcome(String status, String reasonField, long credit, long extra, long overrun, boolean late) {}

    /** A change of the account's terms: effective from {@code from}, recorded at {@code recorded}. */
    record Change(Instant recorded, Instant from, String kind, String plan, boolean enabled, Long cap) {}

    /** The terms a cycle follows. */
    record Terms(String plan, boolean claimed, boolean extraOn, Long cap) {}

    static final class Pools {
        final Instant start;
        final Instant end;
        String plan;
        boolean claimed;
        long granted;
        long used;
        long overrun;
        long expired;
        boolean extraOn;
        Long cap;
        long accrued;
        Instant switchedAt;
        final TreeSet<Integer> thresholds = new TreeSet<>();
        long iGranted;
        long iUsed;
        long iOverrun;
        /** What adjustments granted, per pool: plan changes keep it. */
        long adjusted;
        long iAdjusted;
        boolean closed;
        final Map<String, Long> extraByModel = new TreeMap<>();
        long debits;
        /**
         * Usage by "day|model|source" (day in the account's zone, by occurredAt): events, cost,
         * credit, extra usage, overrun, then input, output, 5-minute and 1-hour cache writes and
         * cache reads.
         */
        final Map<String, List<Long>> usage = new TreeMap<>();

        Pools(Instant start, Instant end) {
            this.start = start;
            this.end = end;
        }

        long remaining() {
            return granted - used - expired;
        }

        String state() {
            if (remaining() > 0) {
                return "CREDIT";
            }
            boolean headroom = extraOn && (cap == null || cap - accrued > 0);
            return headroom ? "EXTRA_USAGE" : "PAUSED";
        }

        /** After any change of the programmatic pool: the rate switch once, and the thresholds reached. */
        void settle(String stateBefore, Instant at) {
            if (switchedAt == null && stateBefore.equals("CREDIT") && !state().equals("CREDIT")) {
                switchedAt = at;
            }
            for (int p : THRESHOLDS) {
                if (granted > 0 && used * 100 >= granted * p) {
                    thresholds.add(p);
                }
            }
        }
    }

    static final class Account {
        final String id;
        final Instant anchor;
        final ZoneId zone;
        final Instant firstStart;
        final List<Change> changes = new ArrayList<>();
        final TreeMap<Instant, Pools> cycles = new TreeMap<>();
        final Map<String, String> seen = new LinkedHashMap<>();

        Account(String id, Instant anchor, ZoneId zone, Instant firstStart) {
            this.id = id;
            this.anchor = anchor;
            this.zone = zone;
            this.firstStart = firstStart;
        }

        Instant startOf(long k) {
            return LocalDateTime.ofInstant(anchor, zone).plusMonths(k).atZone(zone).toInstant();
        }

        /** [start, end) of the cycle containing {@code t}. */
        Instant[] cycleOf(Instant t) {
            long k = ChronoUnit.MONTHS.between(LocalDateTime.ofInstant(anchor, zone), LocalDateTime.ofInstant(t, zone)) - 2;
            while (!startOf(k + 1).isAfter(t)) {
                k++;
            }
            while (startOf(k).isAfter(t)) {
                k--;
            }
            return new Instant[] {startOf(k), startOf(k + 1)};
        }

        Instant[] next(Instant start) {
            Instant[] c = cycleOf(start);
            return cycleOf(c[1]);
        }

        /** Each kind of term: the latest recorded change among those in effect at {@code t}. */
        Terms termsAt(Instant t) {
            String plan = null;
            boolean claimed = false;
            boolean on = false;
            Long cap = null;
            for (Change c : changes) {
                if (c.from().isAfter(t)) {
                    continue;
                }
                switch (c.kind()) {
                    case "PLAN" -> plan = c.plan();
                    case "CLAIM" -> claimed = true;
                    case "EXTRA" -> {
                        on = c.enabled();
                        cap = c.cap();
                    }
                    default -> throw new IllegalStateException(c.kind());
                }
            }
            return new Terms(plan, claimed, on, cap);
        }

        /** A cycle follows the terms in force when it starts, changes made during it, and none made after it ended. */
        Terms termsFor(Instant start, Instant end, Instant now) {
            Instant t = now.isBefore(start) ? start : now.isBefore(end) ? now : end.minusNanos(1);
            return termsAt(t);
        }

        boolean claimed() {
            return changes.stream().anyMatch(c -> c.kind().equals("CLAIM"));
        }
    }

    final Map<String, Account> accounts = new LinkedHashMap<>();
    Instant now;

    PolicyModel(Instant now) {
        this.now = now;
    }

    // ------------------------------------------------------------------ accounts and settings

    void create(String id, String plan, Instant anchor, ZoneId zone) {
        Account probe = new Account(id, anchor.truncatedTo(ChronoUnit.MILLIS), zone, null);
        Instant first = probe.cycleOf(now)[0];
        Account a = new Account(id, probe.anchor, zone, first);
        a.changes.add(new Change(now, first, "PLAN", plan, false, null));
        a.changes.add(new Change(now, first, "EXTRA", null, false, null));
        accounts.put(id, a);
        open(a, first);
    }

    Pools open(Account a, Instant start) {
        Instant[] c = a.cycleOf(start);
        Pools p = new Pools(c[0], c[1]);
        Terms t = a.termsFor(c[0], c[1], now);
        p.plan = t.plan();
        p.claimed = t.claimed();
        p.granted = t.claimed() ? PLANS.get(t.plan())[0] * USD : 0;
        p.iGranted = PLANS.get(t.plan())[1] * USD;
        p.extraOn = t.extraOn();
        p.cap = t.cap();
        a.cycles.put(c[0], p);
        return p;
    }

    private Pools currentOrOpen(Account a) {
        Instant start = a.cycleOf(now)[0];
        Pools p = a.cycles.get(start);
        return p != null ? p : open(a, start);
    }

    /** The cycles a change made now reaches: the current one, and any later one already opened. */
    private List<Pools> reached(Account a) {
        Pools current = currentOrOpen(a);
        List<Pools> out = new ArrayList<>();
        out.add(current);
        a.cycles.tailMap(current.start, false).values().stream().filter(p -> !p.closed).forEach(out::add);
        return out;
    }

    /** Brings a cycle to the terms the account now holds for it. */
    private void conform(Account a, Pools p) {
        Terms t = a.termsFor(p.start, p.end, now);
        String before = p.state();
        if (!t.plan().equals(p.plan)) {
            // The grant becomes the new plan's plus the cycle's adjustments, never below what was used.
            long[] to = PLANS.get(t.plan());
            long credit = p.claimed ? to[0] * USD : 0;
            p.granted = Math.max(p.used + p.expired, Math.max(0, credit + p.adjusted));
            p.iGranted = Math.max(p.iUsed, Math.max(0, to[1] * USD + p.iAdjusted));
            p.plan = t.plan();
        }
        if (t.claimed() && !p.claimed) {
            p.claimed = true;
            p.granted += PLANS.get(p.plan)[0] * USD;
        }
        p.extraOn = t.extraOn();
        p.cap = t.cap();
        p.settle(before, now);
    }

    private static boolean isUpgrade(long[] to, long[] from) {
        return to[0] > from[0] || (to[0] == from[0] && to[1] > from[1]);
    }

    void claim(String id) {
        Account a = accounts.get(id);
        if (a.claimed()) {
            return;
        }
        a.changes.add(new Change(now, now, "CLAIM", null, false, null));
        reached(a).forEach(p -> conform(a, p));
    }

    /** Settings equal to those in force change nothing: nothing is recorded, and no cycle is opened for it. */
    void extraUsage(String id, boolean on, Long cap) {
        Account a = accounts.get(id);
        Terms inForce = a.termsAt(now);
        if (inForce.extraOn() == on && java.util.Objects.equals(inForce.cap(), cap)) {
            return;
        }
        a.changes.add(new Change(now, now, "EXTRA", null, on, cap));
        reached(a).forEach(p -> conform(a, p));
    }

    /** A plan change; the same plan again changes nothing unless it cancels a downgrade still waiting. */
    void plan(String id, String plan) {
        Account a = accounts.get(id);
        Instant[] c = a.cycleOf(now);
        Pools stored = a.cycles.get(c[0]);
        String currentPlan = stored != null ? stored.plan : a.termsFor(c[0], c[1], now).plan();
        Change lastPlan = a.changes.stream().filter(x -> x.kind().equals("PLAN")).reduce((x, y) -> y).orElseThrow();
        boolean waiting = lastPlan.from().isAfter(now);
        if (plan.equals(currentPlan) && !waiting) {
            return;
        }
        boolean downgrade = !plan.equals(currentPlan) && !isUpgrade(PLANS.get(plan), PLANS.get(currentPlan));
        a.changes.add(new Change(now, downgrade ? c[1] : now, "PLAN", plan, false, null));
        reached(a).forEach(p -> conform(a, p));
    }

    /** @return false when refused: taking back more than remains */
    boolean adjust(String id, boolean programmatic, long amount) {
        Account a = accounts.get(id);
        Instant start = a.cycleOf(now)[0];
        boolean stored = a.cycles.containsKey(start);
        Pools p = currentOrOpen(a);
        long remaining = programmatic ? p.remaining() : p.iGranted - p.iUsed;
        if (amount < 0 && -amount > remaining) {
            if (!stored) {
                a.cycles.remove(start); // a refused adjustment writes nothing, not even the opening
            }
            return false;
        }
        if (programmatic) {
            String before = p.state();
            p.granted += amount;
            p.adjusted += amount;
            p.settle(before, now);
        } else {
            p.iGranted += amount;
            p.iAdjusted += amount;
        }
        return true;
    }

    // ------------------------------------------------------------------ usage

    /** Validates what the model can tell from the event alone; null when valid, else the offending field. */
    String invalidField(Event e) {
        if (!Pattern.matches("[A-Za-z0-9._:-]{1,128}", e.eventId())) {
            return "eventId";
        }
        if (e.occurredAt().isAfter(now.plus(SKEW))) {
            return "occurredAt";
        }
        if (!SOURCE.matcher(e.source()).matches()
                || !(INTERACTIVE.contains(e.source()) || PROGRAMMATIC.contains(e.source())
                        || (e.source().startsWith("third-party:") && e.source().length() > "third-party:".length()))) {
            return "source";
        }
        if (!RATES.containsKey(e.model())) {
            return "model";
        }
        for (long count : new long[] {e.input(), e.output(), e.write5m(), e.write1h(), e.read()}) {
            if (count > MAX_TOKENS) {
                return "usage";
            }
        }
        return null;
    }

    /** A batch as the recorder applies it: account by account, and within one, target by target, in order of first appearance. */
    List<Outcome> record(List<Event> batch) {
        Outcome[] out = new Outcome[batch.size()];
        Map<String, List<Integer>> byAccount = new LinkedHashMap<>();
        for (int i = 0; i < batch.size(); i++) {
            Event e = batch.get(i);
            String field = invalidField(e);
            if (field != null) {
                out[i] = new Outcome("QUARANTINED", field, 0, 0, 0, false);
            } else if (!accounts.containsKey(e.accountId())) {
                out[i] = new Outcome("QUARANTINED", "accountId", 0, 0, 0, false);
            } else {
                byAccount.computeIfAbsent(e.accountId(), k -> new ArrayList<>()).add(i);
            }
        }
        byAccount.forEach((id, indexes) -> {
            Account a = accounts.get(id);
            Map<String, String> inBatch = new LinkedHashMap<>();
            Map<String, List<Integer>> byTarget = new LinkedHashMap<>();
            Map<String, Instant> targetStart = new LinkedHashMap<>();
            for (int i : indexes) {
                Event e = batch.get(i);
                String known = a.seen.containsKey(e.eventId()) ? a.seen.get(e.eventId()) : inBatch.get(e.eventId());
                if (known != null) {
                    out[i] = known.equals(e.body()) ? new Outcome("DUPLICATE", null, 0, 0, 0, false)
                            : new Outcome("QUARANTINED", REUSED, 0, 0, 0, false);
                    continue;
                }
                inBatch.put(e.eventId(), e.body());
                Instant own = a.cycleOf(e.occurredAt())[0];
                Pools stored = a.cycles.get(own);
                boolean late = own.isBefore(a.firstStart) || (stored != null && stored.closed);
                Instant target = late ? a.cycleOf(now)[0] : own;
                String key = target + "/" + late;
                byTarget.computeIfAbsent(key, k -> new ArrayList<>()).add(i);
                targetStart.put(key, target);
            }
            byTarget.forEach((key, list) -> {
                Instant start = targetStart.get(key);
                boolean late = key.endsWith("/true");
                Pools p = a.cycles.get(start);
                if (p == null) {
                    p = open(a, start);
                }
                for (int i : list) {
                    Event e = batch.get(i);
                    out[i] = debit(p, e, late ? now : e.occurredAt(), late);
                    count(p, e, a.zone, out[i]);
                    a.seen.put(e.eventId(), e.body());
                }
            });
        });
        return List.of(out);
    }

    private static void count(Pools p, Event e, ZoneId zone, Outcome paid) {
        String key = LocalDate.ofInstant(e.occurredAt(), zone) + "|" + e.model() + "|" + e.source();
        List<Long> add = List.of(1L, e.cost(), paid.credit(), paid.extra(), paid.overrun(), e.input(), e.output(), e.write5m(),
                e.write1h(), e.read());
        p.usage.merge(key, add, (was, more) -> {
            List<Long> sum = new ArrayList<>();
            for (int i = 0; i < was.size(); i++) {
                sum.add(was.get(i) + more.get(i));
            }
            return sum;
        });
    }

    private static Outcome debit(Pools p, Event e, Instant at, boolean late) {
        long cost = e.cost();
        p.debits++;
        if (!e.programmatic()) {
            long credit = Math.min(cost, Math.max(0, p.iGranted - p.iUsed));
            p.iUsed += credit;
            p.iOverrun += cost - credit;
            return new Outcome("APPLIED", null, credit, 0, cost - credit, late);
        }
        String before = p.state();
        long credit = Math.min(cost, Math.max(0, p.remaining()));
        long rest = cost - credit;
        long extra = 0;
        if (p.extraOn) {
            extra = p.cap == null ? rest : Math.min(rest, Math.max(0, p.cap - p.accrued));
        }
        p.used += credit;
        p.accrued += extra;
        p.overrun += rest - extra;
        if (extra > 0) {
            p.extraByModel.merge(e.model(), extra, Long::sum);
        }
        p.settle(before, at);
        return new Outcome("APPLIED", null, credit, extra, rest - extra, late);
    }

    // ------------------------------------------------------------------ the reset

    /** What a run reports. */
    record Report(long closed, long expired, long billed) {}

    /** @return null when the reset must refuse {@code asOf} */
    Report reset(Instant asOf) {
        if (asOf.isAfter(now.plus(SKEW))) {
            return null;
        }
        Instant cutoff = (asOf.isBefore(now) ? asOf : now).minus(GRACE);
        long closed = 0;
        long expired = 0;
        long billed = 0;
        for (Account a : accounts.values()) {
            Pools p = a.cycles.values().stream().filter(c -> !c.closed).findFirst().orElse(null);
            while (p != null && p.end.isBefore(cutoff)) {
                expired += Math.max(0, p.remaining());
                p.expired += Math.max(0, p.remaining());
                billed += p.accrued;
                p.closed = true;
                closed++;
                Pools next = a.cycles.get(p.end);
                p = next != null ? next : open(a, p.end);
                if (p.closed) {
                    throw new IllegalStateException("a closed cycle after an open one");
                }
            }
        }
        return new Report(closed, expired, billed);
    }
}
