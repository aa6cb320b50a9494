package dev.metering.store.item;

import dev.metering.core.account.AccountChange;
import dev.metering.core.money.Money;
import java.time.Instant;
import software.amazon.awssdk.enhanced.dynamodb.TableSchema;

/** One change in an account's history, as a nested document of the account item. */
public final class AccountChangeItem {

    Instant recordedAt;
    Instant effectiveFrom;
    AccountChange.Kind kind;
    String by;
    String plan;
    Boolean enabled;
    Money cap;

    static final TableSchema<AccountChangeItem> SCHEMA = ItemSchema.of(AccountChangeItem.class, AccountChangeItem::new)
            .attr(Instant.class, "recordedAt")
            .attr(Instant.class, "effectiveFrom")
            .attr(AccountChange.Kind.class, "kind")
            .attr(String.class, "by")
            .attr(String.class, "plan")
            .attr(Boolean.class, "enabled")
            .attr(Money.class, "cap")
            .build();

    static AccountChangeItem of(AccountChange c) {
        AccountChangeItem item = new AccountChangeItem();
        item.recordedAt = c.recordedAt();
        item.effectiveFrom = c.effectiveFrom();
        item.kind = c.kind();
        item.by = c.by();
        item.plan = c.plan();
        if (c.kind() == AccountChange.Kind.EXTRA_USAGE) {
            item.enabled = c.extraUsageEnabled();
            item.cap = c.extraUsageCap();
        }
        return item;
    }

    AccountChange toChange() {
        return new AccountChange(recordedAt, effectiveFrom, by, kind, plan, Boolean.TRUE.equals(enabled), cap);
    }
}
