package dev.metering.core.cycle;

import dev.metering.core.debit.Pool;
import dev.metering.core.money.Money;
import java.time.Instant;
import java.util.Collections;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;

/**
 * What a closed cycle bills: the extra usage accrued (by model) and what became of the credit. It is
 * read from the closed cycle item alone, so the line that the {@code CycleClosed} notification carries
 * and the one billing pulls are the same.
 *
 * @param organizationId the seat's organization when the cycle closed; null for a seat of none
 */
public record InvoiceLine(String accountId, String organizationId, Cycle cycle, String plan, Instant closedAt,
                          Money creditGranted, Money creditUsed, Money creditExpired, Money extraUsage,
                          Map<String, Money> extraUsageByModel, Money overrun) {

    public InvoiceLine {
        Objects.requireNonNull(closedAt, "closedAt");
        extraUsageByModel = Collections.unmodifiableMap(new TreeMap<>(extraUsageByModel));
    }

    /** @throws IllegalArgumentException for a cycle that is still open: it has no line yet */
    public static InvoiceLine of(CyclePools closed, String organizationId) {
        if (!closed.isClosed()) {
            throw new IllegalArgumentException("cycle " + closed.cycle().start() + " of " + closed.accountId() + " is open");
        }
        Pool credit = closed.programmatic();
        return new InvoiceLine(closed.accountId(), organizationId, closed.cycle(), closed.plan(), closed.closedAt(),
                credit.granted(), credit.used(), credit.expired(), credit.extraUsage().accrued(), closed.extraUsageByModel(),
                credit.overrun());
    }
}
