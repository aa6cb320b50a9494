package dev.metering.store.item;

import static software.amazon.awssdk.enhanced.dynamodb.mapper.StaticAttributeTags.primaryPartitionKey;
import static software.amazon.awssdk.enhanced.dynamodb.mapper.StaticAttributeTags.primarySortKey;

import dev.metering.core.cycle.Cycle;
import dev.metering.core.cycle.CyclePools;
import dev.metering.core.cycle.InvoiceLine;
import dev.metering.core.debit.ExtraUsage;
import dev.metering.core.debit.Pool;
import dev.metering.core.money.Money;
import dev.metering.core.source.PoolKind;
import java.time.Instant;
import java.time.ZoneId;
import java.util.HashMap;
import java.util.Map;
import java.util.TreeSet;
import java.util.stream.Collectors;
import software.amazon.awssdk.enhanced.dynamodb.Key;
import software.amazon.awssdk.enhanced.dynamodb.TableSchema;

/**
 * The cycle item: both pools of one account and cycle, written whole under a version condition.
 * While open it carries the due marker (gsi2, keys only), whose keys debits never change, so the
 * many debits that rewrite it cost no index write; closing it drops the marker and adds its
 * {@link CloseRecord} and its entry among the closes ({@code gsi2} {@code CLOSED#{shard}}, by close).
 */
public final class CycleItem {

    public static final String TYPE = "CYCLE";

    String pk;
    String sk;
    String type;
    String accountId;
    String organizationId;
    Long cycleIndex;
    Instant start;
    Instant end;
    ZoneId timeZone;
    String plan;
    Boolean claimed;
    Long version;
    Money pGranted;
    Money pUsed;
    Money pOverrun;
    Money pExpired;
    Boolean pExtraEnabled;
    Money pExtraCap;
    Money pExtraAccrued;
    Instant pRateSwitchedAt;
    Map<String, Money> pExtraByModel;
    String pThresholds;
    /** What adjustments granted (net); absent on an item written before they were kept apart. */
    Money pAdjusted;
    Money iGranted;
    Money iUsed;
    Money iOverrun;
    Money iExpired;
    Money iAdjusted;
    Instant closedAt;
    String gsi2pk;
    String gsi2sk;
    CloseRecord close;

    public static final TableSchema<CycleItem> SCHEMA = ItemSchema.of(CycleItem.class, CycleItem::new)
            .attr(String.class, Keys.PK, primaryPartitionKey())
            .attr(String.class, Keys.SK, primarySortKey())
            .attr(String.class, "type")
            .attr(String.class, "accountId")
            .attr(String.class, "organizationId")
            .attr(Long.class, "cycleIndex")
            .attr(Instant.class, "start")
            .attr(Instant.class, "end")
            .attr(ZoneId.class, "timeZone")
            .attr(String.class, "plan")
            .attr(Boolean.class, "claimed")
            .attr(Long.class, "version")
            .attr(Money.class, "p_granted", "pGranted")
            .attr(Money.class, "p_used", "pUsed")
            .attr(Money.class, "p_overrun", "pOverrun")
            .attr(Money.class, "p_expired", "pExpired")
            .attr(Boolean.class, "p_extraEnabled", "pExtraEnabled")
            .attr(Money.class, "p_extraCap", "pExtraCap")
            .attr(Money.class, "p_extraAccrued", "pExtraAccrued")
            .attr(Instant.class, "p_rateSwitchedAt", "pRateSwitchedAt")
            .attr(StoreConverters.MONEY_BY_NAME, "p_extraByModel", "pExtraByModel")
            .attr(String.class, "p_thresholds", "pThresholds")
            .attr(Money.class, "p_adjusted", "pAdjusted")
            .attr(Money.class, "i_granted", "iGranted")
            .attr(Money.class, "i_used", "iUsed")
            .attr(Money.class, "i_overrun", "iOverrun")
            .attr(Money.class, "i_expired", "iExpired")
            .attr(Money.class, "i_adjusted", "iAdjusted")
            .attr(Instant.class, "closedAt")
            .attr(String.class, Keys.GSI2PK)
            .attr(String.class, Keys.GSI2SK)
            .flatten(CloseRecord.SCHEMA, "close")
            .build();

