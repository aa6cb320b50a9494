package dev.metering.core.account;

import dev.metering.core.money.Money;

/**
 * What an account holds at one instant: its plan, whether it has claimed the credit, and its
 * extra-usage settings ({@code extraUsageCap} null: no cap).
 */
public record Terms(String plan, boolean claimed, boolean extraUsageEnabled, Money extraUsageCap) {}
