package dev.metering.core.debit;

import dev.metering.core.money.Money;
import java.util.List;

/** Shares of the programmatic credit whose consumption is recorded once per cycle. */
public final class Threshold {

    public static final List<Integer> PERCENTS = List.of(50, 75, 90, 100);

    private Threshold() {}

    /** Whether {@code used} is at least {@code percent}% of {@code granted} (never, without a grant). */
    public static boolean reached(int percent, Money used, Money granted) {
        if (!granted.isPositive()) {
            return false;
        }
        return Math.multiplyExact(used.nanos(), 100L) >= Math.multiplyExact(granted.nanos(), (long) percent);
    }
}
