package dev.metering.core.cycle;

import java.time.Instant;
import java.util.List;
import java.util.Objects;

/**
 * What one seat adds to its organization's totals: its latest cycle's programmatic pool as one
 * version of that cycle's item wrote it, or nothing once the seat has left. Totals are kept as the
 * data changes, one seat's change at a time, and a change is applied only if it supersedes the
 * share applied before (a later cycle, or a later version of the same one): so a change told twice,
 * or a stream replayed, adds nothing, and an older change arriving after a newer one is ignored.
 *
 * @param member false for a seat that left the organization with that version (it adds nothing, and
 *     an older change of the seat cannot bring it back)
 */
public record SeatShare(Instant cycleStart, long version, boolean member, CreditTotals totals) {

    public SeatShare {
        Objects.requireNonNull(cycleStart, "cycleStart");
        Objects.requireNonNull(totals, "totals");
        if (totals.seats() != (member ? 1 : 0)) {
            throw new IllegalArgumentException("a member counts one seat, a seat that left none");
        }
    }

    /** A seat's share as {@code version} of its cycle's item holds it. */
    public static SeatShare of(CyclePools pools, long version) {
        return new SeatShare(pools.cycle().start(), version, true, CreditTotals.of(List.of(pools)));
    }

    /** A seat that left with {@code version} of its cycle's item. */
    public static SeatShare left(Instant cycleStart, long version) {
        return new SeatShare(cycleStart, version, false, CreditTotals.NONE);
    }

    /** Whether this share is newer than {@code applied} (null: none applied yet), and so replaces it. */
    public boolean supersedes(SeatShare applied) {
        if (applied == null) {
            return true;
        }
        int byCycle = cycleStart.compareTo(applied.cycleStart);
        return byCycle > 0 || (byCycle == 0 && version > applied.version);
    }

    /** What replacing {@code applied} (null: none) with this share adds to the organization's totals. */
    public CreditTotals changeFrom(SeatShare applied) {
        return (applied == null ? CreditTotals.NONE : applied.totals).to(totals);
    }
}
