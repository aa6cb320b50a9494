package dev.metering.core.budget;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.metering.core.cycle.BillingCalendar;
import dev.metering.core.cycle.Cycle;
import dev.metering.core.money.Money;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Budgets' windows, spend and crossings, by hand. */
class BudgetSetTest {

    private static final ZoneId UTC = ZoneOffset.UTC;
    private static final BillingCalendar CALENDAR = new BillingCalendar(Instant.parse("2027-03-01T00:00:00Z"), UTC);
    private static final Instant T = Instant.parse("2027-03-10T10:02:30Z");
    private static final Cycle MARCH = CALENDAR.cycleContaining(T);

    private static Budget budget(String id, BudgetMatch match, long usd, BudgetWindow window, Budget.Action action) {
        return new Budget(id, match, Money.ofUsd(usd), window, action, T.minus(Duration.ofDays(1)), T.minus(Duration.ofDays(1)), "owner");
    }

    private static Charge charge(Instant at, String source, Map<String, String> tags, long cents) {
        return new Charge(at, source, Tags.of(tags), Money.ofNanos(cents * 10_000_000L));
    }

    private static Money spent(BudgetSet set, String id, Instant now) {
        return set.spent(set.find(id).orElseThrow(), CALENDAR.cycleContaining(now), UTC, now);
    }

    @Test
    void eachBudgetCountsWhatItMatchesInTheWindowOfItsOccurredAt() {
        BudgetSet set = BudgetSet.NONE
                .put(budget("all", BudgetMatch.ALL, 100, BudgetWindow.CYCLE, Budget.Action.NOTIFY))
                .put(budget("ci", BudgetMatch.source("claude-code-github-actions"), 10, BudgetWindow.DAY, Budget.Action.PAUSE))
                .put(budget("team", BudgetMatch.tag("team", "search"), 5, BudgetWindow.HOUR, Budget.Action.PAUSE));
        assertThat(set.version()).isEqualTo(3);
        BudgetSet.Recorded recorded = set.record(List.of(
                charge(T, "claude-code-github-actions", Map.of("team", "search"), 100),
                charge(T.minus(Duration.ofMinutes(50)), "agent-sdk", Map.of("team", "search"), 200),
                charge(T.minus(Duration.ofMinutes(70)), "agent-sdk", Map.of("team", "search"), 300),
                charge(T.minus(Duration.ofDays(1)), "claude-code-github-actions", Map.of(), 400)), MARCH, false, MARCH, UTC, T);
        BudgetSet after = recorded.after();
        assertThat(after.version()).isEqualTo(4);
        assertThat(spent(after, "all", T)).isEqualTo(Money.ofUsd(10));
        // The day's: only today's CI debit (yesterday's is in a window that has ended).
        assertThat(spent(after, "ci", T)).isEqualTo(Money.ofUsd(1));
        // The rolling hour: the twelve steps ending with the current one (09:05 to 10:05): $1 + $2, not the $3 of 08:52.
        assertThat(spent(after, "team", T)).isEqualTo(Money.ofUsd(3));
        // An hour later those steps have left the window; the day's total stays.
        assertThat(spent(after, "team", T.plus(Duration.ofMinutes(60)))).isEqualTo(Money.ZERO);
        assertThat(spent(after, "ci", T.plus(Duration.ofMinutes(60)))).isEqualTo(Money.ofUsd(1));
        // The next day's window holds none of it.
        assertThat(spent(after, "ci", Instant.parse("2027-03-11T00:00:00Z"))).isEqualTo(Money.ZERO);
        // Yesterday's day window and the hour's old steps are not kept.
        assertThat(after.spend().get("ci")).hasSize(1);
        assertThat(after.spend().get("team").keySet()).allSatisfy(key ->
                assertThat(BudgetWindow.Span.ofKey(key).end()).isAfter(Instant.parse("2027-03-10T09:05:00Z")));
    }

