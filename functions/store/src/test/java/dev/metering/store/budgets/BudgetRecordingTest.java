package dev.metering.store.budgets;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.metering.core.budget.Budget;
import dev.metering.core.budget.BudgetMatch;
import dev.metering.core.budget.BudgetWindow;
import dev.metering.core.ledger.EntryKind;
import dev.metering.core.ledger.LedgerEntry;
import dev.metering.core.money.Money;
import dev.metering.core.notice.Notice;
import dev.metering.core.notice.NoticeKind;
import dev.metering.core.source.PoolKind;
import dev.metering.core.usage.TagCell;
import dev.metering.store.MeteringStore;
import dev.metering.store.StoreFixture;
import dev.metering.store.Writers;
import dev.metering.store.item.Keys;
import dev.metering.store.model.MutableClock;
import dev.metering.store.recording.IncomingEvent;
import dev.metering.store.recording.RecordResult;
import dev.metering.store.recording.RecordStatus;
import dev.metering.store.stream.TableChange;
import dev.metering.testsupport.DynamoEngine;
import dev.metering.testsupport.TableStream;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/** Budgets and tags as the recorder keeps them, against the engine. */
class BudgetRecordingTest {

    private static String event(String id, String account, Instant at, String source, Map<String, String> tags, long input) {
        StringBuilder json = new StringBuilder();
        tags.forEach((k, v) -> json.append(json.isEmpty() ? "" : ", ").append('"').append(k).append("\": \"").append(v).append('"'));
        return """
                {"eventId": "%s", "accountId": "%s", "occurredAt": "%s", "source": "%s", "model": "claude-haiku-4-5",
                 "tags": {%s}, "usage": {"input_tokens": %d, "output_tokens": 0}}""".formatted(id, account, at, source, json, input);
    }

    /** What the ledger says a budget counts: matching programmatic debits recorded since it began, in its window of now. */
    private static long fromLedger(List<LedgerEntry> ledger, Budget budget, MeteringStore store, String accountId, Instant now) {
        var account = store.findAccount(accountId).orElseThrow();
        var cycle = account.calendar().cycleContaining(now);
        var window = budget.window().current(now, cycle, account.zone());
        long sum = 0;
        for (LedgerEntry e : ledger) {
            if (e.kind() != EntryKind.DEBIT || e.pool() != PoolKind.PROGRAMMATIC || !budget.match().matches(e.source(), e.tags())) {
                continue;
            }
            Instant counted = Boolean.TRUE.equals(e.late()) ? cycle.start() : e.occurredAt();
            if (window.contains(counted) && (budget.window() == BudgetWindow.CYCLE || !Boolean.TRUE.equals(e.late()))) {
                sum += e.cost().nanos();
            }
        }
        return sum;
    }

