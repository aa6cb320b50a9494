package dev.metering.store.model;

import static org.assertj.core.api.Assertions.assertThat;

import dev.metering.core.cycle.CyclePools;
import dev.metering.core.debit.Pool;
import dev.metering.core.ledger.EntryKind;
import dev.metering.core.ledger.LedgerEntry;
import dev.metering.core.usage.UsageCell;
import dev.metering.store.StoreFixture;
import dev.metering.store.model.PolicyModel.Outcome;
import dev.metering.store.model.PolicyModel.Pools;
import dev.metering.store.recording.RecordResult;
import dev.metering.store.reset.ResetReport;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * Runs one sequence of steps against the real store (through {@link SystemUnderTest}) and the
 * model side by side, and after every step holds the store to the model: every cycle's pools,
 * every event's outcome, every reset's report, and the ledger's sums.
 */
final class ModelRun {

    static final Instant START = Instant.parse("2027-01-15T00:00:00Z");

    /** Anchors on the 29th to 31st and the 1st, in zones with and without DST, on both sides of UTC. */
    private static final List<Object[]> ANCHORS = List.of(
            new Object[] {"2027-01-31T10:00:00", "UTC"},
            new Object[] {"2026-12-29T02:30:00", "America/Los_Angeles"},
            new Object[] {"2027-01-30T23:30:00", "Europe/Berlin"},
            new Object[] {"2026-12-31T00:15:00", "Asia/Tokyo"},
            new Object[] {"2027-01-01T00:00:00", "Australia/Sydney"});

    private final PolicyModel model;
    private final SystemUnderTest system;
    private final MutableClock clock;
    private final List<String> ids = new ArrayList<>();
    private final List<PolicyModel.Event> sent = new ArrayList<>();
    private int eventCounter;
    int steps;

    ModelRun(StoreFixture fixture, MutableClock clock, long seed, int accounts) {
        this.clock = clock;
        this.model = new PolicyModel(START);
        this.system = new SystemUnderTest(fixture, clock);
        clock.set(START);
        for (int i = 0; i < accounts; i++) {
            Object[] anchor = ANCHORS.get((int) Math.floorMod(seed + i, ANCHORS.size()));
            ZoneId zone = ZoneId.of((String) anchor[1]);
            Instant at = LocalDateTime.parse((String) anchor[0]).atZone(zone).toInstant();
            String id = "acct_m" + i;
            String plan = Step.PLANS.get((int) Math.floorMod(seed * 7 + i, Step.PLANS.size()));
            ids.add(id);
            model.create(id, plan, at, zone);
            system.create(id, plan, at, zone);
        }
        checkAll();
    }

    void run(Step step) {
        steps++;
        Map<String, String> before = fingerprints();
        if (step instanceof Step.Advance a) {
            moveTo(model.now.plusMillis(a.millis()));
        } else if (step instanceof Step.ToBoundary b) {
            PolicyModel.Account a = model.accounts.get(ids.get(b.account()));
            Instant target = a.cycleOf(model.now)[1].plusMillis(b.offsetMillis());
            if (target.isAfter(model.now)) {
                moveTo(target);
            }
        } else if (step instanceof Step.Record r) {
            record(r);
        } else if (step instanceof Step.Claim c) {
            model.claim(ids.get(c.account()));
            system.claim(ids.get(c.account()));
        } else if (step instanceof Step.ExtraUsage e) {
            Long capNanos = e.capUsd() == null ? null : e.capUsd() * PolicyModel.USD;
            model.extraUsage(ids.get(e.account()), e.enabled(), capNanos);
            system.extraUsage(ids.get(e.account()), e.enabled(), capNanos);
        } else if (step instanceof Step.Plan p) {
            model.plan(ids.get(p.account()), p.plan());
            system.plan(ids.get(p.account()), p.plan());
        } else if (step instanceof Step.Adjust a) {
            boolean expected = model.adjust(ids.get(a.account()), a.programmatic(), a.nanos());
            boolean applied = system.adjust(ids.get(a.account()), a.programmatic(), a.nanos(), "adj-" + steps);
            assertThat(applied).as("adjustment of %s applied", a.nanos()).isEqualTo(expected);
        } else if (step instanceof Step.EarlyOpenedPlans e) {
            earlyOpenedPlans(e, before);
        } else if (step instanceof Step.Reset r) {
            reset(r);
        } else if (step instanceof Step.TtlSweep) {
            system.ttlSweep(model.now);
        } else if (step instanceof Step.PutPrice p) {
            putPrice(p);
        } else if (step instanceof Step.SetBudget b) {
            setBudget(b);
        }
        Map<String, String> after = fingerprints();
        List<String> changed = new ArrayList<>();
        after.forEach((k, v) -> {
            if (!v.equals(before.get(k))) {
                changed.add(k);
            }
        });
        compareCycles(step instanceof Step.TtlSweep ? new ArrayList<>(after.keySet()) : changed);
        compareBudgets();
    }

