package dev.metering.store;

import static org.assertj.core.api.Assertions.assertThat;

import dev.metering.core.budget.Budget;
import dev.metering.core.budget.BudgetMatch;
import dev.metering.core.budget.BudgetSet;
import dev.metering.core.budget.BudgetWindow;
import dev.metering.core.money.Money;
import dev.metering.store.budgets.BudgetService;
import dev.metering.store.model.MutableClock;
import dev.metering.store.recording.IncomingEvent;
import dev.metering.store.recording.RecordStatus;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * A store converts an account's budget set once per version: read again at a version it knows, the
 * set is the one it read or committed; at any other version (another writer's) it is read anew.
 */
class KnownBudgetSetsTest {

    private static final Instant T0 = Instant.parse("2027-03-10T10:00:00Z");

    private static BudgetSet set(long version, long limitUsd) {
        return new BudgetSet(version, List.of(new Budget("b", BudgetMatch.ALL, Money.ofUsd(limitUsd), BudgetWindow.DAY, Budget.Action.PAUSE,
                T0, T0, "owner")), Map.of(), Map.of());
    }

    @Test
    void aSetIsKnownAtTheVersionItWasReadOrCommittedAtAndAtNoOther() {
        KnownBudgetSets known = new KnownBudgetSets();
        assertThat(known.at("a", 1)).isNull();
        BudgetSet read = set(1, 5);
        known.read("a", read);
        BudgetSet committed = set(2, 5);
        known.committed("a", committed);
        assertThat(known.at("a", 1)).isSameAs(read);
        assertThat(known.at("a", 2)).isSameAs(committed);
        assertThat(known.at("a", 3)).isNull();
        assertThat(known.at("b", 1)).as("another account's").isNull();
        BudgetSet next = set(3, 5);
        known.read("a", next);
        assertThat(known.at("a", 1)).as("the read before, replaced").isNull();
        assertThat(known.at("a", 3)).isSameAs(next);
        assertThat(known.at("a", 2)).isSameAs(committed);
    }

    @Test
    void pastItsBoundItStartsOverAndForgetsNothingItStillHolds() {
        KnownBudgetSets known = new KnownBudgetSets();
        for (int i = 0; i < KnownBudgetSets.MAX_ACCOUNTS; i++) {
            known.read("acct_" + i, set(1, 5));
        }
        assertThat(known.at("acct_0", 1)).isNotNull();
        BudgetSet again = set(2, 5);
        known.read("acct_0", again);
        assertThat(known.at("acct_1", 1)).as("an account already held adds nothing").isNotNull();
        known.read("acct_new", set(1, 5));
        assertThat(known.at("acct_1", 1)).as("one more account: it starts over").isNull();
        assertThat(known.at("acct_new", 1)).isNotNull();
    }

    @Test
    void aStoreReadsASetOncePerVersionAndNeverMissesAnotherWritersVersion() {
        MutableClock clock = new MutableClock(T0);
        try (StoreFixture fixture = new StoreFixture("known-budgets", clock)) {
            fixture.claimedAccount("acct_k", "pro", Instant.parse("2027-03-01T00:00:00Z"), false, null);
            BudgetService budgets = new BudgetService(fixture.store(), clock);
            budgets.put("acct_k", new Budget("b", BudgetMatch.ALL, Money.ofUsd(5), BudgetWindow.DAY, Budget.Action.PAUSE, T0, T0, "owner"));
            MeteringStore store = fixture.store();

            BudgetSet first = store.findAccountsWithBudgets(List.of("acct_k")).get("acct_k").budgets();
            assertThat(store.findAccountsWithBudgets(List.of("acct_k")).get("acct_k").budgets()).as("the same version, not converted again")
                    .isSameAs(first);

            budgets.put("acct_k", new Budget("b", BudgetMatch.ALL, Money.ofUsd(7), BudgetWindow.DAY, Budget.Action.PAUSE, T0, T0, "owner"));
            BudgetSet changed = store.findAccountsWithBudgets(List.of("acct_k")).get("acct_k").budgets();
            assertThat(changed.version()).isEqualTo(first.version() + 1);
            assertThat(changed.find("b").orElseThrow().limit()).isEqualTo(Money.ofUsd(7));

            String event = """
                    {"eventId": "k-1", "accountId": "acct_k", "occurredAt": "%s", "source": "agent-sdk", "model": "claude-haiku-4-5",
                     "usage": {"input_tokens": 1000000, "output_tokens": 0}}""".formatted(T0);
            assertThat(fixture.recorder().record(List.of(new IncomingEvent("m", event))).get(0).status()).isEqualTo(RecordStatus.APPLIED);
            BudgetSet counted = store.findAccountsWithBudgets(List.of("acct_k")).get("acct_k").budgets();
            assertThat(counted.version()).isEqualTo(changed.version() + 1);
            assertThat(counted).usingRecursiveComparison().isEqualTo(fixture.store().findBudgets("acct_k"));
            assertThat(counted.spent(counted.find("b").orElseThrow(), fixture.store().findAccount("acct_k").orElseThrow().calendar()
                    .cycleContaining(T0), java.time.ZoneOffset.UTC, T0)).isEqualTo(Money.ofUsd(1));
        }
    }
}