    @Test
    void eightWritersStormBudgetsOfEveryWindowAndEachSpendIsItsDebits() throws Exception {
        Instant now = Instant.now();
        try (StoreFixture fixture = new StoreFixture("budget-storm", Clock.systemUTC())) {
            fixture.claimedAccount("acct_b", "max-5x", now.minus(Duration.ofDays(3)), true, null);
            BudgetService budgets = new BudgetService(fixture.store(), Clock.systemUTC());
            Budget cycle = new Budget("all-cycle", BudgetMatch.ALL, Money.ofUsd(5), BudgetWindow.CYCLE, Budget.Action.NOTIFY, now, now, "owner");
            Budget day = new Budget("ci-day", BudgetMatch.source("claude-code-github-actions"), Money.ofUsd(1), BudgetWindow.DAY,
                    Budget.Action.PAUSE, now, now, "owner");
            Budget hour = new Budget("team-hour", BudgetMatch.tag("team", "search"), Money.parseUsd("0.5"), BudgetWindow.HOUR,
                    Budget.Action.PAUSE, now, now, "owner");
            for (Budget b : List.of(cycle, day, hour)) {
                assertThat(budgets.put("acct_b", b).created()).isTrue();
            }
            List<List<String>> perWriter = new ArrayList<>();
            for (int w = 0; w < 8; w++) {
                List<String> bodies = new ArrayList<>();
                for (int i = 0; i < 40; i++) {
                    int n = w * 40 + i;
                    String source = n % 3 == 0 ? "claude-code-github-actions" : n % 3 == 1 ? "agent-sdk" : "claude-code";
                    Map<String, String> tags = n % 2 == 0 ? Map.of("team", "search", "run", "r" + (n % 5)) : Map.of("team", "ads");
                    bodies.add(event("bs-" + n, "acct_b", now.minusSeconds(30 + (n % 240)), source, tags, 10_000 + n));
                }
                perWriter.add(bodies);
            }
            // A change of limit while the writers race keeps the spend; it is counted under the budgets each debit found.
            ExecutorService side = Executors.newSingleThreadExecutor();
            Future<?> change = side.submit(() -> {
                for (int i = 0; i < 5; i++) {
                    budgets.put("acct_b", new Budget("all-cycle", BudgetMatch.ALL, Money.ofUsd(5 + i), BudgetWindow.CYCLE, Budget.Action.NOTIFY, now, now, "owner"));
                }
                return null;
            });
            List<RecordResult> results = Writers.run(fixture, perWriter, 10);
            change.get();
            side.shutdown();
            assertThat(results).hasSize(320).allMatch(r -> r.status() == RecordStatus.APPLIED);

            MeteringStore store = fixture.store();
            Instant at = Instant.now();
            var account = store.findAccount("acct_b").orElseThrow();
            var current = account.calendar().cycleContaining(at);
            List<LedgerEntry> ledger = store.ledger("acct_b", current.start());
            BudgetService.Standing standing = budgets.read("acct_b");
            for (Budget b : standing.budgets().budgets()) {
                long spent = standing.budgets().spent(b, current, account.zone(), at).nanos();
                assertThat(spent).as(b.budgetId()).isEqualTo(fromLedger(ledger, b, store, "acct_b", at)).isPositive();
            }
            assertThat(standing.budgets().find("all-cycle").orElseThrow().limit()).isEqualTo(Money.ofUsd(9));
            fixture.assertInvariants("acct_b", current.start());
        }
    }

    @Test
    void tagCellsCountEveryTaggedDebitAndAKeyTellsAtMostAThousandValuesApart() throws Exception {
        Instant now = Instant.now();
        try (StoreFixture fixture = new StoreFixture("budget-tags", Clock.systemUTC())) {
            fixture.claimedAccount("acct_t", "max-5x", now.minus(Duration.ofDays(3)), false, null);
            MeteringStore store = fixture.store();
            Instant cycleStart = store.findAccount("acct_t").orElseThrow().calendar().cycleContaining(now).start();
            // The key has told 999 values apart already: one more fits, no more.
            DynamoDbClient client = fixture.client();
            client.putItem(b -> b.tableName(fixture.table).item(Map.of(Keys.PK, AttributeValue.fromS(Keys.account("acct_t")),
                    Keys.SK, AttributeValue.fromS(Keys.tagKey(cycleStart, "run")), "type", AttributeValue.fromS("TAG_KEY"),
                    "cycleStart", AttributeValue.fromS(cycleStart.toString()), "tagKey", AttributeValue.fromS("run"),
                    "values", AttributeValue.fromN("999"))));
            List<List<String>> perWriter = new ArrayList<>();
            for (int w = 0; w < 8; w++) {
                perWriter.add(List.of(event("t-" + w, "acct_t", now.minusSeconds(60), "agent-sdk", Map.of("run", "run-" + w, "team", "x"), 1_000_000),
                        event("t-again-" + w, "acct_t", now.minusSeconds(60), "agent-sdk", Map.of("run", "run-" + w), 1_000_000)));
            }
            assertThat(Writers.run(fixture, perWriter, 1)).allMatch(r -> r.status() == RecordStatus.APPLIED);

            List<TagCell> cells = store.tagCells("acct_t", cycleStart, "run", 1000, null).items();
            List<String> told = cells.stream().map(c -> c.key().value()).filter(v -> !v.equals(TagCell.OTHER)).toList();
            assertThat(told).as("one value told apart, the others as (other)").hasSize(1);
            long other = cells.stream().filter(c -> c.key().value().equals(TagCell.OTHER)).mapToLong(c -> c.tally().events()).sum();
            long toldEvents = cells.stream().filter(c -> !c.key().value().equals(TagCell.OTHER)).mapToLong(c -> c.tally().events()).sum();
            assertThat(toldEvents).as("both events of the value told apart").isEqualTo(2);
            assertThat(other).isEqualTo(14);
            assertThat(cells).allSatisfy(c -> assertThat(c.key().day()).isEqualTo(LocalDate.ofInstant(now.minusSeconds(60), ZoneOffset.UTC)));
            List<TagCell> team = store.tagCells("acct_t", cycleStart, "team", 1000, null).items();
            assertThat(team).singleElement().satisfies(c -> {
                assertThat(c.key().value()).isEqualTo("x");
                assertThat(c.tally().events()).isEqualTo(8);
                assertThat(c.tally().cost()).isEqualTo(Money.ofUsd(8));
            });
            assertThat(store.ledger("acct_t", cycleStart)).filteredOn(e -> "t-3".equals(e.eventId())).singleElement()
                    .satisfies(e -> assertThat(e.tags().values()).containsEntry("run", "run-3").containsEntry("team", "x"));
        }
    }

