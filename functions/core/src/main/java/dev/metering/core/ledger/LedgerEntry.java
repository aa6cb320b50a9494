package dev.metering.core.ledger;

import dev.metering.core.budget.Tags;
import dev.metering.core.money.Money;
import dev.metering.core.price.TokenUsage;
import dev.metering.core.source.PoolKind;
import java.time.Instant;
import java.util.List;
import java.util.Objects;

/**
 * One movement of a pool. For a GRANT or a positive ADJUSTMENT {@code credit} is credit added (a
 * negative ADJUSTMENT takes credit back); for a DEBIT it is credit consumed; for an EXPIRY it is
 * credit that lapsed. The sums of a cycle's entries equal its pools' totals.
 *
 * <p>Debit-only fields ({@code eventId} .. {@code tokens}, {@code bodyHash}) are {@code null} on other
 * kinds; {@code reason} is set on adjustments and grants. A debit's {@code bodyHash} (see
 * {@link dev.metering.core.usage.UsageEvent#bodyHash}) tells a resent event from an id reused for
 * another body. {@code by} names who caused an entry made on request (an adjustment, or a grant of a
 * settings change): the caller's subject; null for what usage and the reset do. {@code position}
 * is given when the entry is written ({@link Position}).
 */
public record LedgerEntry(
        String entryId,
        EntryKind kind,
        PoolKind pool,
        Instant at,
        Instant cycleStart,
        Money credit,
        Money extraUsage,
        Money overrun,
        String eventId,
        String source,
        String model,
        Instant occurredAt,
        Boolean late,
        Money cost,
        TokenUsage tokens,
        String reason,
        Marks marks,
        String bodyHash,
        String by,
        Position position,
        Tags tags) {

    public LedgerEntry {
        tags = tags == null ? Tags.NONE : tags;
    }

    public LedgerEntry(String entryId, EntryKind kind, PoolKind pool, Instant at, Instant cycleStart, Money credit, Money extraUsage,
                       Money overrun, String eventId, String source, String model, Instant occurredAt, Boolean late, Money cost,
                       TokenUsage tokens, String reason, Marks marks, String bodyHash, String by, Position position) {
        this(entryId, kind, pool, at, cycleStart, credit, extraUsage, overrun, eventId, source, model, occurredAt, late, cost, tokens,
                reason, marks, bodyHash, by, position, Tags.NONE);
    }

    /** What a debit set off: the rate switch, and the credit thresholds it crossed first. */
    public record Marks(boolean rateSwitch, List<Integer> thresholdsReached) {
        public static final Marks NONE = new Marks(false, List.of());

        public Marks {
            thresholdsReached = List.copyOf(thresholdsReached);
        }

        /**
         * What a change of a pool from {@code before} to {@code after} set off: a debit, or a movement of
         * credit that leaves the pool out of credit (a downgrade, an adjustment taking credit back) or
         * nearer to using all of it.
         */
        public static Marks between(dev.metering.core.debit.Pool before, dev.metering.core.debit.Pool after) {
            List<Integer> reached = new java.util.ArrayList<>(after.thresholds());
            reached.removeAll(before.thresholds());
            return new Marks(before.rateSwitchedAt() == null && after.rateSwitchedAt() != null, reached);
        }
    }

    public static LedgerEntry movement(String entryId, EntryKind kind, PoolKind pool, Instant at, Instant cycleStart,
                                       Money credit, String reason) {
        return new LedgerEntry(entryId, kind, pool, at, cycleStart, credit, Money.ZERO, Money.ZERO,
                null, null, null, null, null, null, null, reason, Marks.NONE, null, null, null);
    }

    /** The same entry, marked with what it set off. */
    public LedgerEntry marked(Marks what) {
        return new LedgerEntry(entryId, kind, pool, at, cycleStart, credit, extraUsage, overrun, eventId, source, model,
                occurredAt, late, cost, tokens, reason, what, bodyHash, by, position, tags);
    }

    /** The same entry, made on the request of {@code caller}. */
    public LedgerEntry by(String caller) {
        return new LedgerEntry(entryId, kind, pool, at, cycleStart, credit, extraUsage, overrun, eventId, source, model,
                occurredAt, late, cost, tokens, reason, marks, bodyHash, caller, position, tags);
    }

    /**
     * Where an entry stands in its cycle's ledger, given when it is written: its {@code sequence}
     * (increasing in the order entries were written; the cycle's version at the write, times 100,
     * plus the entry's place in that write, so not contiguous) and the programmatic credit remaining
     * after it. Null on an entry not written yet, and on entries written before positions were kept.
     */
    public record Position(long sequence, Money balanceAfter) {
        public Position {
            Objects.requireNonNull(balanceAfter, "balanceAfter");
        }
    }

    /** The same entry at its place in the ledger. */
    public LedgerEntry at(Position where) {
        return new LedgerEntry(entryId, kind, pool, at, cycleStart, credit, extraUsage, overrun, eventId, source, model,
                occurredAt, late, cost, tokens, reason, marks, bodyHash, by, where, tags);
    }

    /** The same entry, with the tags its event carried. */
    public LedgerEntry tagged(Tags carried) {
        return new LedgerEntry(entryId, kind, pool, at, cycleStart, credit, extraUsage, overrun, eventId, source, model,
                occurredAt, late, cost, tokens, reason, marks, bodyHash, by, position, carried);
    }

    /** What this entry does to the programmatic credit remaining: a grant or adjustment adds, a debit or expiry takes. */
    public Money creditEffect() {
        if (pool != PoolKind.PROGRAMMATIC) {
            return Money.ZERO;
        }
        return switch (kind) {
            case GRANT, ADJUSTMENT -> credit;
            case DEBIT, EXPIRY -> credit.negate();
        };
    }
}
