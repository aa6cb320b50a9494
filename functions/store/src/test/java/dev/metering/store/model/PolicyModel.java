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
 * <p>What it states, each from the design's rules: list prices per model and token type, with every
 * modifier of the public page (batch halved, US-only inference times 1.1 from Opus 4.6 on, long
 * context above a threshold, web searches at $10 a thousand, a rate that comes to a fraction of a
 * nano-dollar held rather than rounded), model ids as the API reports them, the usage object read
 * whole (unknown fields refused, the tier from either place), rows put at runtime and a book at most a
 * minute old; cycles from the anchor's local time plus k months, clamped; the debit split; pool
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

    /**
     * One dated price of a model, from the public page: nano-dollars per token (input, output, cache write
     * 5m, cache write 1h, cache read), a long-context set above a threshold (0: none), whether US-only
     * inference costs 1.1 times, and the fee of one web search.
     */
    record Row(Instant from, long[] base, long lcAbove, long[] lc, boolean usOnly, long searchFee) {}

    static final long SEARCH = 10_000_000L;
    static final Instant SHIPPED = Instant.parse("2024-01-01T00:00:00Z");
    /** The corrections to models priced before: the residency multiplier and Sonnet 4.5's long context. */
    static final Instant CORRECTED = Instant.parse("2026-12-07T00:00:00Z");
    static final String RUNTIME_MODEL = "claude-model-x";
    static final Duration BOOK_AGE = Duration.ofMinutes(1);
    static final Duration PRICE_LEAD = Duration.ofMinutes(10);

    private static Row row(Instant from, long[] base, boolean usOnly) {
        return new Row(from, base, 0, null, usOnly, SEARCH);
    }

    static final Map<String, List<Row>> BOOK = Map.of(
            "claude-opus-4-7", List.of(row(SHIPPED, new long[] {5_000, 25_000, 6_250, 10_000, 500}, false),
                    row(CORRECTED, new long[] {5_000, 25_000, 6_250, 10_000, 500}, true)),
            "claude-opus-4-1", List.of(row(SHIPPED, new long[] {15_000, 75_000, 18_750, 30_000, 1_500}, false)),
            "claude-sonnet-4-6", List.of(row(SHIPPED, new long[] {3_000, 15_000, 3_750, 6_000, 300}, false),
                    row(CORRECTED, new long[] {3_000, 15_000, 3_750, 6_000, 300}, true)),
            "claude-haiku-4-5", List.of(row(SHIPPED, new long[] {1_000, 5_000, 1_250, 2_000, 100}, false)),
            "claude-haiku-3-5", List.of(row(SHIPPED, new long[] {800, 4_000, 1_000, 1_600, 80}, false)),
            "claude-sonnet-4-5", List.of(row(SHIPPED, new long[] {3_000, 15_000, 3_750, 6_000, 300}, false),
                    new Row(CORRECTED, new long[] {3_000, 15_000, 3_750, 6_000, 300}, 200_000, new long[] {6_000, 22_500, 7_500, 12_000, 600},
                            false, SEARCH)),
            "claude-sonnet-5", List.of(row(SHIPPED, new long[] {2_000, 10_000, 2_500, 4_000, 200}, true)),
            "claude-haiku-5-5", List.of(new Row(SHIPPED, new long[] {100, 500, 125, 200, 10}, 100_000, new long[] {500, 2_500, 625, 1_000, 50},
                    true, SEARCH)));

    /** The dated ids the API reports, beside the canonical ones. */
    static final Map<String, String> SNAPSHOT_IDS = Map.of("claude-sonnet-4-5", "claude-sonnet-4-5-20250929",
            "claude-haiku-4-5", "claude-haiku-4-5-20251001", "claude-opus-4-1", "claude-opus-4-1-20250805",
            "claude-haiku-3-5", "claude-3-5-haiku-20241022");

    static String canonical(String id) {
        for (Map.Entry<String, String> e : SNAPSHOT_IDS.entrySet()) {
            if (e.getValue().equals(id)) {
                return e.getKey();
            }
        }
        return id;
    }

    /** Credit and interactive allowance per cycle, in whole dollars, as the bundled plan data has them. */
    static final Map<String, long[]> PLANS = Map.of(
            "pro", new long[] {20, 8}, "max-5x", new long[] {100, 40}, "max-20x", new long[] {200, 160},
            "team-standard", new long[] {20, 10}, "team-premium", new long[] {100, 50});

    static final Set<String> INTERACTIVE = Set.of("claude-web", "claude-desktop", "claude-mobile", "claude-code", "cowork");
    static final Set<String> PROGRAMMATIC = Set.of("agent-sdk", "claude-code-headless", "claude-code-github-actions");
    private static final Pattern SOURCE = Pattern.compile("[A-Za-z0-9._:-]{1,128}");
    static final List<Integer> THRESHOLDS = List.of(50, 75, 90, 100);

    /**
     * One usage event as sent: {@code model} is the id it names; {@code tierTop} KEEP (serviceTier from
     * {@code batch}), ABSENT or a tier, {@code tierUsage} and {@code geo} ABSENT, NULL or a value;
     * {@code unknown} a misspelt field ("usage" or "top") or null.
     */
    record Event(String eventId, String accountId, Instant occurredAt, String source, String model, boolean batch,
                 long input, long output, long write5m, long write1h, long read, String tierTop, String tierUsage, String geo,
                 long searches, long fetches, String unknown, Map<String, String> tags) {

        Event(String eventId, String accountId, Instant occurredAt, String source, String model, boolean batch,
              long input, long output, long write5m, long write1h, long read) {
            this(eventId, accountId, occurredAt, source, model, batch, input, output, write5m, write1h, read, "KEEP", "ABSENT", "ABSENT",
                    0, 0, null, Map.of());
        }

        Event withInput(long more) {
            return new Event(eventId, accountId, occurredAt, source, model, batch, input + more, output, write5m, write1h, read, tierTop,
                    tierUsage, geo, searches, fetches, unknown, tags);
        }

        /** The top-level serviceTier as sent, or null when absent. */
        String topTier() {
            return tierTop.equals("KEEP") ? (batch ? "batch" : "standard") : tierTop.equals("ABSENT") ? null : tierTop;
        }

        String usageTier() {
            return tierUsage.equals("ABSENT") || tierUsage.equals("NULL") ? null : tierUsage;
        }

        String tier() {
            return topTier() != null ? topTier() : usageTier() != null ? usageTier() : "standard";
        }

        boolean us() {
            return geo.equals("us");
        }

        /** What "the same body" means: what is priced, the model by its canonical id. */
        String body() {
            return accountId + "|" + occurredAt + "|" + source + "|" + canonical(model) + "|" + tier() + "|" + input + "|" + output + "|"
                    + write5m + "|" + write1h + "|" + read + "|" + us() + "|" + searches + "|" + new TreeMap<>(tags);
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
        final Map<String, Budget> budgets = new TreeMap<>();
        final List<Charge> charges = new ArrayList<>();

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
    // ------------------------------------------------------------------ budgets

    /** A budget as the model keeps it: what it matches (null: all; a source; or a tag=value), its window and limit, from when it counts. */
    record Budget(String id, String source, String tag, String value, String window, long limit, boolean pause, long sinceSeq) {
        boolean matches(String eventSource, Map<String, String> tags) {
            if (source != null) {
                return source.equals(eventSource);
            }
            return tag == null || value.equals(tags.get(tag));
        }

        boolean countsAs(Budget other) {
            return java.util.Objects.equals(source, other.source) && java.util.Objects.equals(tag, other.tag)
                    && java.util.Objects.equals(value, other.value) && window.equals(other.window);
        }
    }

    /** A programmatic debit as budgets see it: when it was recorded (in order), where it landed, what it cost. */
    record Charge(long seq, Instant occurredAt, String source, Map<String, String> tags, long cost, Instant appliedStart, boolean late) {}

    /** A counter of the model's writes, so "recorded since" is an order, not a time (steps may share an instant). */
    long seq;

    /** Creates or changes a budget: the spend restarts when what it matches or its window changes. False when the account has ten others. */
    boolean putBudget(String accountId, Budget budget) {
        Account a = accounts.get(accountId);
        Budget before = a.budgets.get(budget.id());
        if (before == null && a.budgets.size() >= 10) {
            return false;
        }
        long since = before != null && before.countsAs(budget) ? before.sinceSeq() : ++seq;
        a.budgets.put(budget.id(), new Budget(budget.id(), budget.source(), budget.tag(), budget.value(), budget.window(), budget.limit(),
                budget.pause(), since));
        return true;
    }

    boolean deleteBudget(String accountId, String id) {
        return accounts.get(accountId).budgets.remove(id) != null;
    }

    /** What a budget has counted in its window of now: the matching debits recorded since it counts, read off the charges. */
    long spent(String accountId, Budget b) {
        Account a = accounts.get(accountId);
        Instant[] cycle = a.cycleOf(now);
        long sum = 0;
        for (Charge c : a.charges) {
            if (c.seq() <= b.sinceSeq() || !b.matches(c.source(), c.tags()) || !c.appliedStart().equals(cycle[0])) {
                continue;
            }
            boolean in = switch (b.window()) {
                case "cycle" -> true;
                case "day" -> !c.late() && LocalDate.ofInstant(c.occurredAt(), a.zone).equals(LocalDate.ofInstant(now, a.zone));
                default -> {
                    long step = Math.floorDiv(now.toEpochMilli(), 300_000L);
                    long at = Math.floorDiv(c.occurredAt().toEpochMilli(), 300_000L);
                    yield !c.late() && at > step - 12 && at <= step;
                }
            };
            if (in) {
                sum += c.cost();
            }
        }
        return sum;
    }

    /** The runtime rows, by model, as put so far. */
    final Map<String, List<Row>> runtime = new TreeMap<>();
    /** The book the recorder prices with, and when it read it. */
    private Map<String, List<Row>> book;
    private Instant bookReadAt;

    /** The bundled rows with the runtime ones laid over them, one dated list per model. */
    Map<String, List<Row>> rowsNow() {
        Map<String, List<Row>> all = new TreeMap<>();
        BOOK.forEach((m, rows) -> all.put(m, new ArrayList<>(rows)));
        runtime.forEach((m, rows) -> all.computeIfAbsent(m, k -> new ArrayList<>()).addAll(rows));
        all.values().forEach(rows -> rows.sort(java.util.Comparator.comparing(Row::from)));
        return all;
    }

    /** A price put at runtime: taken when the model has no price, or when it starts ten minutes ahead or later. */
    boolean putPrice(String model, Row row) {
        boolean priced = rowsNow().containsKey(model);
        if (priced && row.from().isBefore(now.plus(PRICE_LEAD))) {
            return false;
        }
        runtime.computeIfAbsent(model, k -> new ArrayList<>()).add(row);
        return true;
    }

    /** The book a batch is priced with: read again once a minute old. */
    private void freshBook() {
        if (bookReadAt == null || !now.isBefore(bookReadAt.plus(BOOK_AGE))) {
            book = rowsNow();
            bookReadAt = now;
        }
    }

    private Row rowAt(String model, Instant at) {
        Row current = null;
        for (Row r : book.getOrDefault(model, List.of())) {
            if (!r.from().isAfter(at)) {
                current = r;
            }
        }
        return current;
    }

    /** The cost of a valid event under the book, or -1 when a rate it needs is not a whole number of nano-dollars. */
    long cost(Event e) {
        Row row = rowAt(canonical(e.model()), e.occurredAt());
        long context = e.input() + e.write5m() + e.write1h() + e.read();
        long[] rates = row.lcAbove() > 0 && context > row.lcAbove() ? row.lc() : row.base();
        long num = row.usOnly() && e.us() ? 11 : 1;
        long den = (row.usOnly() && e.us() ? 10 : 1) * (e.tier().equals("batch") ? 2 : 1);
        long[] counts = {e.input(), e.output(), e.write5m(), e.write1h(), e.read()};
        long cost = e.searches() * row.searchFee();
        for (int i = 0; i < counts.length; i++) {
            if (counts[i] == 0) {
                continue;
            }
            if (rates[i] * num % den != 0) {
                return -1;
            }
            cost += counts[i] * (rates[i] * num / den);
        }
        return cost;
    }

    /** Why the recorder refuses the event, in the order it checks: a field name (the reason's start) or a whole reason. */
    String invalidField(Event e) {
        if ("top".equals(e.unknown())) {
            return "tgas: unknown field";
        }
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
        if (e.geo().equals("eu")) {
            return "usage.inference_geo";
        }
        if ("usage".equals(e.unknown())) {
            return "usage.web_search_calls: unknown field";
        }
        for (long count : new long[] {e.input(), e.output(), e.write5m() + e.write1h(), e.read(), e.write5m(), e.write1h()}) {
            if (count > MAX_TOKENS) {
                return "usage";
            }
        }
        if (e.topTier() != null && e.usageTier() != null && !e.topTier().equals(e.usageTier())) {
            return "serviceTier: disagrees with usage.service_tier ('" + e.topTier() + "' and '" + e.usageTier() + "')";
        }
        String model = canonical(e.model());
        if (!book.containsKey(model)) {
            return "model: unknown model '" + e.model() + "'";
        }
        if (rowAt(model, e.occurredAt()) == null || cost(e) < 0) {
            return "model";
        }
        return null;
    }

    /** A batch as the recorder applies it: account by account, and within one, target by target, in order of first appearance. */
    List<Outcome> record(List<Event> batch) {
        freshBook();
        Outcome[] out = new Outcome[batch.size()];
        long[] costs = new long[batch.size()];
        Map<String, List<Integer>> byAccount = new LinkedHashMap<>();
        for (int i = 0; i < batch.size(); i++) {
            Event e = batch.get(i);
            String field = invalidField(e);
            if (field != null) {
                out[i] = new Outcome("QUARANTINED", field, 0, 0, 0, false);
            } else if (!accounts.containsKey(e.accountId())) {
                out[i] = new Outcome("QUARANTINED", "accountId", 0, 0, 0, false);
            } else {
                costs[i] = cost(e);
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
                long batchSeq = ++seq;
                for (int i : list) {
                    Event e = batch.get(i);
                    out[i] = debit(p, e, costs[i], late ? now : e.occurredAt(), late);
                    count(p, e, costs[i], a.zone, out[i]);
                    a.seen.put(e.eventId(), e.body());
                    if (e.programmatic()) {
                        a.charges.add(new Charge(batchSeq, e.occurredAt(), e.source(), e.tags(), costs[i], start, late));
                    }
                }
            });
        });
        return List.of(out);
    }

    private static void count(Pools p, Event e, long cost, ZoneId zone, Outcome paid) {
        String key = LocalDate.ofInstant(e.occurredAt(), zone) + "|" + canonical(e.model()) + "|" + e.source();
        List<Long> add = List.of(1L, cost, paid.credit(), paid.extra(), paid.overrun(), e.input(), e.output(), e.write5m(),
                e.write1h(), e.read());
        p.usage.merge(key, add, (was, more) -> {
            List<Long> sum = new ArrayList<>();
            for (int i = 0; i < was.size(); i++) {
                sum.add(was.get(i) + more.get(i));
            }
            return sum;
        });
    }

    private static Outcome debit(Pools p, Event e, long cost, Instant at, boolean late) {
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
            p.extraByModel.merge(canonical(e.model()), extra, Long::sum);
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
