package dev.metering.core.budget;

import static org.assertj.core.api.Assertions.assertThat;

import dev.metering.core.cycle.BillingCalendar;
import dev.metering.core.cycle.Cycle;
import dev.metering.core.cycle.CyclePools;
import dev.metering.core.debit.Authorization;
import dev.metering.core.debit.ExtraUsage;
import dev.metering.core.debit.Pool;
import dev.metering.core.money.Money;
import dev.metering.core.notice.BudgetNotices;
import dev.metering.core.notice.Notice;
import dev.metering.core.notice.NoticeKind;
import dev.metering.core.source.PoolKind;
import dev.metering.core.usage.Tally;
import dev.metering.core.usage.TagCell;
import dev.metering.core.ledger.EntryKind;
import dev.metering.core.ledger.LedgerEntry;
import dev.metering.core.price.TokenUsage;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;

/** Budgets in the authorization decision, in notices and in tag cells. */
class BudgetDecisionTest {

    private static final Instant T = Instant.parse("2027-03-10T10:02:30Z");
    private static final BillingCalendar CALENDAR = new BillingCalendar(Instant.parse("2027-03-01T00:00:00Z"), ZoneOffset.UTC);
    private static final Cycle MARCH = CALENDAR.cycleContaining(T);

    private static CyclePools pools(long remainingUsd) {
        Pool programmatic = new Pool(PoolKind.PROGRAMMATIC, Money.ofUsd(remainingUsd), Money.ZERO, Money.ZERO, Money.ZERO,
                new ExtraUsage(false, null, Money.ZERO), null, new TreeSet<>(), Money.ZERO);
        Pool interactive = new Pool(PoolKind.INTERACTIVE, Money.ofUsd(8), Money.ZERO, Money.ZERO, Money.ZERO,
                new ExtraUsage(false, null, Money.ZERO), null, new TreeSet<>(), Money.ZERO);
        return CyclePools.opened("acct", MARCH, "pro", true, programmatic, interactive);
    }

    private static BudgetSet spent(Budget budget, long nanos) {
        return BudgetSet.NONE.put(budget).record(List.of(new Charge(T, "claude-code-github-actions", Tags.NONE, Money.ofNanos(nanos))), MARCH,
                false, MARCH, ZoneOffset.UTC, T).after();
    }

    @Test
    void anExhaustedPauseBudgetDeniesAfterThePoolsOwnReasons() {
        Budget ci = new Budget("ci", BudgetMatch.source("claude-code-github-actions"), Money.ofUsd(1), BudgetWindow.HOUR, Budget.Action.PAUSE, T, T, "owner");
        BudgetSet set = spent(ci, 1_000_000_000L);
        Authorization denied = Authorization.of(pools(20), PoolKind.PROGRAMMATIC)
                .withBudgets(set, "claude-code-github-actions", Tags.NONE, MARCH, ZoneOffset.UTC, T);
        assertThat(denied.decision()).isEqualTo(Authorization.Decision.DENY);
        assertThat(denied.reason()).isEqualTo(Authorization.Reason.BUDGET_EXHAUSTED);
        assertThat(denied.budgetId()).isEqualTo("ci");
        assertThat(denied.billing()).isNull();
        assertThat(denied.budgetsVersion()).isEqualTo(set.version());
        assertThat(denied.changesBy()).as("the next 5-minute step").isEqualTo(Instant.parse("2027-03-10T10:05:00Z"));
        // Another source passes, but the answer still depends on the set.
        Authorization other = Authorization.of(pools(20), PoolKind.PROGRAMMATIC).withBudgets(set, "agent-sdk", Tags.NONE, MARCH, ZoneOffset.UTC, T);
        assertThat(other.decision()).isEqualTo(Authorization.Decision.ALLOW);
        assertThat(other.budgetsVersion()).isEqualTo(set.version());
        assertThat(other.changesBy()).isNull();
        // The pool's own reason first.
        Authorization empty = Authorization.of(pools(0), PoolKind.PROGRAMMATIC)
                .withBudgets(set, "claude-code-github-actions", Tags.NONE, MARCH, ZoneOffset.UTC, T);
        assertThat(empty.reason()).isEqualTo(Authorization.Reason.CREDIT_EXHAUSTED_EXTRA_USAGE_OFF);
        assertThat(empty.budgetId()).isNull();
        // The interactive pool has no budgets.
        Authorization web = Authorization.of(pools(20), PoolKind.INTERACTIVE).withBudgets(set, "claude-web", Tags.NONE, MARCH, ZoneOffset.UTC, T);
        assertThat(web.decision()).isEqualTo(Authorization.Decision.ALLOW);
        assertThat(web.budgetsVersion()).isZero();
        // Time lifts it: an hour later the steps have left the window.
        Instant later = T.plusSeconds(3600);
        assertThat(Authorization.of(pools(20), PoolKind.PROGRAMMATIC)
                .withBudgets(set, "claude-code-github-actions", Tags.NONE, MARCH, ZoneOffset.UTC, later).decision())
                .isEqualTo(Authorization.Decision.ALLOW);
    }

