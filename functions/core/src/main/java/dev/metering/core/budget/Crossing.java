package dev.metering.core.budget;

import dev.metering.core.money.Money;
import java.time.Instant;

/**
 * A budget's spend crossing a mark from below in its current window: {@code percent} 80 (its
 * threshold) or 100 (exhausted). {@code discriminator} tells two crossings of one budget apart: the
 * budget's start and its window (for the rolling hour, the 5-minute step it crossed in), so that a
 * crossing is told of once per budget and window, and once per step for the hour.
 */
public record Crossing(String budgetId, int percent, String discriminator, Money spent, Money limit, BudgetWindow window,
                       Instant windowStart, Instant windowEnd, Instant at) {

    public static final int THRESHOLD_PERCENT = 80;
    public static final int EXHAUSTED_PERCENT = 100;
}
