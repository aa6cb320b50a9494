package dev.metering.core.cycle;

import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.time.temporal.ChronoUnit;
import java.util.Objects;

/**
 * The cycles of one account. Cycle k starts at the anchor's local date-time in the account's zone
 * plus k months; a day that the month lacks is clamped to the month's last day (an anchor on the
 * 31st gives Feb 28 or 29, then Mar 31 again, because every start is computed from the anchor and
 * never from the previous cycle). A local time that a DST change skips moves forward by the gap; a
 * repeated one takes the earlier offset. Each cycle ends where the next one starts, so the cycles
 * tile the time line: every instant lies in exactly one.
 */
public final class BillingCalendar {

    private final LocalDateTime anchorLocal;
    private final ZoneId zone;
    /** The cycle found last: most instants asked about in a row lie in one cycle (a racy read of an immutable value is safe). */
    private volatile Cycle last;

    public BillingCalendar(Instant anchor, ZoneId zone) {
        this.zone = Objects.requireNonNull(zone, "zone");
        this.anchorLocal = LocalDateTime.ofInstant(Objects.requireNonNull(anchor, "anchor"), zone);
    }

    public ZoneId zone() {
        return zone;
    }

    public Instant startOf(long index) {
        return anchorLocal.plusMonths(index).atZone(zone).toInstant();
    }

    public Cycle cycle(long index) {
        return new Cycle(index, startOf(index), startOf(Math.addExact(index, 1)), zone);
    }

    public Cycle cycleContaining(Instant instant) {
        Cycle known = last;
        if (known != null && known.contains(instant)) {
            return known;
        }
        LocalDateTime local = LocalDateTime.ofInstant(instant, zone);
        // A first guess from the calendar, then a step or two to correct for clamping and DST.
        long index = ChronoUnit.MONTHS.between(anchorLocal, local);
        while (startOf(index).isAfter(instant)) {
            index--;
        }
        while (!startOf(index + 1).isAfter(instant)) {
            index++;
        }
        Cycle found = cycle(index);
        last = found;
        return found;
    }

    public Cycle next(Cycle cycle) {
        return cycle(cycle.index() + 1);
    }
}