    @Test
    void aLateDebitCountsInItsCyclesWindowOnlyAndADayIsCutAtTheCycle() {
        BudgetSet set = BudgetSet.NONE
                .put(budget("cycle", BudgetMatch.ALL, 100, BudgetWindow.CYCLE, Budget.Action.NOTIFY))
                .put(budget("day", BudgetMatch.ALL, 100, BudgetWindow.DAY, Budget.Action.NOTIFY));
        BudgetSet after = set.record(List.of(charge(Instant.parse("2027-02-20T10:00:00Z"), "agent-sdk", Map.of(), 100)), MARCH, true, MARCH, UTC, T)
                .after();
        assertThat(spent(after, "cycle", T)).isEqualTo(Money.ofUsd(1));
        assertThat(spent(after, "day", T)).isEqualTo(Money.ZERO);
        // A zone whose day spans the cycle's start: the day before it counts in February, after it in March.
        BillingCalendar paris = new BillingCalendar(Instant.parse("2027-03-01T12:00:00Z"), ZoneId.of("Europe/Paris"));
        Cycle feb = paris.cycleContaining(Instant.parse("2027-03-01T11:00:00Z"));
        Cycle mar = paris.cycleContaining(Instant.parse("2027-03-01T12:00:00Z"));
        BudgetWindow.Span before = BudgetWindow.DAY.countedIn(Instant.parse("2027-03-01T11:00:00Z"), feb, paris.zone());
        BudgetWindow.Span after2 = BudgetWindow.DAY.countedIn(Instant.parse("2027-03-01T13:00:00Z"), mar, paris.zone());
        assertThat(before.end()).isEqualTo(mar.start());
        assertThat(after2.start()).isEqualTo(mar.start());
        assertThat(after2.end()).isEqualTo(Instant.parse("2027-03-01T23:00:00Z"));
    }

    @Test
    void aChangeOfLimitOrActionKeepsTheSpendAChangeOfMatchOrWindowRestartsIt() {
        BudgetSet set = BudgetSet.NONE.put(budget("b", BudgetMatch.ALL, 100, BudgetWindow.CYCLE, Budget.Action.NOTIFY));
        set = set.record(List.of(charge(T, "agent-sdk", Map.of(), 500)), MARCH, false, MARCH, UTC, T).after();
        BudgetSet raised = set.put(budget("b", BudgetMatch.ALL, 200, BudgetWindow.CYCLE, Budget.Action.PAUSE));
        assertThat(spent(raised, "b", T)).isEqualTo(Money.ofUsd(5));
        assertThat(raised.find("b").orElseThrow().since()).isEqualTo(set.find("b").orElseThrow().since());
        BudgetSet moved = set.put(new Budget("b", BudgetMatch.source("agent-sdk"), Money.ofUsd(100), BudgetWindow.CYCLE, Budget.Action.NOTIFY, T, T, "owner"));
        assertThat(spent(moved, "b", T)).isEqualTo(Money.ZERO);
        assertThat(moved.find("b").orElseThrow().since()).isEqualTo(T);
        BudgetSet rewindowed = set.put(budget("b", BudgetMatch.ALL, 100, BudgetWindow.DAY, Budget.Action.NOTIFY));
        assertThat(spent(rewindowed, "b", T)).isEqualTo(Money.ZERO);
        assertThat(set.remove("b").find("b")).isEmpty();
        assertThat(set.remove("b").spend()).isEmpty();
    }

    @Test
    void aLoweredLimitCrossesTheMarksItMovesTheKeptSpendAcrossARaisedOneNone() {
        BudgetSet set = BudgetSet.NONE.put(budget("b", BudgetMatch.ALL, 100, BudgetWindow.DAY, Budget.Action.PAUSE));
        set = set.record(List.of(charge(T, "agent-sdk", Map.of(), 5000)), MARCH, false, MARCH, UTC, T).after();
        Instant now = T.plus(Duration.ofMinutes(5));

        // $50 of $100 is below both marks; of $70, still below 80 %.
        BudgetSet.Recorded to70 = set.change(budget("b", BudgetMatch.ALL, 70, BudgetWindow.DAY, Budget.Action.PAUSE), MARCH, UTC, now);
        assertThat(to70.crossings()).isEmpty();
        // Of $50 exactly: both marks at once, and exhausted from now.
        BudgetSet.Recorded to50 = to70.after().change(budget("b", BudgetMatch.ALL, 50, BudgetWindow.DAY, Budget.Action.PAUSE), MARCH, UTC, now);
        assertThat(to50.crossings()).extracting(Crossing::percent).containsExactly(80, 100);
        assertThat(to50.crossings()).allSatisfy(c -> {
            assertThat(c.spent()).isEqualTo(Money.ofUsd(50));
            assertThat(c.limit()).isEqualTo(Money.ofUsd(50));
            assertThat(c.at()).isEqualTo(now);
            assertThat(c.windowStart()).isEqualTo(Instant.parse("2027-03-10T00:00:00Z"));
        });
        Budget b = to50.after().find("b").orElseThrow();
        assertThat(to50.after().exhaustedSince(b, MARCH, UTC, now)).contains(now);
        // The same window's crossing as a debit would have told: one id per mark, whatever wrote it.
        BudgetSet.Recorded byDebit = to70.after().record(List.of(charge(now, "agent-sdk", Map.of(), 2000)), MARCH, false, MARCH, UTC, now);
        assertThat(byDebit.crossings()).extracting(Crossing::discriminator).containsExactly(to50.crossings().get(0).discriminator(),
                to50.crossings().get(1).discriminator());
        // Raised again: nothing crossed, the spend kept; lowered from $70 to $55: only the lower mark.
        BudgetSet.Recorded raised = to50.after().change(budget("b", BudgetMatch.ALL, 200, BudgetWindow.DAY, Budget.Action.PAUSE), MARCH, UTC, now);
        assertThat(raised.crossings()).isEmpty();
        assertThat(spent(raised.after(), "b", now)).isEqualTo(Money.ofUsd(50));
        BudgetSet.Recorded to55 = to70.after().change(budget("b", BudgetMatch.ALL, 55, BudgetWindow.DAY, Budget.Action.PAUSE), MARCH, UTC, now);
        assertThat(to55.crossings()).extracting(Crossing::percent).containsExactly(80);
        assertThat(to55.after().exhaustedSince(to55.after().find("b").orElseThrow(), MARCH, UTC, now)).isEmpty();
        // A change of action alone, or of what it matches (the spend restarts), crosses nothing.
        assertThat(set.change(budget("b", BudgetMatch.ALL, 100, BudgetWindow.DAY, Budget.Action.NOTIFY), MARCH, UTC, now).crossings()).isEmpty();
        assertThat(set.change(budget("b", BudgetMatch.source("agent-sdk"), 1, BudgetWindow.DAY, Budget.Action.PAUSE), MARCH, UTC, now)
                .crossings()).isEmpty();
        assertThat(BudgetSet.NONE.change(budget("n", BudgetMatch.ALL, 1, BudgetWindow.DAY, Budget.Action.PAUSE), MARCH, UTC, now).crossings())
                .isEmpty();
    }

