package dev.metering.core.budget;

import dev.metering.core.money.Money;
import java.time.Instant;

/** One programmatic debit as budgets see it: when it occurred, where from, its tags, and its whole cost. */
public record Charge(Instant occurredAt, String source, Tags tags, Money cost) {}