    /** A budget set or deleted, by the model and the store alike. */
    private void setBudget(Step.SetBudget b) {
        String id = ids.get(b.account());
        if (b.delete()) {
            assertThat(system.deleteBudget(id, b.budgetId())).as("budget %s of %s deleted", b.budgetId(), id)
                    .isEqualTo(model.deleteBudget(id, b.budgetId()));
            count("budget deleted");
            return;
        }
        String source = b.match() == 1 ? Step.PROGRAMMATIC_SOURCES.get(b.source()) : null;
        PolicyModel.Budget budget = new PolicyModel.Budget(b.budgetId(), source, b.match() == 2 ? "team" : null, b.match() == 2 ? "search" : null,
                b.window(), b.limitCents() * 10_000_000L, b.pause(), 0);
        boolean taken = model.putBudget(id, budget);
        assertThat(system.putBudget(id, budget)).as("budget %s of %s set", b.budgetId(), id).isEqualTo(taken);
        count("budget set " + b.window());
    }

    /** Every account's budgets: the same ones, each with the spend and state the model reads off its debits. */
    private void compareBudgets() {
        for (PolicyModel.Account a : model.accounts.values()) {
            Map<String, long[]> got = system.budgets(a.id);
            assertThat(got.keySet()).as("budgets of %s", a.id).isEqualTo(a.budgets.keySet());
            for (PolicyModel.Budget b : a.budgets.values()) {
                long want = model.spent(a.id, b);
                assertThat(got.get(b.id())[0]).as("spend of budget %s of %s (%s)", b.id(), a.id, b).isEqualTo(want);
                if (want > 0) {
                    count("budget spend compared " + b.window() + (want >= b.limit() ? " exhausted" : ""));
                }
            }
        }
    }

    /** A cycle opened early and spent in, then plan changes in any order: each compared with the model as it lands. */
    private void earlyOpenedPlans(Step.EarlyOpenedPlans e, Map<String, String> before) {
        String id = ids.get(e.account());
        PolicyModel.Account a = model.accounts.get(id);
        Instant end = a.cycleOf(model.now)[1];
        Instant at = end.minus(Duration.ofMinutes(e.minutesBefore()));
        if (at.isAfter(model.now)) {
            moveTo(at);
        }
        if (end.isAfter(model.now) && !end.isAfter(model.now.plus(PolicyModel.SKEW))) {
            PolicyModel.Event early = new PolicyModel.Event("e" + (eventCounter++), id, end.plusMillis(1), "agent-sdk", "claude-opus-4-1",
                    false, e.input(), 0, 0, 0, 0);
            List<Outcome> want = model.record(List.of(early));
            RecordResult got = system.record(List.of(early), 0, -1).get(0);
            assertThat(got.status().name()).as("the early event " + early).isEqualTo(want.get(0).status());
            sent.add(early);
        }
        for (String plan : e.plans()) {
            model.plan(id, plan);
            system.plan(id, plan);
            Map<String, String> now = fingerprints();
            List<String> changed = new ArrayList<>();
            now.forEach((k, v) -> {
                if (!v.equals(before.get(k))) {
                    changed.add(k);
                }
            });
            compareCycles(changed);
        }
    }

