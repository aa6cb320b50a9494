package dev.metering.core.budget;

import dev.metering.core.cycle.Cycle;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.Optional;

/**
 * The window a budget's spend is counted over: the billing cycle, the calendar day in the account's
 * time zone, or a rolling hour made of twelve 5-minute steps aligned on the epoch (the twelve ending
 * with the current one). Every window is cut at the cycle: a day or an hour that spans a cycle's end
 * is two windows, one in each cycle.
 */
public enum BudgetWindow {
    CYCLE("cycle"),
    DAY("day"),
    HOUR("hour");

    public static final Duration STEP = Duration.ofMinutes(5);
    public static final int STEPS = 12;

    private final String wire;

    BudgetWindow(String wire) {
        this.wire = wire;
    }

    public String wire() {
        return wire;
    }

    public static Optional<BudgetWindow> fromWire(String value) {
        for (BudgetWindow window : values()) {
            if (window.wire.equals(value)) {
                return Optional.of(window);
            }
        }
        return Optional.empty();
    }

    /** The 5-minute step holding {@code at}, counted from the epoch. */
    public static long step(Instant at) {
        return Math.floorDiv(at.toEpochMilli(), STEP.toMillis());
    }

    public static Instant stepStart(long step) {
        return Instant.ofEpochMilli(step * STEP.toMillis());
    }

    /**
     * Where a debit of {@code occurredAt}, applied to {@code cycle}, is counted: the span of the cycle,
     * of the day, or of the 5-minute step that holds it, cut at the cycle.
     */
    public Span countedIn(Instant occurredAt, Cycle cycle, ZoneId zone) {
        return switch (this) {
            case CYCLE -> new Span(cycle.start(), cycle.end());
            case DAY -> {
                LocalDate day = LocalDate.ofInstant(occurredAt, zone);
                yield cut(day.atStartOfDay(zone).toInstant(), day.plusDays(1).atStartOfDay(zone).toInstant(), cycle);
            }
            case HOUR -> {
                long step = step(occurredAt);
                yield cut(stepStart(step), stepStart(step + 1), cycle);
            }
        };
    }

    /** The window in force at {@code now} in {@code cycle} (the cycle holding now). */
    public Span current(Instant now, Cycle cycle, ZoneId zone) {
        return switch (this) {
            case CYCLE, DAY -> countedIn(now, cycle, zone);
            case HOUR -> {
                long step = step(now);
                yield cut(stepStart(step - STEPS + 1), stepStart(step + 1), cycle);
            }
        };
    }

    private static Span cut(Instant start, Instant end, Cycle cycle) {
        return new Span(start.isBefore(cycle.start()) ? cycle.start() : start, end.isAfter(cycle.end()) ? cycle.end() : end);
    }

    /** A half-open span of time. */
    public record Span(Instant start, Instant end) {
        public boolean contains(Instant at) {
            return !at.isBefore(start) && at.isBefore(end);
        }

        /** Whether the span {@code key} names lies within this span. */
        public boolean holds(String key) {
            return startOf(key) >= start.toEpochMilli() && endOf(key) <= end.toEpochMilli();
        }

        /** The key a counter of this span is kept under: its bounds in epoch milliseconds. */
        public String key() {
            return start.toEpochMilli() + ":" + end.toEpochMilli();
        }

        public static Span ofKey(String key) {
            return new Span(Instant.ofEpochMilli(startOf(key)), Instant.ofEpochMilli(endOf(key)));
        }

        /** The start a key names, in epoch milliseconds, read without making the span: every count reads its budgets' keys. */
        public static long startOf(String key) {
            return Long.parseLong(key, 0, key.indexOf(':'), 10);
        }

        /** The end a key names, in epoch milliseconds. */
        public static long endOf(String key) {
            return Long.parseLong(key, key.indexOf(':') + 1, key.length(), 10);
        }
    }
}