    @Test
    void atMostTenBudgets() {
        BudgetSet set = BudgetSet.NONE;
        for (int i = 0; i < BudgetSet.MAX_BUDGETS; i++) {
            set = set.put(budget("b" + i, BudgetMatch.ALL, 1, BudgetWindow.CYCLE, Budget.Action.NOTIFY));
        }
        BudgetSet full = set;
        assertThatThrownBy(() -> full.put(budget("b10", BudgetMatch.ALL, 1, BudgetWindow.CYCLE, Budget.Action.NOTIFY)))
                .isInstanceOf(IllegalStateException.class);
        assertThat(full.put(budget("b3", BudgetMatch.ALL, 2, BudgetWindow.CYCLE, Budget.Action.NOTIFY)).budgets()).hasSize(10);
    }

    @Test
    void crossingsAreToldOnceEachAsTheSpendCrossesFromBelow() {
        BudgetSet set = BudgetSet.NONE.put(budget("h", BudgetMatch.ALL, 10, BudgetWindow.HOUR, Budget.Action.PAUSE));
        BudgetSet.Recorded first = set.record(List.of(charge(T, "agent-sdk", Map.of(), 799)), MARCH, false, MARCH, UTC, T);
        assertThat(first.crossings()).isEmpty();
        BudgetSet.Recorded second = first.after().record(List.of(charge(T, "agent-sdk", Map.of(), 1)), MARCH, false, MARCH, UTC, T);
        assertThat(second.crossings()).singleElement().satisfies(c -> {
            assertThat(c.percent()).isEqualTo(80);
            assertThat(c.spent()).isEqualTo(Money.ofUsd(8));
            assertThat(c.discriminator()).endsWith("step " + BudgetWindow.step(T));
            assertThat(c.windowStart()).isEqualTo(Instant.parse("2027-03-10T09:05:00Z"));
            assertThat(c.windowEnd()).isEqualTo(Instant.parse("2027-03-10T10:05:00Z"));
        });
        BudgetSet.Recorded third = second.after().record(List.of(charge(T, "agent-sdk", Map.of(), 500)), MARCH, false, MARCH, UTC, T);
        assertThat(third.crossings()).extracting(Crossing::percent).containsExactly(100);
        Budget h = third.after().find("h").orElseThrow();
        assertThat(third.after().exhausted(h, MARCH, UTC, T)).isTrue();
        assertThat(third.after().exhaustedSince(h, MARCH, UTC, T)).contains(T);
        // An hour on, the steps have left the window: exhausted no more, and it may cross again.
        Instant later = T.plus(Duration.ofMinutes(65));
        assertThat(third.after().exhausted(h, MARCH, UTC, later)).isFalse();
        assertThat(third.after().exhaustedSince(h, MARCH, UTC, later)).isEmpty();
        BudgetSet.Recorded again = third.after().record(List.of(charge(later, "agent-sdk", Map.of(), 1000)), MARCH, false, MARCH, UTC, later);
        assertThat(again.crossings()).extracting(Crossing::percent).containsExactly(80, 100);
        assertThat(again.crossings().get(0).discriminator()).isNotEqualTo(second.crossings().get(0).discriminator());
    }

