package dev.metering.store.item;

import static dev.metering.store.item.Attrs.bool;
import static dev.metering.store.item.Attrs.instant;
import static dev.metering.store.item.Attrs.money;
import static dev.metering.store.item.Attrs.n;
import static dev.metering.store.item.Attrs.s;

import dev.metering.core.account.Account;
import java.time.ZoneId;
import java.util.HashMap;
import java.util.Map;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/** The account item: settings that outlive cycles. */
public final class AccountItems {

    private AccountItems() {}

    public static Map<String, AttributeValue> key(String accountId) {
        return Map.of(Keys.PK, s(Keys.account(accountId)), Keys.SK, s(Keys.ACCOUNT));
    }

    /**
     * @param dueCycleEnd the end of the account's oldest open cycle: the account is listed in the
     *     due index under it until the reset closes that cycle and moves it on
     */
    public static Map<String, AttributeValue> toItem(Account a, java.time.Instant dueCycleEnd) {
        Map<String, AttributeValue> item = new HashMap<>(key(a.id()));
        item.put(Keys.GSI1PK, s(Keys.due(Keys.dueShard(a.id()))));
        item.put(Keys.GSI1SK, s(Keys.dueOrder(dueCycleEnd, a.id())));
        item.put("type", s("ACCOUNT"));
        item.put("accountId", s(a.id()));
        item.put("plan", s(a.plan()));
        if (a.organizationId() != null) {
            item.put("organizationId", s(a.organizationId()));
        }
        item.put("anchor", instant(a.anchor()));
        item.put("timeZone", s(a.zone().getId()));
        if (a.claimedAt() != null) {
            item.put("claimedAt", instant(a.claimedAt()));
        }
        if (a.pendingPlan() != null) {
            item.put("pendingPlan", s(a.pendingPlan()));
            item.put("pendingFrom", instant(a.pendingFrom()));
        }
        item.put("extraUsageEnabled", bool(a.extraUsageEnabled()));
        if (a.extraUsageCap() != null) {
            item.put("extraUsageCap", money(a.extraUsageCap()));
        }
        item.put("firstCycleStart", instant(a.firstCycleStart()));
        item.put("version", n(a.version()));
        return item;
    }

    /** The end of the oldest open cycle, as the due marker holds it. */
    public static java.time.Instant dueCycleEnd(Map<String, AttributeValue> item) {
        String order = Attrs.str(item, Keys.GSI1SK);
        return java.time.Instant.parse(order.substring(0, order.indexOf('#')));
    }

    public static Account fromItem(Map<String, AttributeValue> item) {
        return new Account(
                Attrs.str(item, "accountId"),
                Attrs.str(item, "plan"),
                Attrs.str(item, "organizationId"),
                Attrs.instantOrNull(item, "anchor"),
                ZoneId.of(Attrs.str(item, "timeZone")),
                Attrs.instantOrNull(item, "claimedAt"),
                Attrs.str(item, "pendingPlan"),
                Attrs.instantOrNull(item, "pendingFrom"),
                Attrs.flag(item, "extraUsageEnabled"),
                Attrs.moneyOrNull(item, "extraUsageCap"),
                Attrs.instantOrNull(item, "firstCycleStart"),
                Attrs.num(item, "version"));
    }
}