    private void moveTo(Instant t) {
        model.now = t;
        clock.set(t);
    }

    /** What the runs exercised, by kind (outcomes, quarantine reasons, price puts), printed with the test's figures. */
    static final Map<String, Long> EXERCISED = new java.util.concurrent.ConcurrentSkipListMap<>();

    private static void count(String what) {
        EXERCISED.merge(what, 1L, Long::sum);
    }

    private void record(Step.Record r) {
        List<PolicyModel.Event> batch = new ArrayList<>();
        for (Step.Ev ev : r.events()) {
            batch.add(event(ev));
        }
        List<Outcome> expected = model.record(batch);
        List<RecordResult> got = system.record(batch, r.faultSeed(), r.deadlineChecks());
        for (int i = 0; i < batch.size(); i++) {
            Outcome want = expected.get(i);
            RecordResult res = got.get(i);
            String what = "event " + batch.get(i) + " -> " + res;
            assertThat(res.status().name()).as(what).isEqualTo(want.status());
            if (want.status().equals("QUARANTINED")) {
                if (want.reasonField().contains(":")) {
                    assertThat(res.reason()).as(what).isEqualTo(want.reasonField());
                } else {
                    assertThat(res.reason()).as(what).startsWith(want.reasonField());
                }
            }
            PolicyModel.Event e = batch.get(i);
            count(want.status().equals("QUARANTINED") ? "quarantined " + want.reasonField().split("[ ':]")[0]
                    : want.status().toLowerCase() + (e.us() ? " us" : "") + " " + e.tier() + (e.searches() > 0 ? " +search" : ""));
            if (want.status().equals("APPLIED")) {
                count("applied " + PolicyModel.canonical(e.model()) + (e.model().equals(PolicyModel.canonical(e.model())) ? "" : " by its dated id"));
                assertThat(res.split().credit().nanos()).as("credit of " + what).isEqualTo(want.credit());
                assertThat(res.split().extraUsage().nanos()).as("extra usage of " + what).isEqualTo(want.extra());
                assertThat(res.split().overrun().nanos()).as("overrun of " + what).isEqualTo(want.overrun());
                assertThat(res.late()).as("late " + what).isEqualTo(want.late());
                sent.add(batch.get(i));
            }
        }
    }

    private PolicyModel.Event event(Step.Ev ev) {
        if (ev.dupOf() >= 0 && !sent.isEmpty()) {
            PolicyModel.Event earlier = sent.get(ev.dupOf() % sent.size());
            if (!ev.reuse()) {
                return earlier;
            }
            return earlier.withInput(1);
        }
        String account = ev.account() < 0 ? "acct_nobody" : ids.get(ev.account());
        PolicyModel.Account a = ev.account() < 0 ? null : model.accounts.get(account);
        Instant now = model.now;
        Instant at = switch (ev.when()) {
            case "TOO_FAR" -> now.plusMillis(ev.offsetMillis());
            // Past the end of the account's cycle when that is near: such an event opens the next cycle early.
            case "AHEAD" -> a != null && a.cycleOf(now)[1].isBefore(now.plus(PolicyModel.SKEW))
                    ? a.cycleOf(now)[1].plusMillis(ev.offsetMillis() % Math.max(1, Duration.between(a.cycleOf(now)[1],
                            now.plus(PolicyModel.SKEW)).toMillis()))
                    : now.plusMillis(ev.offsetMillis());
            case "START" -> a == null ? now : a.cycleOf(now)[0];
            case "LAST_MS" -> a == null ? now : a.cycleOf(now)[0].minusMillis(1);
            case "MONTHS" -> now.minusMillis(ev.offsetMillis());
            default -> now.minusMillis(ev.offsetMillis());
        };
        String source = ev.source() == Step.LONG_SOURCE ? "third-party:" + "x".repeat(6000) : Step.SOURCES.get(ev.source());
        Step.Shape shape = ev.shape();
        String model = shape.newModel() >= 0 ? Step.NEW_MODELS.get(shape.newModel()) : Step.MODELS.get(ev.model());
        if (shape.snapshotId() && PolicyModel.SNAPSHOT_IDS.containsKey(model)) {
            model = PolicyModel.SNAPSHOT_IDS.get(model);
        }
        long read = ev.read();
        if (shape.contextTokens() >= 0 && shape.contextTokens() >= ev.input() + ev.write5m() + ev.write1h()) {
            read = shape.contextTokens() - ev.input() - ev.write5m() - ev.write1h();
        }
        return new PolicyModel.Event("e" + (eventCounter++), account, at, source, model, ev.batch(), ev.input(), ev.output(), ev.write5m(),
                ev.write1h(), read, shape.tierTop(), shape.tierUsage(), shape.geo(), shape.searches(), shape.fetches(), shape.unknown(),
                shape.tags());
    }

