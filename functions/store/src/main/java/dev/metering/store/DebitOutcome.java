package dev.metering.store;

import java.util.Set;

/**
 * What became of a {@link DebitWrite}.
 *
 * <ul>
 *   <li>{@code COMMITTED}: every debit applied.
 *   <li>{@code DUPLICATES}: nothing applied; {@code duplicateEventIds} were already counted and
 *       must be left out of the next attempt.
 *   <li>{@code STALE}: nothing applied; the cycle changed (or closed, or was opened by someone
 *       else) since it was read: read it again and recompute.
 *   <li>{@code TRANSIENT}: nothing applied; throttling, a transaction conflict or a timeout: back
 *       off and try again.
 * </ul>
 */
public record DebitOutcome(Kind kind, Set<String> duplicateEventIds, String detail) {

    public enum Kind { COMMITTED, DUPLICATES, STALE, TRANSIENT }

    public static DebitOutcome committed() {
        return new DebitOutcome(Kind.COMMITTED, Set.of(), "");
    }
}
