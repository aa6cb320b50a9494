package dev.metering.store.item;

import static dev.metering.store.item.Attrs.bool;
import static dev.metering.store.item.Attrs.instant;
import static dev.metering.store.item.Attrs.money;
import static dev.metering.store.item.Attrs.n;
import static dev.metering.store.item.Attrs.s;

import dev.metering.core.cycle.Cycle;
import dev.metering.core.cycle.CyclePools;
import dev.metering.core.debit.ExtraUsage;
import dev.metering.core.debit.Pool;
import dev.metering.core.money.Money;
import dev.metering.core.source.PoolKind;
import java.time.Instant;
import java.time.ZoneId;
import java.util.Arrays;
import java.util.HashMap;
import java.util.Map;
import java.util.TreeSet;
import java.util.stream.Collectors;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * The cycle item: both pools of one account and cycle, written whole under a version condition.
 * While open it carries the due marker (gsi2, keys only), whose keys debits never change, so the
 * many debits that rewrite it cost no index write; closing it drops the marker.
 */
public final class CycleItems {

    private CycleItems() {}

    public static Map<String, AttributeValue> key(String accountId, Instant cycleStart) {
        return Map.of(Keys.PK, s(Keys.account(accountId)), Keys.SK, s(Keys.cycle(cycleStart)));
    }

    /** The item (mutable, for callers that add to it) for {@code pools} at {@code version}; open cycles carry the due marker. */
    public static Map<String, AttributeValue> toItem(CyclePools c, long version) {
        Map<String, AttributeValue> item = new HashMap<>(key(c.accountId(), c.cycle().start()));
        item.put("type", s("CYCLE"));
        item.put("accountId", s(c.accountId()));
        item.put("cycleIndex", n(c.cycle().index()));
        item.put("start", instant(c.cycle().start()));
        item.put("end", instant(c.cycle().end()));
        item.put("timeZone", s(c.cycle().zone().getId()));
        item.put("plan", s(c.plan()));
        item.put("claimed", bool(c.claimed()));
        item.put("version", n(version));
        Pool p = c.programmatic();
        item.put("p_granted", money(p.granted()));
        item.put("p_used", money(p.used()));
        item.put("p_overrun", money(p.overrun()));
        item.put("p_expired", money(p.expired()));
        item.put("p_extraEnabled", bool(p.extraUsage().enabled()));
        if (p.extraUsage().cap() != null) {
            item.put("p_extraCap", money(p.extraUsage().cap()));
        }
        item.put("p_extraAccrued", money(p.extraUsage().accrued()));
        if (p.rateSwitchedAt() != null) {
            item.put("p_rateSwitchedAt", instant(p.rateSwitchedAt()));
        }
        Map<String, AttributeValue> byModel = new HashMap<>();
        c.extraUsageByModel().forEach((model, amount) -> byModel.put(model, money(amount)));
        item.put("p_extraByModel", AttributeValue.fromM(byModel));
        item.put("p_thresholds", s(p.thresholds().stream().map(String::valueOf).collect(Collectors.joining(","))));
        Pool i = c.interactive();
        item.put("i_granted", money(i.granted()));
        item.put("i_used", money(i.used()));
        item.put("i_overrun", money(i.overrun()));
        item.put("i_expired", money(i.expired()));
        if (c.closedAt() != null) {
            item.put("closedAt", instant(c.closedAt()));
        } else {
            item.put(Keys.GSI2PK, s(Keys.due(Keys.dueShard(c.accountId()))));
            item.put(Keys.GSI2SK, s(Keys.dueOrder(c.cycle().end(), c.accountId())));
        }
        return item;
    }

    public static CyclePools fromItem(Map<String, AttributeValue> item) {
        Cycle cycle = new Cycle(Attrs.num(item, "cycleIndex"), Attrs.instantOrNull(item, "start"),
                Attrs.instantOrNull(item, "end"), ZoneId.of(Attrs.str(item, "timeZone")));
        String thresholds = Attrs.str(item, "p_thresholds");
        TreeSet<Integer> reached = thresholds == null || thresholds.isEmpty() ? new TreeSet<>()
                : Arrays.stream(thresholds.split(",")).map(Integer::valueOf).collect(Collectors.toCollection(TreeSet::new));
        Pool programmatic = new Pool(PoolKind.PROGRAMMATIC,
                Attrs.money(item, "p_granted"), Attrs.money(item, "p_used"), Attrs.money(item, "p_overrun"),
                Attrs.money(item, "p_expired"),
                new ExtraUsage(Attrs.flag(item, "p_extraEnabled"), Attrs.moneyOrNull(item, "p_extraCap"),
                        Attrs.money(item, "p_extraAccrued")),
                Attrs.instantOrNull(item, "p_rateSwitchedAt"), reached);
        Pool interactive = new Pool(PoolKind.INTERACTIVE,
                Attrs.money(item, "i_granted"), Attrs.money(item, "i_used"), Attrs.money(item, "i_overrun"),
                Attrs.money(item, "i_expired"), ExtraUsage.OFF, null, new TreeSet<>());
        Map<String, Money> byModel = new HashMap<>();
        AttributeValue stored = item.get("p_extraByModel");
        if (stored != null && stored.hasM()) {
            stored.m().forEach((model, amount) -> byModel.put(model, Money.ofNanos(Long.parseLong(amount.n()))));
        }
        return new CyclePools(Attrs.str(item, "accountId"), cycle, Attrs.str(item, "plan"), Attrs.flag(item, "claimed"),
                programmatic, interactive, byModel, Attrs.instantOrNull(item, "closedAt"), Attrs.num(item, "version"));
    }
}