    /** Every event with eight tag values new to the cycle: one batch needs several transactions of at most 100 actions. */
    @Test
    void aBatchWhoseTagsOutgrowOneTransactionIsWrittenInSeveralAndCountedWhole() throws Exception {
        Instant now = Instant.now();
        try (StoreFixture fixture = new StoreFixture("budget-tag-chunks", Clock.systemUTC())) {
            fixture.claimedAccount("acct_c", "max-5x", now.minus(Duration.ofDays(3)), false, null);
            List<String> batch = new ArrayList<>();
            for (int i = 0; i < 30; i++) {
                Map<String, String> tags = new java.util.TreeMap<>();
                for (int k = 0; k < 8; k++) {
                    tags.put("k" + k, "v" + i);
                }
                batch.add(event("chunk-" + i, "acct_c", now.minusSeconds(60), "agent-sdk", tags, 1_000_000));
            }
            assertThat(Writers.run(fixture, List.of(batch), 30)).hasSize(30).allMatch(r -> r.status() == RecordStatus.APPLIED);

            MeteringStore store = fixture.store();
            Instant cycleStart = store.findAccount("acct_c").orElseThrow().calendar().cycleContaining(now).start();
            for (int k = 0; k < 8; k++) {
                List<TagCell> cells = store.tagCells("acct_c", cycleStart, "k" + k, 1000, null).items();
                assertThat(cells).as("k%d", k).hasSize(30).allSatisfy(c -> assertThat(c.tally().events()).isEqualTo(1));
            }
            fixture.assertInvariants("acct_c", cycleStart);
        }
    }

    @Test
    void aDebitFindsABudgetCreatedBeforeItAndNotOneDeletedBeforeIt() {
        Instant t0 = Instant.parse("2027-03-10T10:00:00Z");
        MutableClock clock = new MutableClock(t0);
        try (StoreFixture fixture = new StoreFixture("budget-life", clock)) {
            fixture.claimedAccount("acct_l", "pro", Instant.parse("2027-03-01T00:00:00Z"), false, null);
            BudgetService budgets = new BudgetService(fixture.store(), clock);
            var recorder = fixture.recorder();
            recorder.record(List.of(new IncomingEvent("m", event("l-0", "acct_l", t0, "agent-sdk", Map.of(), 1_000_000))));
            budgets.put("acct_l", new Budget("b", BudgetMatch.ALL, Money.ofUsd(2), BudgetWindow.DAY, Budget.Action.PAUSE, t0, t0, "owner"));
            recorder.record(List.of(new IncomingEvent("m", event("l-1", "acct_l", t0, "agent-sdk", Map.of(), 1_000_000))));
            BudgetService.Standing standing = budgets.read("acct_l");
            Budget b = standing.budgets().find("b").orElseThrow();
            assertThat(standing.budgets().spent(b, standing.current(), ZoneOffset.UTC, t0)).as("the debit before it is not counted")
                    .isEqualTo(Money.ofUsd(1));
            // Its window changes: the spend restarts.
            budgets.put("acct_l", new Budget("b", BudgetMatch.ALL, Money.ofUsd(2), BudgetWindow.CYCLE, Budget.Action.PAUSE, t0, t0, "owner"));
            standing = budgets.read("acct_l");
            assertThat(standing.budgets().spent(standing.budgets().find("b").orElseThrow(), standing.current(), ZoneOffset.UTC, t0))
                    .isEqualTo(Money.ZERO);
            assertThat(budgets.delete("acct_l", "b", "owner")).isTrue();
            assertThat(budgets.delete("acct_l", "b", "owner")).isFalse();
            recorder.record(List.of(new IncomingEvent("m", event("l-2", "acct_l", t0, "agent-sdk", Map.of(), 1_000_000))));
            assertThat(budgets.read("acct_l").budgets().isEmpty()).isTrue();
        }
    }

