package dev.metering.store.budgets;

import dev.metering.core.account.Account;
import dev.metering.core.budget.Budget;
import dev.metering.core.budget.BudgetSet;
import dev.metering.core.cycle.Cycle;
import dev.metering.store.Backoff;
import dev.metering.store.MeteringStore;
import dev.metering.store.accounts.AccountService;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.function.BiFunction;
import java.util.stream.Collectors;
import org.jboss.logging.Logger;

/**
 * Sets and removes an account's budgets. Each change writes the whole set at its next version on
 * condition that it is still the one read, as every debit counting on it does: a change and the
 * debits around it are ordered, each debit counted under the budgets as it found them.
 */
public final class BudgetService {

    private static final Logger LOG = Logger.getLogger(BudgetService.class);

    private final MeteringStore store;
    private final Clock clock;

    public BudgetService(MeteringStore store, Clock clock) {
        this.store = store;
        this.clock = clock;
    }

    /** An account's budgets as they stand now, each with its window of now. */
    public record Standing(Account account, BudgetSet budgets, Cycle current, Instant now) {}

    /** The account's budgets, read now. */
    public Standing read(String accountId) {
        Account account = store.findAccount(accountId).orElseThrow(() -> new AccountService.UnknownAccount(accountId));
        Instant now = clock.instant();
        return new Standing(account, store.findBudgets(accountId), account.calendar().cycleContaining(now), now);
    }

    /** What a put did: whether it created the budget, and the set it left. */
    public record Put(boolean created, Standing standing) {}

    /**
     * Creates or changes one budget: its spend carries over a change of limit or action, and restarts
     * when its match or window changes.
     *
     * @throws AccountService.Conflict when the account has {@link BudgetSet#MAX_BUDGETS} budgets already
     */
    public Put put(String accountId, Budget budget) {
        boolean[] created = {false};
        Standing after = change(accountId, (set, standing) -> {
            created[0] = set.find(budget.budgetId()).isEmpty();
            try {
                return set.change(budget, standing.current(), standing.account().zone(), standing.now());
            } catch (IllegalStateException full) {
                throw new AccountService.Conflict(full.getMessage() + ": delete one first");
            }
        }, "budget " + budget.budgetId() + " set", budget.changedBy());
        return new Put(created[0], after);
    }

    /** Removes one budget; false when the account has none of that id. */
    public boolean delete(String accountId, String budgetId, String by) {
        if (read(accountId).budgets().find(budgetId).isEmpty()) {
            return false;
        }
        change(accountId, (set, standing) -> new BudgetSet.Recorded(set.remove(budgetId), List.of()), "budget " + budgetId + " deleted", by);
        return true;
    }

    /** A change of the set read (pruned to now) as it stands then, with the marks it crossed. */
    private interface Rule extends BiFunction<BudgetSet, Standing, BudgetSet.Recorded> {}

    private Standing change(String accountId, Rule rule, String what, String by) {
        for (int attempt = 1; ; attempt++) {
            Standing before = read(accountId);
            BudgetSet.Recorded changed = rule.apply(before.budgets().pruned(before.now()), before);
            BudgetSet next = changed.after();
            if (store.transaction().budgets(accountId, before.budgets(), next, changed.crossings(), before.current(),
                    before.account().organizationId()).tryCommit()) {
                LOG.infof("account %s: %s by %s (budgets at version %d%s)", accountId, what, by, next.version(),
                        changed.crossings().isEmpty() ? "" : ", crossing " + changed.crossings().stream()
                                .map(c -> c.percent() + " %").collect(Collectors.joining(" and ")));
                return new Standing(before.account(), next, before.current(), before.now());
            }
            if (attempt >= store.config().changeAttempts()) {
                throw new AccountService.Conflict("the budgets of " + accountId + " kept changing under debits; try again");
            }
            Backoff.sleep(store.config(), attempt);
        }
    }
}
