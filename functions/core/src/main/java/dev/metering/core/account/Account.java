package dev.metering.core.account;

import dev.metering.core.cycle.BillingCalendar;
import dev.metering.core.cycle.Cycle;
import dev.metering.core.money.Money;
import java.time.Instant;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * One seat. Team and Enterprise seats share an {@code organizationId} but each has its own pools.
 *
 * <p>The plan, the claim and the extra-usage settings are not fields but an effective-dated
 * history, so that the terms of any instant, and so of any cycle, can be known: a cycle opened
 * late, or early, follows the account as it stood for that cycle, never as it stands at the
 * moment it happens to be opened.
 *
 * @param history every change, in the order recorded
 */
public record Account(
        String id,
        String organizationId,
        Instant anchor,
        ZoneId zone,
        Instant firstCycleStart,
        List<AccountChange> history,
        long version) {

    public Account {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(anchor, "anchor");
        Objects.requireNonNull(zone, "zone");
        history = List.copyOf(history);
        if (history.stream().noneMatch(c -> c.kind() == AccountChange.Kind.PLAN)) {
            throw new IllegalArgumentException("account " + id + " has no plan in its history");
        }
    }

    public BillingCalendar calendar() {
        return new BillingCalendar(anchor, zone);
    }

    /**
     * The terms in force at {@code instant}: of each kind, the change recorded last among those in
     * effect by then. A later plan change thus cancels a downgrade that was still waiting.
     */
    public Terms termsAt(Instant instant) {
        String plan = null;
        boolean claimed = false;
        boolean extraUsage = false;
        Money cap = null;
        for (AccountChange change : history) {
            if (change.effectiveFrom().isAfter(instant)) {
                continue;
            }
            switch (change.kind()) {
                case PLAN -> plan = change.plan();
                case CLAIM -> claimed = true;
                case EXTRA_USAGE -> {
                    extraUsage = change.extraUsageEnabled();
                    cap = change.extraUsageCap();
                }
            }
        }
        if (plan == null) {
            throw new IllegalStateException("account " + id + " has no plan at " + instant);
        }
        return new Terms(plan, claimed, extraUsage, cap);
    }

    /**
     * The terms a cycle follows when written at {@code now}: those in force at its start if it has
     * not started, at now while it runs, and at its last instant once it has ended (a change made
     * after a cycle ended never reaches it).
     */
    public Terms termsFor(Cycle cycle, Instant now) {
        Instant at = now.isBefore(cycle.start()) ? cycle.start() : now.isBefore(cycle.end()) ? now : cycle.end().minusNanos(1);
        return termsAt(at);
    }

    public boolean claimed() {
        return claimedAt().isPresent();
    }

    public Optional<Instant> claimedAt() {
        return history.stream().filter(c -> c.kind() == AccountChange.Kind.CLAIM).map(AccountChange::effectiveFrom).findFirst();
    }

    /** The downgrade recorded last, if it is still waiting for its cycle at {@code now}. */
    public Optional<AccountChange> pendingPlan(Instant now) {
        for (int i = history.size() - 1; i >= 0; i--) {
            AccountChange change = history.get(i);
            if (change.kind() == AccountChange.Kind.PLAN) {
                return change.effectiveFrom().isAfter(now) ? Optional.of(change) : Optional.empty();
            }
        }
        return Optional.empty();
    }

    /** The next version, with {@code change} recorded. */
    public Account with(AccountChange change) {
        List<AccountChange> next = new ArrayList<>(history);
        next.add(change);
        return new Account(id, organizationId, anchor, zone, firstCycleStart, next, version + 1);
    }

    /**
     * The same account with only the changes that still decide its terms at one of {@code points}
     * (the last instants of the cycles before the current one, which a reset running late may still
     * open) and at every instant from {@code from} on (now: the current cycle, which a change always
     * leaves stored, and the cycles after it): a change is dropped when one recorded after it is in
     * effect at every such instant it would be.
     * The claim, which dates the credit, is always kept. So the history stays a handful of changes
     * per point whatever number of them was made, and {@link #termsAt} answers as before at those instants.
     */
    public Account compacted(List<Instant> points, Instant from) {
        List<AccountChange> kept = new ArrayList<>();
        for (int i = 0; i < history.size(); i++) {
            AccountChange change = history.get(i);
            if (change.kind() == AccountChange.Kind.CLAIM || decides(i, points, from)) {
                kept.add(change);
            }
        }
        return kept.size() == history.size() ? this
                : new Account(id, organizationId, anchor, zone, firstCycleStart, kept, version);
    }

    /** {@link #compacted(List, Instant)} with one point. */
    public Account compacted(Instant lastOfPrevious, Instant from) {
        return compacted(List.of(lastOfPrevious), from);
    }

    /** Whether the change at {@code index} is the one in force, of its kind, at one of the points or at some instant from {@code from} on. */
    private boolean decides(int index, List<Instant> points, Instant from) {
        AccountChange change = history.get(index);
        // From the earliest instant it could decide on: if a later change is in force there, it is everywhere after.
        Instant earliest = change.effectiveFrom().isAfter(from) ? change.effectiveFrom() : from;
        boolean later = true;
        for (int j = index + 1; j < history.size() && later; j++) {
            AccountChange after = history.get(j);
            later = after.kind() != change.kind() || after.effectiveFrom().isAfter(earliest);
        }
        if (later) {
            return true;
        }
        for (Instant point : points) {
            if (decidesAt(index, point)) {
                return true;
            }
        }
        return false;
    }

    private boolean decidesAt(int index, Instant point) {
        AccountChange change = history.get(index);
        if (change.effectiveFrom().isAfter(point)) {
            return false;
        }
        for (int j = index + 1; j < history.size(); j++) {
            AccountChange after = history.get(j);
            if (after.kind() == change.kind() && !after.effectiveFrom().isAfter(point)) {
                return false;
            }
        }
        return true;
    }

    /** The next version, in another organization. */
    public Account withOrganization(String newOrganizationId) {
        return new Account(id, newOrganizationId, anchor, zone, firstCycleStart, history, version + 1);
    }

    /** The next version, unchanged: a write that must conflict with any concurrent settings change. */
    public Account touched() {
        return new Account(id, organizationId, anchor, zone, firstCycleStart, history, version + 1);
    }
}