    /** What notify tells from the stream of a table: a limit lowered below the spend, as a debit crossing it would. */
    @Test
    void aLimitLoweredBelowTheSpendTellsTheMarksItCrossedOnceInTheWindow() {
        Instant t0 = Instant.parse("2027-03-10T10:00:00Z");
        MutableClock clock = new MutableClock(t0);
        try (StoreFixture fixture = new StoreFixture("budget-lowered", clock, true)) {
            TableStream stream = TableStream.of(DynamoEngine.shared(), fixture.table);
            fixture.claimedAccount("acct_lo", "pro", Instant.parse("2027-03-01T00:00:00Z"), false, null);
            BudgetService budgets = new BudgetService(fixture.store(), clock);
            budgets.put("acct_lo", new Budget("ci", BudgetMatch.ALL, Money.ofUsd(4), BudgetWindow.DAY, Budget.Action.PAUSE, t0, t0, "owner"));
            fixture.recorder().record(List.of(new IncomingEvent("m", event("lo-0", "acct_lo", t0, "agent-sdk", Map.of(), 2_000_000))));
            assertThat(notices(stream)).as("$2 of $4 crosses nothing").isEmpty();

            clock.set(t0.plus(Duration.ofMinutes(5)));
            budgets.put("acct_lo", new Budget("ci", BudgetMatch.ALL, Money.ofUsd(2), BudgetWindow.DAY, Budget.Action.PAUSE, t0, t0, "owner"));
            List<Notice> lowered = notices(stream);
            assertThat(lowered).extracting(Notice::kind).containsExactly(NoticeKind.BUDGET_THRESHOLD_REACHED, NoticeKind.BUDGET_EXHAUSTED);
            assertThat(lowered.get(1).facts()).containsEntry("budgetId", "ci").containsEntry("spentUsd", "2.000000000")
                    .containsEntry("limitUsd", "2.000000000");
            BudgetService.Standing standing = budgets.read("acct_lo");
            assertThat(standing.budgets().exhaustedSince(standing.budgets().find("ci").orElseThrow(), standing.current(), ZoneOffset.UTC,
                    clock.instant())).contains(t0.plus(Duration.ofMinutes(5)));

            // Raised and crossed again by a debit in the same day: the same ids, which consumers drop as repeats.
            budgets.put("acct_lo", new Budget("ci", BudgetMatch.ALL, Money.ofUsd(3), BudgetWindow.DAY, Budget.Action.PAUSE, t0, t0, "owner"));
            fixture.recorder().record(List.of(new IncomingEvent("m", event("lo-1", "acct_lo", t0, "agent-sdk", Map.of(), 1_000_000))));
            List<Notice> again = notices(stream);
            assertThat(again).extracting(Notice::notificationId).containsExactlyElementsOf(lowered.stream().map(Notice::notificationId).toList());
        }
    }

    private int seen;

    /** The budgets' notices of the stream's records since the last call. */
    private List<Notice> notices(TableStream stream) {
        List<JsonNode> all = stream.all();
        List<Notice> told = new ArrayList<>();
        all.subList(seen, all.size()).forEach(r -> TableChange.of(r).notices().stream()
                .filter(n -> n.kind() == NoticeKind.BUDGET_THRESHOLD_REACHED || n.kind() == NoticeKind.BUDGET_EXHAUSTED).forEach(told::add));
        seen = all.size();
        return told;
    }
}
