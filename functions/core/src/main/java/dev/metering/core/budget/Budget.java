package dev.metering.core.budget;

import dev.metering.core.money.Money;
import java.time.Instant;
import java.util.regex.Pattern;

/**
 * A ceiling a subscriber sets on part of their programmatic usage. {@code since} is when its spend
 * began to count: its creation, or the last change of what it matches or of its window;
 * {@code changedAt} and {@code changedBy} are its last change and who made it (a token's subject).
 */
public record Budget(String budgetId, BudgetMatch match, Money limit, BudgetWindow window, Action action, Instant since,
                     Instant changedAt, String changedBy) {

    public static final String ID_PATTERN = "^[a-z0-9_-]{1,32}$";
    private static final Pattern ID = Pattern.compile(ID_PATTERN);
    public static final Money MAX_LIMIT = Money.ofUsd(1_000_000);

    /** What an exhausted budget does: stop matching requests in the authorization decision, or only tell. */
    public enum Action {
        PAUSE("pause"),
        NOTIFY("notify");

        private final String wire;

        Action(String wire) {
            this.wire = wire;
        }

        public String wire() {
            return wire;
        }

        public static java.util.Optional<Action> fromWire(String value) {
            for (Action action : values()) {
                if (action.wire.equals(value)) {
                    return java.util.Optional.of(action);
                }
            }
            return java.util.Optional.empty();
        }
    }

    public Budget {
        if (!validId(budgetId)) {
            throw new IllegalArgumentException("budgetId: 1-32 characters of [a-z0-9_-]");
        }
        if (!limit.isPositive() || limit.compareTo(MAX_LIMIT) > 0) {
            throw new IllegalArgumentException("limitUsd: above 0 and at most " + MAX_LIMIT.toUsdString());
        }
        if (match == null || window == null || action == null || since == null || changedAt == null || changedBy == null) {
            throw new IllegalArgumentException("a budget needs its match, window, action, start and who changed it when");
        }
    }

    public static boolean validId(String id) {
        return id != null && ID.matcher(id).matches();
    }

    /** Whether {@code other} counts the same debits over the same windows, so that the spend carries over. */
    public boolean countsAs(Budget other) {
        return match.equals(other.match) && window == other.window;
    }
}