    @Test
    void aRequestIsStoppedByTheLowestPauseBudgetAOneNanoEventWouldLeaveAtItsLimit() {
        BudgetSet set = BudgetSet.NONE
                .put(budget("z-ci", BudgetMatch.source("claude-code-github-actions"), 1, BudgetWindow.CYCLE, Budget.Action.PAUSE))
                .put(budget("a-notify", BudgetMatch.source("claude-code-github-actions"), 1, BudgetWindow.CYCLE, Budget.Action.NOTIFY))
                .put(budget("m-team", BudgetMatch.tag("team", "x"), 1, BudgetWindow.HOUR, Budget.Action.PAUSE));
        Charge almost = new Charge(T, "claude-code-github-actions", Tags.of(Map.of("team", "x")), Money.ofNanos(999_999_999L));
        BudgetSet after = set.record(List.of(almost), MARCH, false, MARCH, UTC, T).after();
        // One nano-dollar short of the limit: a one-nano-dollar event would reach it.
        assertThat(after.stopping("claude-code-github-actions", Tags.of(Map.of("team", "x")), MARCH, UTC, T))
                .map(Budget::budgetId).contains("m-team");
        assertThat(after.stopping("claude-code-github-actions", Tags.NONE, MARCH, UTC, T)).map(Budget::budgetId).contains("z-ci");
        assertThat(after.stopping("agent-sdk", Tags.of(Map.of("team", "y")), MARCH, UTC, T)).isEmpty();
        assertThat(after.exhausted(after.find("z-ci").orElseThrow(), MARCH, UTC, T)).as("not at the limit yet").isFalse();
        BudgetSet fresh = set.record(List.of(new Charge(T, "claude-code-github-actions", Tags.NONE, Money.ofNanos(999_999_998L))), MARCH, false,
                MARCH, UTC, T).after();
        assertThat(fresh.stopping("claude-code-github-actions", Tags.NONE, MARCH, UTC, T)).isEmpty();
        assertThat(set.timed("agent-sdk", Tags.of(Map.of("team", "x")))).isTrue();
        assertThat(set.timed("agent-sdk", Tags.NONE)).isFalse();
    }

    @Test
    void nothingMatchedChangesNothing() {
        BudgetSet set = BudgetSet.NONE.put(budget("ci", BudgetMatch.source("claude-code-github-actions"), 1, BudgetWindow.CYCLE,
                Budget.Action.PAUSE));
        BudgetSet.Recorded recorded = set.record(List.of(charge(T, "agent-sdk", Map.of(), 5)), MARCH, false, MARCH, UTC, T);
        assertThat(recorded.after()).isSameAs(set);
        assertThat(BudgetSet.NONE.record(List.of(charge(T, "agent-sdk", Map.of(), 5)), MARCH, false, MARCH, UTC, T).after())
                .isSameAs(BudgetSet.NONE);
    }

    @Test
    void budgetsRefuseWhatTheyCannotBe() {
        assertThatThrownBy(() -> budget("Bad Id", BudgetMatch.ALL, 1, BudgetWindow.CYCLE, Budget.Action.PAUSE)).hasMessageContaining("budgetId");
        assertThatThrownBy(() -> new Budget("b", BudgetMatch.ALL, Money.ZERO, BudgetWindow.CYCLE, Budget.Action.PAUSE, T, T, "owner"))
                .hasMessageContaining("limitUsd");
        assertThatThrownBy(() -> new Budget("b", BudgetMatch.ALL, Money.ofUsd(1_000_001), BudgetWindow.CYCLE, Budget.Action.PAUSE, T, T, "owner"))
                .hasMessageContaining("limitUsd");
        assertThatThrownBy(() -> new BudgetMatch("agent-sdk", "team", "x")).hasMessageContaining("not both");
        assertThatThrownBy(() -> new BudgetMatch(null, "team", null)).hasMessageContaining("both its key and its value");
        assertThatThrownBy(() -> BudgetMatch.tag("Team", "x")).hasMessageContaining("not a tag");
        assertThat(BudgetWindow.fromWire("week")).isEmpty();
        assertThat(Budget.Action.fromWire("stop")).isEmpty();
        assertThat(BudgetMatch.tag("team", "x").matches("agent-sdk", Tags.of(Map.of("team", "y")))).isFalse();
        assertThat(BudgetMatch.source("agent-sdk").matches("agent-sdk", Tags.NONE)).isTrue();
    }
}
