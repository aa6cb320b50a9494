package dev.metering.core.account;

import dev.metering.core.cycle.BillingCalendar;
import dev.metering.core.cycle.Cycle;
import dev.metering.core.money.Money;
import java.time.Instant;
import java.time.ZoneId;
import java.util.Objects;

/**
 * One seat. Team and Enterprise seats share an {@code organizationId} but each has its own pools.
 *
 * <p>A downgrade waits for the next cycle: it is kept as {@code pendingPlan}, in effect for every
 * cycle that starts at or after {@code pendingFrom}.
 *
 * @param extraUsageCap the extra usage spend cap, {@code null} for none
 * @param claimedAt when the programmatic credit was claimed, {@code null} if never
 */
public record Account(
        String id,
        String plan,
        String organizationId,
        Instant anchor,
        ZoneId zone,
        Instant claimedAt,
        String pendingPlan,
        Instant pendingFrom,
        boolean extraUsageEnabled,
        Money extraUsageCap,
        Instant firstCycleStart,
        long version) {

    public Account {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(plan, "plan");
        Objects.requireNonNull(anchor, "anchor");
        Objects.requireNonNull(zone, "zone");
        if ((pendingPlan == null) != (pendingFrom == null)) {
            throw new IllegalArgumentException("pendingPlan and pendingFrom go together");
        }
    }

    public BillingCalendar calendar() {
        return new BillingCalendar(anchor, zone);
    }

    public boolean claimed() {
        return claimedAt != null;
    }

    /** The plan that governs a cycle: the pending downgrade from its start on, else the current plan. */
    public String planFor(Cycle cycle) {
        if (pendingPlan != null && !cycle.start().isBefore(pendingFrom)) {
            return pendingPlan;
        }
        return plan;
    }
}
