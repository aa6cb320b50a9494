package dev.metering.store.organizations;

import dev.metering.core.cycle.CyclePools;
import java.time.Instant;

/**
 * One committed write of a seat's cycle, as the table's stream tells it: the organization the seat
 * was in before it (null: none, or a cycle opened by this write) and after it, and the pools the
 * write left at its version.
 */
public record SeatChange(String organizationBefore, String organizationAfter, CyclePools pools, Instant at) {}
