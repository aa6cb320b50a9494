package dev.metering.store.item;

import static software.amazon.awssdk.enhanced.dynamodb.mapper.StaticAttributeTags.primaryPartitionKey;
import static software.amazon.awssdk.enhanced.dynamodb.mapper.StaticAttributeTags.primarySortKey;

import dev.metering.core.cycle.CreditTotals;
import dev.metering.core.money.Money;
import java.time.Instant;
import java.util.List;
import software.amazon.awssdk.enhanced.dynamodb.Key;
import software.amazon.awssdk.enhanced.dynamodb.TableSchema;

/**
 * An organization's totals over its seats' latest cycles: counters only ever added to
 * ({@link AddCounters}), each addition a seat's change, and the time of the latest change applied.
 */
public final class OrganizationTotalsItem {

    static final String TYPE = "ORG_TOTALS";
    private static final List<String> COUNTERS = List.of("seats", "granted", "used", "remaining", "extraUsageAccrued", "overrun");

    String pk;
    String sk;
    String type;
    Long seats;
    Money granted;
    Money used;
    Money remaining;
    Money extraUsageAccrued;
    Money overrun;
    Instant asOf;

    public static final TableSchema<OrganizationTotalsItem> SCHEMA = ItemSchema.of(OrganizationTotalsItem.class, OrganizationTotalsItem::new)
            .attr(String.class, Keys.PK, primaryPartitionKey())
            .attr(String.class, Keys.SK, primarySortKey())
            .attr(String.class, "type")
            .attr(Long.class, "seats")
            .attr(Money.class, "granted")
            .attr(Money.class, "used")
            .attr(Money.class, "remaining")
            .attr(Money.class, "extraUsageAccrued")
            .attr(Money.class, "overrun")
            .attr(Instant.class, "asOf")
            .tag(AddCounters.counters(COUNTERS))
            .build();

    public static Key key(String organizationId) {
        return Key.builder().partitionValue(Keys.organizationTotals(organizationId)).sortValue(Keys.TOTALS).build();
    }

    /** One seat's change to the totals: added to what is stored, or stored as it is. */
    public static OrganizationTotalsItem increment(String organizationId, CreditTotals change, Instant at) {
        OrganizationTotalsItem item = new OrganizationTotalsItem();
        item.pk = Keys.organizationTotals(organizationId);
        item.sk = Keys.TOTALS;
        item.type = TYPE;
        item.seats = change.seats();
        item.granted = change.granted();
        item.used = change.used();
        item.remaining = change.remaining();
        item.extraUsageAccrued = change.extraUsageAccrued();
        item.overrun = change.overrun();
        item.asOf = at;
        return item;
    }

    public CreditTotals toTotals() {
        return new CreditTotals(seats == null ? 0 : seats, orZero(granted), orZero(used), orZero(remaining), orZero(extraUsageAccrued),
                orZero(overrun));
    }

    public Instant asOf() {
        return asOf;
    }

    private static Money orZero(Money m) {
        return m == null ? Money.ZERO : m;
    }
}
