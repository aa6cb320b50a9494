package dev.metering.store.item;

import static software.amazon.awssdk.enhanced.dynamodb.mapper.StaticAttributeTags.primaryPartitionKey;
import static software.amazon.awssdk.enhanced.dynamodb.mapper.StaticAttributeTags.primarySortKey;

import dev.metering.core.cycle.CreditTotals;
import dev.metering.core.cycle.SeatShare;
import dev.metering.core.money.Money;
import java.time.Instant;
import software.amazon.awssdk.enhanced.dynamodb.Key;
import software.amazon.awssdk.enhanced.dynamodb.TableSchema;

/**
 * What one seat adds to its organization's totals, and the cycle and version it was applied at, so
 * that a change is applied once: written whole, together with the totals' update, on condition that
 * it is still as read.
 */
public final class SeatShareItem {

    static final String TYPE = "SEAT_SHARE";

    String pk;
    String sk;
    String type;
    String accountId;
    Instant cycleStart;
    Long version;
    Boolean member;
    Money granted;
    Money used;
    Money remaining;
    Money extraUsageAccrued;
    Money overrun;

    public static final TableSchema<SeatShareItem> SCHEMA = ItemSchema.of(SeatShareItem.class, SeatShareItem::new)
            .attr(String.class, Keys.PK, primaryPartitionKey())
            .attr(String.class, Keys.SK, primarySortKey())
            .attr(String.class, "type")
            .attr(String.class, "accountId")
            .attr(Instant.class, "cycleStart")
            .attr(Long.class, "version")
            .attr(Boolean.class, "member")
            .attr(Money.class, "granted")
            .attr(Money.class, "used")
            .attr(Money.class, "remaining")
            .attr(Money.class, "extraUsageAccrued")
            .attr(Money.class, "overrun")
            .build();

    public static Key key(String organizationId, String accountId) {
        return Key.builder().partitionValue(Keys.organizationTotals(organizationId)).sortValue(Keys.seatShare(accountId)).build();
    }

    public static SeatShareItem of(String organizationId, String accountId, SeatShare share) {
        SeatShareItem item = new SeatShareItem();
        item.pk = Keys.organizationTotals(organizationId);
        item.sk = Keys.seatShare(accountId);
        item.type = TYPE;
        item.accountId = accountId;
        item.cycleStart = share.cycleStart();
        item.version = share.version();
        item.member = share.member();
        CreditTotals t = share.totals();
        item.granted = t.granted();
        item.used = t.used();
        item.remaining = t.remaining();
        item.extraUsageAccrued = t.extraUsageAccrued();
        item.overrun = t.overrun();
        return item;
    }

    public SeatShare toShare() {
        boolean isMember = Boolean.TRUE.equals(member);
        return new SeatShare(cycleStart, version, isMember, new CreditTotals(isMember ? 1 : 0, granted, used, remaining,
                extraUsageAccrued, overrun));
    }

    public Instant cycleStart() {
        return cycleStart;
    }

    public long version() {
        return version;
    }
}