    /** A price row put at runtime, by the model's rules and the store's: both take it or both refuse it. */
    private void putPrice(Step.PutPrice p) {
        String model;
        Instant from;
        long[] rates;
        boolean usOnly;
        switch (p.kind()) {
            case "NEW" -> {
                model = PolicyModel.RUNTIME_MODEL;
                from = this.model.now.minusMillis(p.offsetMillis());
                rates = p.doubled() ? new long[] {6_000, 30_000, 7_500, 12_000, 600} : new long[] {3_000, 15_000, 3_750, 6_000, 300};
                usOnly = false;
            }
            case "AHEAD" -> {
                model = "claude-sonnet-5";
                from = this.model.now.plus(PolicyModel.PRICE_LEAD).plusMillis(p.offsetMillis());
                rates = p.doubled() ? new long[] {4_000, 20_000, 5_000, 8_000, 400} : new long[] {2_000, 10_000, 2_500, 4_000, 100};
                usOnly = true;
            }
            default -> {
                model = "claude-sonnet-5";
                from = this.model.now.plusMillis(p.offsetMillis() % PolicyModel.PRICE_LEAD.toMillis());
                rates = new long[] {4_000, 20_000, 5_000, 8_000, 400};
                usOnly = true;
            }
        }
        from = from.truncatedTo(java.time.temporal.ChronoUnit.MILLIS);
        boolean expected = this.model.putPrice(model, new PolicyModel.Row(from, rates, 0, null, usOnly, PolicyModel.SEARCH));
        boolean taken = system.putPrice(model, from, rates, usOnly);
        assertThat(taken).as("price for %s from %s (now %s) taken", model, from, this.model.now).isEqualTo(expected);
        count("price put " + p.kind() + (taken ? " taken" : " refused"));
    }

    private void reset(Step.Reset r) {
        Instant asOf = r.mode().equals("FUTURE") ? model.now.plus(Duration.ofDays(3650)) : model.now;
        PolicyModel.Report want = model.reset(asOf);
        if (want == null) {
            assertThat(system.resetRefused(asOf)).as("a reset as of %s (now %s) is refused", asOf, model.now).isTrue();
            return;
        }
        long closed = 0;
        long expired = 0;
        long billed = 0;
        List<ResetReport> reports = new ArrayList<>();
        if (r.mode().equals("KILLED")) {
            reports.add(system.reset(asOf, r.killAfter()));
        }
        reports.add(system.reset(asOf, -1));
        for (ResetReport report : reports) {
            closed += report.cyclesClosed();
            expired += report.creditExpired().nanos();
            billed += report.extraUsageBilled().nanos();
        }
        ResetReport last = reports.get(reports.size() - 1);
        assertThat(last.remaining()).as("remaining after a run to the end").isZero();
        assertThat(closed).as("cycles closed").isEqualTo(want.closed());
        assertThat(expired).as("credit expired").isEqualTo(want.expired());
        assertThat(billed).as("extra usage billed").isEqualTo(want.billed());
        if (r.mode().equals("TWICE")) {
            ResetReport again = system.reset(asOf, -1);
            assertThat(again.cyclesClosed()).as("a second run closes nothing").isZero();
        }
    }

