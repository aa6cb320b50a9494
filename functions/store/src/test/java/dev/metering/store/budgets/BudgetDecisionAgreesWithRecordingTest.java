package dev.metering.store.budgets;

import static org.assertj.core.api.Assertions.assertThat;

import dev.metering.core.budget.Budget;
import dev.metering.core.budget.BudgetMatch;
import dev.metering.core.budget.BudgetSet;
import dev.metering.core.budget.BudgetWindow;
import dev.metering.core.budget.Tags;
import dev.metering.core.cycle.Cycle;
import dev.metering.core.cycle.CyclePools;
import dev.metering.core.debit.Authorization;
import dev.metering.core.money.Money;
import dev.metering.core.price.ModelRates;
import dev.metering.core.price.PriceRow;
import dev.metering.core.source.PoolKind;
import dev.metering.store.StoreFixture;
import dev.metering.store.prices.PriceService;
import dev.metering.store.prices.PriceStore;
import dev.metering.store.recording.IncomingEvent;
import dev.metering.store.recording.RecordStatus;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.Size;
import net.jqwik.api.lifecycle.AfterContainer;
import net.jqwik.api.lifecycle.BeforeContainer;

/**
 * The decision against what recording does, for budgets: over random budgets brought to random
 * distances from their limits by real writes, the decision names budget b exactly when recording a
 * one-nano-dollar event the request matches leaves b (the lowest such {@code pause} budget) at or
 * above its limit. The one-nano-dollar event is real: a model priced at runtime at one nano-dollar an
 * input token.
 */
class BudgetDecisionAgreesWithRecordingTest {

    private static final Instant ANCHOR = Instant.parse("2027-04-01T00:00:00Z");
    private static final Instant NOW = Instant.parse("2027-04-12T10:02:00Z");
    private static final AtomicInteger ACCOUNTS = new AtomicInteger();
    private static final List<String> SOURCES = List.of("agent-sdk", "claude-code-github-actions");
    private static StoreFixture fixture;

    @BeforeContainer
    static void table() {
        fixture = new StoreFixture("budget-decision", Clock.fixed(NOW, ZoneOffset.UTC));
        new PriceService(new PriceStore(fixture.client(), fixture.config), fixture.catalogs.priceBook(), Clock.fixed(NOW, ZoneOffset.UTC))
                .put(new PriceRow("claude-nano", ANCHOR, ModelRates.of(1, 2, 2, 2, 2), null, null, PriceRow.DEFAULT_WEB_SEARCH_NANOS_PER_1K, true,
                        null, null), List.of(), "test");
    }

    @AfterContainer
    static void drop() {
        fixture.close();
    }

    private static void record(String account, String eventId, String model, String source, boolean tagged, long inputTokens) {
        String raw = """
                {"eventId": "%s", "accountId": "%s", "occurredAt": "%s", "source": "%s", "model": "%s", "tags": %s,
                 "usage": {"input_tokens": %d, "output_tokens": 0}}""".formatted(eventId, account, NOW.minusSeconds(30), source, model,
                tagged ? "{\"team\": \"search\"}" : "{}", inputTokens);
        assertThat(fixture.recorder().record(List.of(new IncomingEvent("m-" + eventId, raw)))).allMatch(r -> r.status() == RecordStatus.APPLIED);
    }

    @Property(tries = 30)
    void theDecisionNamesTheBudgetANanoDollarEventWouldLeaveAtItsLimit(
            @ForAll @Size(min = 1, max = 4) List<@IntRange(min = 0, max = 11) Integer> shapes,
            @ForAll @Size(min = 1, max = 4) List<@IntRange(min = 0, max = 3) Integer> distances,
            @ForAll @Size(max = 4) List<@IntRange(min = 0, max = 3) Integer> prior,
            @ForAll @IntRange(min = 0, max = 1) int askSource, @ForAll boolean askTagged) {
        String account = "acct_bd" + ACCOUNTS.incrementAndGet();
        fixture.claimedAccount(account, "max-5x", ANCHOR, false, null);
        BudgetService budgets = new BudgetService(fixture.store(), Clock.fixed(NOW, ZoneOffset.UTC));
        List<Budget> made = new ArrayList<>();
        for (int i = 0; i < shapes.size(); i++) {
            int shape = shapes.get(i);
            BudgetMatch match = switch (shape % 3) {
                case 0 -> BudgetMatch.ALL;
                case 1 -> BudgetMatch.source(SOURCES.get(shape / 3 % 2));
                default -> BudgetMatch.tag("team", "search");
            };
            BudgetWindow window = BudgetWindow.values()[shape % BudgetWindow.values().length];
            Budget.Action action = shape >= 9 ? Budget.Action.NOTIFY : Budget.Action.PAUSE;
            Budget budget = new Budget("b" + i, match, Money.ofUsd(1000), window, action, NOW, NOW, "owner");
            budgets.put(account, budget);
            made.add(budget);
        }
        for (int i = 0; i < prior.size(); i++) {
            record(account, account + "-p" + i, "claude-haiku-4-5", SOURCES.get(prior.get(i) % 2), prior.get(i) >= 2, 1_000 + i);
        }
        // Each budget's limit brought to a distance of 0 to 2 nano-dollars (or far) from what it has counted.
        BudgetService.Standing standing = budgets.read(account);
        for (int i = 0; i < made.size(); i++) {
            Budget b = standing.budgets().find(made.get(i).budgetId()).orElseThrow();
            long spent = standing.budgets().spent(b, standing.current(), ZoneOffset.UTC, NOW).nanos();
            long distance = List.of(0L, 1L, 2L, 1_000_000L).get(distances.get(i % distances.size()));
            long limit = Math.max(1, spent + distance);
            budgets.put(account, new Budget(b.budgetId(), b.match(), Money.ofNanos(limit), b.window(), b.action(), b.since(), b.changedAt(), b.changedBy()));
        }
        String source = SOURCES.get(askSource);
        Tags tags = askTagged ? Tags.of(Map.of("team", "search")) : Tags.NONE;
        BudgetService.Standing before = budgets.read(account);
        Cycle current = before.current();
        CyclePools pools = fixture.store().findCycle(account, current.start()).orElseThrow();
        Authorization decision = Authorization.of(pools, PoolKind.PROGRAMMATIC).withBudgets(before.budgets(), source, tags, current, ZoneOffset.UTC, NOW);

        record(account, account + "-nano", "claude-nano", source, askTagged, 1);
        BudgetSet after = budgets.read(account).budgets();
        Optional<String> atLimit = after.budgets().stream()
                .filter(b -> b.action() == Budget.Action.PAUSE && b.match().matches(source, tags))
                .filter(b -> after.spent(b, current, ZoneOffset.UTC, NOW).compareTo(b.limit()) >= 0)
                .map(Budget::budgetId).sorted().findFirst();
        assertThat(Optional.ofNullable(decision.budgetId())).as("%s, budgets after: %s", decision, after).isEqualTo(atLimit);
        assertThat(decision.decision() == Authorization.Decision.DENY).isEqualTo(atLimit.isPresent());
    }
}
