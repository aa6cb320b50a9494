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

    public static Map<String, AttributeValue> toItem(Account a) {
        Map<String, AttributeValue> item = new HashMap<>(key(a.id()));
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