    /** The store's cells in the model's terms. */
    private static Map<String, List<Long>> usage(List<UsageCell> cells) {
        Map<String, List<Long>> out = new TreeMap<>();
        for (UsageCell c : cells) {
            out.put(c.key().day() + "|" + c.key().model() + "|" + c.key().source(), List.of(c.events(), c.cost().nanos(),
                    c.credit().nanos(), c.extraUsage().nanos(), c.overrun().nanos(), c.tokens().input(), c.tokens().output(),
                    c.tokens().cacheWrite5m(), c.tokens().cacheWrite1h(), c.tokens().cacheRead()));
        }
        return out;
    }

    private Map<String, String> fingerprints() {
        Map<String, String> out = new HashMap<>();
        model.accounts.values().forEach(a -> a.cycles.values().forEach(p -> out.put(a.id + "@" + p.start, print(p))));
        return out;
    }

    private static String print(Pools p) {
        return p.plan + p.claimed + p.granted + "/" + p.adjusted + "/" + p.iAdjusted + "/" + p.used + "/" + p.overrun + "/" + p.expired + "/" + p.extraOn + p.cap + p.accrued
                + p.switchedAt + p.thresholds + p.iGranted + "/" + p.iUsed + "/" + p.iOverrun + p.closed + p.debits;
    }

    void checkAll() {
        compareCycles(new ArrayList<>(fingerprints().keySet()));
    }

    /** The stored cycles of every account are exactly the model's; the named ones are compared in full, with their ledgers. */
    private void compareCycles(List<String> keys) {
        for (PolicyModel.Account a : model.accounts.values()) {
            assertThat(system.storedCycleStarts(a.id)).as("cycles stored for %s", a.id).isEqualTo(new TreeSet<>(a.cycles.keySet()));
        }
        for (String key : keys) {
            String id = key.substring(0, key.indexOf('@'));
            Pools want = model.accounts.get(id).cycles.get(Instant.parse(key.substring(key.indexOf('@') + 1)));
            CyclePools got = system.cycle(id, want.start);
            String what = "cycle " + key;
            Pool p = got.programmatic();
            assertThat(got.cycle().end()).as(what + " end").isEqualTo(want.end);
            assertThat(got.plan()).as(what + " plan").isEqualTo(want.plan);
            assertThat(got.claimed()).as(what + " claimed").isEqualTo(want.claimed);
            assertThat(p.granted().nanos()).as(what + " granted").isEqualTo(want.granted);
            assertThat(p.used().nanos()).as(what + " used").isEqualTo(want.used);
            assertThat(p.overrun().nanos()).as(what + " overrun").isEqualTo(want.overrun);
            assertThat(p.expired().nanos()).as(what + " expired").isEqualTo(want.expired);
            assertThat(p.extraUsage().enabled()).as(what + " extra usage on").isEqualTo(want.extraOn);
            assertThat(p.extraUsage().cap() == null ? null : p.extraUsage().cap().nanos()).as(what + " cap").isEqualTo(want.cap);
            assertThat(p.extraUsage().accrued().nanos()).as(what + " accrued").isEqualTo(want.accrued);
            assertThat(p.rateSwitchedAt()).as(what + " rate switch").isEqualTo(want.switchedAt);
            assertThat(p.thresholds()).as(what + " thresholds").containsExactlyElementsOf(want.thresholds);
            assertThat(p.state().name()).as(what + " state").isEqualTo(want.state());
            assertThat(got.interactive().granted().nanos()).as(what + " interactive granted").isEqualTo(want.iGranted);
            assertThat(got.interactive().used().nanos()).as(what + " interactive used").isEqualTo(want.iUsed);
            assertThat(got.interactive().overrun().nanos()).as(what + " interactive overrun").isEqualTo(want.iOverrun);
            assertThat(got.isClosed()).as(what + " closed").isEqualTo(want.closed);
            List<LedgerEntry> ledger = system.ledger(id, want.start);
            assertThat(ledger.stream().filter(e -> e.kind() == EntryKind.DEBIT).count()).as(what + " debits in the ledger")
                    .isEqualTo(want.debits);
            assertThat(usage(system.usage(id, want.start))).as(what + " usage cells").isEqualTo(want.usage);
            system.assertInvariants(id, want.start);
        }
    }
}
