package dev.metering.store.reset;

import dev.metering.core.money.Money;
import java.time.Duration;

/**
 * What one run of the monthly reset did.
 *
 * @param cyclesClosed cycles this run closed (in a dry run: would have closed)
 * @param creditExpired unused programmatic credit that expired with them
 * @param extraUsageBilled extra usage of those cycles, written as invoice lines
 * @param alreadyClosed due cycles that another run had closed meanwhile
 * @param remaining due cycles left when the time budget ran out (0: done), failed ones not counted
 * @param failed accounts whose due cycles could not be closed in this run (named in the log); the
 *     next run tries them again
 * @param oldestDueAge how long the oldest cycle still due after this run has been over (zero: none)
 */
public record ResetReport(String asOf, boolean dryRun, long cyclesClosed, Money creditExpired, Money extraUsageBilled,
                          long alreadyClosed, long remaining, long failed, Duration oldestDueAge) {}
