package dev.metering.store.item;

import java.time.Instant;
import software.amazon.awssdk.enhanced.dynamodb.TableSchema;

/** A domain event recorded on the item whose write set it off, as a nested document. */
public final class DomainEventItem {

    String type;
    String accountId;
    Instant cycleStart;
    Instant cycleEnd;
    String amountUsd;
    Instant at;

    static final TableSchema<DomainEventItem> SCHEMA = ItemSchema.of(DomainEventItem.class, DomainEventItem::new)
            .attr(String.class, "type")
            .attr(String.class, "accountId")
            .attr(Instant.class, "cycleStart")
            .attr(Instant.class, "cycleEnd")
            .attr(String.class, "amountUsd")
            .attr(Instant.class, "at")
            .build();

    public static DomainEventItem of(String type, String accountId, Instant cycleStart, Instant cycleEnd, String amountUsd,
                                     Instant at) {
        DomainEventItem e = new DomainEventItem();
        e.type = type;
        e.accountId = accountId;
        e.cycleStart = cycleStart;
        e.cycleEnd = cycleEnd;
        e.amountUsd = amountUsd;
        e.at = at;
        return e;
    }
}