    public static Key key(String accountId, Instant cycleStart) {
        return Key.builder().partitionValue(Keys.account(accountId)).sortValue(Keys.cycle(cycleStart)).build();
    }

    /**
     * The item for {@code c} at {@code version}, of a seat of {@code organizationId} (null: of none) as
     * the write found it; an open cycle carries the due marker, a closed one its entry in the list of
     * closes (the same index, in partitions of its own).
     */
    public static CycleItem of(CyclePools c, long version, int dueShards, String organizationId) {
        CycleItem item = new CycleItem();
        item.pk = Keys.account(c.accountId());
        item.sk = Keys.cycle(c.cycle().start());
        item.type = TYPE;
        item.accountId = c.accountId();
        item.organizationId = organizationId;
        item.cycleIndex = c.cycle().index();
        item.start = c.cycle().start();
        item.end = c.cycle().end();
        item.timeZone = c.cycle().zone();
        item.plan = c.plan();
        item.claimed = c.claimed();
        item.version = version;
        Pool p = c.programmatic();
        item.pGranted = p.granted();
        item.pUsed = p.used();
        item.pOverrun = p.overrun();
        item.pExpired = p.expired();
        item.pExtraEnabled = p.extraUsage().enabled();
        item.pExtraCap = p.extraUsage().cap();
        item.pExtraAccrued = p.extraUsage().accrued();
        item.pRateSwitchedAt = p.rateSwitchedAt();
        item.pExtraByModel = new HashMap<>(c.extraUsageByModel());
        item.pThresholds = p.thresholds().stream().map(String::valueOf).collect(Collectors.joining(","));
        item.pAdjusted = p.adjusted();
        Pool i = c.interactive();
        item.iGranted = i.granted();
        item.iUsed = i.used();
        item.iOverrun = i.overrun();
        item.iExpired = i.expired();
        item.iAdjusted = i.adjusted();
        item.closedAt = c.closedAt();
        int shard = Keys.dueShard(c.accountId(), dueShards);
        if (c.closedAt() == null) {
            item.gsi2pk = Keys.due(shard);
            item.gsi2sk = Keys.dueOrder(c.cycle().end(), c.accountId());
        } else {
            item.gsi2pk = Keys.closed(shard);
            item.gsi2sk = Keys.dueOrder(c.closedAt(), c.accountId());
        }
        return item;
    }

    /** The same item with its close record, which a closed cycle carries. */
    public CycleItem closedWith(CloseRecord record) {
        this.close = record;
        return this;
    }

    /** The seat's organization when this version was written; null for a seat of none. */
    public String organizationId() {
        return organizationId;
    }

    /** What this closed cycle bills. */
    public InvoiceLine toInvoiceLine() {
        return InvoiceLine.of(toPools(), organizationId);
    }

    public CyclePools toPools() {
        Cycle cycle = new Cycle(cycleIndex, start, end, timeZone);
        TreeSet<Integer> reached = new TreeSet<>(LedgerFields.thresholds(pThresholds));
        Pool programmatic = new Pool(PoolKind.PROGRAMMATIC, pGranted, pUsed, pOverrun, pExpired,
                new ExtraUsage(Boolean.TRUE.equals(pExtraEnabled), pExtraCap, pExtraAccrued), pRateSwitchedAt, reached, pAdjusted);
        Pool interactive = new Pool(PoolKind.INTERACTIVE, iGranted, iUsed, iOverrun, iExpired, ExtraUsage.OFF, null,
                new TreeSet<>(), iAdjusted);
        return new CyclePools(accountId, cycle, plan, Boolean.TRUE.equals(claimed), programmatic, interactive,
                pExtraByModel == null ? new HashMap<>() : new HashMap<>(pExtraByModel), closedAt, version);
    }
}