    @Test
    void crossingsBecomeNoticesWithStableIds() {
        Budget ci = new Budget("ci", BudgetMatch.ALL, Money.ofUsd(1), BudgetWindow.CYCLE, Budget.Action.NOTIFY, T, T, "owner");
        BudgetSet.Recorded recorded = BudgetSet.NONE.put(ci).record(List.of(new Charge(T, "agent-sdk", Tags.NONE, Money.ofUsd(2))), MARCH, false,
                MARCH, ZoneOffset.UTC, T);
        List<Notice> notices = BudgetNotices.of("acct", "org_7", MARCH, recorded.crossings());
        assertThat(notices).extracting(Notice::kind).containsExactly(NoticeKind.BUDGET_THRESHOLD_REACHED, NoticeKind.BUDGET_EXHAUSTED);
        assertThat(notices.get(1).facts()).containsEntry("budgetId", "ci").containsEntry("spentUsd", "2.000000000")
                .containsEntry("limitUsd", "1.000000000").containsEntry("window", "cycle").containsEntry("thresholdPercent", 100);
        assertThat(BudgetNotices.of("acct", "org_7", MARCH, recorded.crossings())).extracting(Notice::notificationId)
                .isEqualTo(notices.stream().map(Notice::notificationId).toList());
        assertThat(notices.get(0).notificationId()).isNotEqualTo(notices.get(1).notificationId());
    }

    @Test
    void tagCellsAddUpPerDayKeyAndValueAndTellOthersApartAsTold() {
        LedgerEntry one = debit("e1", Instant.parse("2027-03-10T10:00:00Z"), Map.of("team", "a", "run", "r1"), 100);
        LedgerEntry two = debit("e2", Instant.parse("2027-03-10T11:00:00Z"), Map.of("team", "a"), 50);
        LedgerEntry three = debit("e3", Instant.parse("2027-03-11T01:00:00Z"), Map.of("team", "b"), 25);
        List<TagCell> cells = TagCell.of(List.of(one, two, three), ZoneOffset.UTC, (key, value) -> value.equals("b") ? TagCell.OTHER : value);
        assertThat(cells).extracting(TagCell::key).containsExactly(
                new TagCell.Key(LocalDate.parse("2027-03-10"), "run", "r1"), new TagCell.Key(LocalDate.parse("2027-03-10"), "team", "a"),
                new TagCell.Key(LocalDate.parse("2027-03-11"), "team", TagCell.OTHER));
        assertThat(cells.get(1).tally().events()).isEqualTo(2);
        assertThat(cells.get(1).tally().cost()).isEqualTo(Money.ofNanos(150));
        assertThat(cells.get(1).tally().minus(Tally.of(two)).cost()).isEqualTo(Money.ofNanos(100));
    }

    private static LedgerEntry debit(String id, Instant at, Map<String, String> tags, long nanos) {
        return new LedgerEntry("evt:" + id, EntryKind.DEBIT, PoolKind.PROGRAMMATIC, at, MARCH.start(), Money.ofNanos(nanos), Money.ZERO, Money.ZERO,
                id, "agent-sdk", "claude-sonnet-5", at, false, Money.ofNanos(nanos), new TokenUsage(1, 2, 3, 4, 5), null, LedgerEntry.Marks.NONE, "h",
                null, null).tagged(Tags.of(tags));
    }
}
