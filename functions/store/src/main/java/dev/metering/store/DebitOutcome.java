package dev.metering.store;

import java.util.Map;

/**
 * What became of a {@link DebitWrite}.
 *
 * <ul>
 *   <li>{@code COMMITTED}: every debit applied.
 *   <li>{@code SEEN}: nothing applied; the events named in {@code seenBodies} were counted before,
 *       each with the body hash given there (empty for an entry older than body hashes): they are
 *       left out of the next attempt, as duplicates when the hash is theirs, else for quarantine.
 *   <li>{@code STALE}: nothing applied; the cycle or the account changed (or the cycle closed, or
 *       was opened by someone else) since it was read: read again and recompute.
 *   <li>{@code TRANSIENT}: nothing applied; throttling, a transaction conflict or a timeout: back
 *       off and try again.
 * </ul>
 */
public record DebitOutcome(Kind kind, Map<String, String> seenBodies, String detail) {

    public enum Kind { COMMITTED, SEEN, STALE, TRANSIENT }

    public static DebitOutcome committed() {
        return new DebitOutcome(Kind.COMMITTED, Map.of(), "");
    }

    static DebitOutcome of(Kind kind, String detail) {
        return new DebitOutcome(kind, Map.of(), detail);
    }
}
