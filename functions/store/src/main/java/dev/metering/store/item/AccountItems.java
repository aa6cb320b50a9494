package dev.metering.store.item;

import static dev.metering.store.item.Attrs.bool;
import static dev.metering.store.item.Attrs.instant;
import static dev.metering.store.item.Attrs.money;
import static dev.metering.store.item.Attrs.n;
import static dev.metering.store.item.Attrs.s;

import dev.metering.core.account.Account;
import dev.metering.core.account.AccountChange;
import java.time.Instant;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * The account item: what outlives cycles, and the effective-dated history of its plan, claim and
 * extra-usage settings (each change with when it was recorded, from when it applies and who made
 * it), from which the terms of any cycle are read.
 */
public final class AccountItems {

    private AccountItems() {}

    public static Map<String, AttributeValue> key(String accountId) {
        return Map.of(Keys.PK, s(Keys.account(accountId)), Keys.SK, s(Keys.ACCOUNT));
    }

    public static Map<String, AttributeValue> toItem(Account a) {
        Map<String, AttributeValue> item = new HashMap<>(key(a.id()));
        item.put("type", s("ACCOUNT"));
        item.put("accountId", s(a.id()));
        if (a.organizationId() != null) {
            item.put("organizationId", s(a.organizationId()));
        }
        item.put("anchor", instant(a.anchor()));
        item.put("timeZone", s(a.zone().getId()));
        item.put("firstCycleStart", instant(a.firstCycleStart()));
        List<AttributeValue> history = new ArrayList<>();
        a.history().forEach(c -> history.add(AttributeValue.fromM(change(c))));
        item.put("history", AttributeValue.fromL(history));
        item.put("version", n(a.version()));
        return item;
    }

    private static Map<String, AttributeValue> change(AccountChange c) {
        Map<String, AttributeValue> m = new HashMap<>();
        m.put("recordedAt", instant(c.recordedAt()));
        m.put("effectiveFrom", instant(c.effectiveFrom()));
        m.put("kind", s(c.kind().name()));
        if (c.by() != null) {
            m.put("by", s(c.by()));
        }
        if (c.plan() != null) {
            m.put("plan", s(c.plan()));
        }
        if (c.kind() == AccountChange.Kind.EXTRA_USAGE) {
            m.put("enabled", bool(c.extraUsageEnabled()));
            if (c.extraUsageCap() != null) {
                m.put("cap", money(c.extraUsageCap()));
            }
        }
        return m;
    }

    public static Account fromItem(Map<String, AttributeValue> item) {
        List<AccountChange> history = new ArrayList<>();
        AttributeValue stored = item.get("history");
        if (stored != null && stored.hasL()) {
            stored.l().forEach(v -> history.add(changeFrom(v.m())));
        } else {
            history.addAll(legacyHistory(item));
        }
        return new Account(
                Attrs.str(item, "accountId"),
                Attrs.str(item, "organizationId"),
                Attrs.instantOrNull(item, "anchor"),
                ZoneId.of(Attrs.str(item, "timeZone")),
                Attrs.instantOrNull(item, "firstCycleStart"),
                history,
                Attrs.num(item, "version"));
    }

    private static AccountChange changeFrom(Map<String, AttributeValue> m) {
        return new AccountChange(Attrs.instantOrNull(m, "recordedAt"), Attrs.instantOrNull(m, "effectiveFrom"), Attrs.str(m, "by"),
                AccountChange.Kind.valueOf(Attrs.str(m, "kind")), Attrs.str(m, "plan"), Attrs.flag(m, "enabled"),
                Attrs.moneyOrNull(m, "cap"));
    }

    /**
     * An account item written before the history existed (plan, claimedAt, pendingPlan and the
     * extra-usage fields as plain attributes): its history as those fields imply it, from its first
     * cycle on.
     */
    private static List<AccountChange> legacyHistory(Map<String, AttributeValue> item) {
        Instant first = Attrs.instantOrNull(item, "firstCycleStart");
        List<AccountChange> history = new ArrayList<>();
        history.add(AccountChange.plan(first, first, null, Attrs.str(item, "plan")));
        history.add(AccountChange.extraUsage(first, first, null, Attrs.flag(item, "extraUsageEnabled"),
                Attrs.moneyOrNull(item, "extraUsageCap")));
        Instant claimedAt = Attrs.instantOrNull(item, "claimedAt");
        if (claimedAt != null) {
            history.add(AccountChange.claim(claimedAt, null));
        }
        String pending = Attrs.str(item, "pendingPlan");
        if (pending != null) {
            Instant from = Attrs.instantOrNull(item, "pendingFrom");
            history.add(AccountChange.plan(from, from, null, pending));
        }
        return history;
    }
}
