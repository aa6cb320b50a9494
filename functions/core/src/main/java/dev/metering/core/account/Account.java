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

    /** The next version with extra usage settings changed. */
    public Account withExtraUsage(boolean enabled, Money cap) {
        return new Account(id, plan, organizationId, anchor, zone, claimedAt, pendingPlan, pendingFrom, enabled, cap,
                firstCycleStart, version + 1);
    }

    /** The next version with the plan, organization and pending downgrade changed. */
    public Account withPlan(String newPlan, String newOrganizationId, String newPendingPlan, Instant newPendingFrom) {
        return new Account(id, newPlan, newOrganizationId, anchor, zone, claimedAt, newPendingPlan, newPendingFrom,
                extraUsageEnabled, extraUsageCap, firstCycleStart, version + 1);
    }

    /** The next version, unchanged: a write that must conflict with any concurrent settings change. */
    public Account touched() {
        return withExtraUsage(extraUsageEnabled, extraUsageCap);
    }

    /** The plan that governs a cycle: the pending downgrade from its start on, else the current plan. */
    public String planFor(Cycle cycle) {
        if (pendingPlan != null && !cycle.start().isBefore(pendingFrom)) {
            return pendingPlan;
        }
        return plan;
    }
}
