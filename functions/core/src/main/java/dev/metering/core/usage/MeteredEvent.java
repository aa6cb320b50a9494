package dev.metering.core.usage;

import dev.metering.core.price.Cost;
import dev.metering.core.source.PoolKind;

/** A valid event with the pool it draws on and its cost at the list prices in effect when it occurred. */
public record MeteredEvent(UsageEvent event, PoolKind pool, Cost cost) {}
