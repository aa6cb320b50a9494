package dev.metering.store.reset;

import dev.metering.core.money.Money;

/**
 * What one run of the monthly reset did.
 *
 * @param cyclesClosed cycles this run closed (in a dry run: would have closed)
 * @param creditExpired unused programmatic credit that expired with them
 * @param extraUsageBilled extra usage of those cycles, written as invoice lines
 * @param alreadyClosed due cycles that another run had closed meanwhile
 * @param remaining accounts still holding a due cycle when the time budget ran out (0: done)
 */
public record ResetReport(String asOf, boolean dryRun, long cyclesClosed, Money creditExpired, Money extraUsageBilled,
                          long alreadyClosed, long remaining) {}
