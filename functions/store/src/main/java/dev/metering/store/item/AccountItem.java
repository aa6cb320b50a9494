package dev.metering.store.item;

import static software.amazon.awssdk.enhanced.dynamodb.mapper.StaticAttributeTags.primaryPartitionKey;
import static software.amazon.awssdk.enhanced.dynamodb.mapper.StaticAttributeTags.primarySortKey;
import static software.amazon.awssdk.enhanced.dynamodb.mapper.StaticAttributeTags.secondaryPartitionKey;
import static software.amazon.awssdk.enhanced.dynamodb.mapper.StaticAttributeTags.secondarySortKey;

import dev.metering.core.account.Account;
import dev.metering.core.account.AccountChange;
import dev.metering.core.money.Money;
import java.time.Instant;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import software.amazon.awssdk.enhanced.dynamodb.Key;
import software.amazon.awssdk.enhanced.dynamodb.TableSchema;

/**
 * The account item: what outlives cycles, and the effective-dated history of its plan, claim and
 * extra-usage settings (each change with when it was recorded, from when it applies and who made
 * it), from which the terms of any cycle are read.
 */
public final class AccountItem {

    static final String TYPE = "ACCOUNT";

    String pk;
    String sk;
    String type;
    /** On a seat of an organization: listed under it in {@code gsi1}. */
    String gsi1pk;
    String gsi1sk;
    String accountId;
    String organizationId;
    Instant anchor;
    ZoneId timeZone;
    Instant firstCycleStart;
    List<AccountChangeItem> history;
    Long version;
    /** Attributes of items written before the history existed: read, never written. */
    Legacy legacy;

    public static final TableSchema<AccountItem> SCHEMA = ItemSchema.of(AccountItem.class, AccountItem::new)
            .attr(String.class, Keys.PK, primaryPartitionKey())
            .attr(String.class, Keys.SK, primarySortKey())
            .attr(String.class, "type")
            .attr(String.class, Keys.GSI1PK, secondaryPartitionKey(Keys.GSI1))
            .attr(String.class, Keys.GSI1SK, secondarySortKey(Keys.GSI1))
            .attr(String.class, "accountId")
            .attr(String.class, "organizationId")
            .attr(Instant.class, "anchor")
            .attr(ZoneId.class, "timeZone")
            .attr(Instant.class, "firstCycleStart")
            .attr(StoreConverters.documents(AccountChangeItem.class, AccountChangeItem.SCHEMA), "history")
            .attr(Long.class, "version")
            .flatten(Legacy.SCHEMA, "legacy")
            .build();

    public static Key key(String accountId) {
        return Key.builder().partitionValue(Keys.account(accountId)).sortValue(Keys.ACCOUNT).build();
    }

    public static AccountItem of(Account a) {
        AccountItem item = new AccountItem();
        item.pk = Keys.account(a.id());
        item.sk = Keys.ACCOUNT;
        item.type = TYPE;
        item.accountId = a.id();
        item.organizationId = a.organizationId();
        if (a.organizationId() != null) {
            item.gsi1pk = Keys.organization(a.organizationId());
            item.gsi1sk = a.id();
        }
        item.anchor = a.anchor();
        item.timeZone = a.zone();
        item.firstCycleStart = a.firstCycleStart();
        item.history = new ArrayList<>();
        a.history().forEach(c -> item.history.add(AccountChangeItem.of(c)));
        item.version = a.version();
        return item;
    }

    public Account toAccount() {
        List<AccountChange> changes = new ArrayList<>();
        if (history != null) {
            history.forEach(c -> changes.add(c.toChange()));
        } else if (legacy != null) {
            changes.addAll(legacy.history(firstCycleStart));
        }
        return new Account(accountId, organizationId, anchor, timeZone, firstCycleStart, changes, version);
    }

    /**
     * An account item written before the history existed kept its plan, claim, pending plan and
     * extra-usage settings as plain attributes; its history is what those imply, from its first cycle on.
     */
    static final class Legacy {
        String plan;
        Instant claimedAt;
        String pendingPlan;
        Instant pendingFrom;
        Boolean extraUsageEnabled;
        Money extraUsageCap;

        static final TableSchema<Legacy> SCHEMA = ItemSchema.of(Legacy.class, Legacy::new)
                .attr(String.class, "plan")
                .attr(Instant.class, "claimedAt")
                .attr(String.class, "pendingPlan")
                .attr(Instant.class, "pendingFrom")
                .attr(Boolean.class, "extraUsageEnabled")
                .attr(Money.class, "extraUsageCap")
                .build();

        List<AccountChange> history(Instant first) {
            List<AccountChange> history = new ArrayList<>();
            history.add(AccountChange.plan(first, first, null, plan));
            history.add(AccountChange.extraUsage(first, first, null, Boolean.TRUE.equals(extraUsageEnabled), extraUsageCap));
            if (claimedAt != null) {
                history.add(AccountChange.claim(claimedAt, null));
            }
            if (pendingPlan != null) {
                history.add(AccountChange.plan(pendingFrom, pendingFrom, null, pendingPlan));
            }
            return history;
        }
    }
}
