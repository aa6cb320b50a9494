package dev.metering.core.debit;

import java.util.List;

/**
 * The outcome of debiting one event: the split, the pool after it, whether this debit made the
 * rate switch, and the thresholds it crossed first.
 */
public record Debit(Split split, Pool before, Pool after, boolean rateSwitched, List<Integer> thresholdsReached) {}
