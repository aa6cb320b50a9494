package dev.metering.poolapi;

import dev.metering.core.account.Account;
import dev.metering.core.account.AccountChange;
import dev.metering.core.account.Terms;
import dev.metering.core.cycle.CyclePools;
import dev.metering.core.debit.Pool;
import dev.metering.core.ledger.LedgerEntry;
import dev.metering.core.money.Money;
import dev.metering.core.usage.UsageSummary;
import dev.metering.store.QuarantineStore.Quarantined;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** The JSON shapes of the API; money always as USD strings with nine decimals. */
public final class Views {

    private Views() {}

    public record CycleView(String start, String end, String timeZone) {}

    public record ExtraUsageView(boolean enabled, String capUsd, String accruedUsd) {}

    public record ProgrammaticView(String state, boolean claimed, String grantedUsd, String usedUsd, String remainingUsd,
                                   ExtraUsageView extraUsage, String overrunUsd, String expiredUsd, String rateSwitchedAt,
                                   List<Integer> thresholdsReached, String closedAt) {}

    public record InteractiveView(String state, String grantedUsd, String usedUsd, String remainingUsd, String overrunUsd) {}

    public record PoolsView(String accountId, String plan, CycleView cycle, ProgrammaticView programmatic, InteractiveView interactive) {}

    public record LedgerEntryView(String entryId, String kind, String pool, String at, String creditUsd, String extraUsageUsd,
                                  String overrunUsd, String eventId, String source, String model, String occurredAt, Boolean late,
                                  String costUsd, String reason) {}

    public record LedgerPage(List<LedgerEntryView> entries, String nextCursor) {}

    public record UsageGroupView(Map<String, String> key, long events, String costUsd, long inputTokens, long outputTokens,
                                 long cacheWriteTokens, long cacheReadTokens) {}

    public record UsageView(CycleView cycle, List<UsageGroupView> groups) {}

    public record AccountView(String accountId, String plan, String organizationId, String anchor, String timeZone,
                              String pendingPlan, String pendingFrom, boolean claimed, boolean extraUsageEnabled, String extraUsageCapUsd) {}

    public record QuarantinedView(String id, String raw, boolean truncated, String reason, String eventId, String accountId,
                                  String firstSeen, String lastSeen, long count) {}

    public record QuarantinePage(List<QuarantinedView> events, String nextCursor) {}

    static String usd(Money money) {
        return money == null ? null : money.toUsdString();
    }

    static String time(Instant instant) {
        return instant == null ? null : instant.toString();
    }

    static CycleView cycle(CyclePools pools) {
        return new CycleView(time(pools.cycle().start()), time(pools.cycle().end()), pools.cycle().zone().getId());
    }

    static PoolsView pools(CyclePools c) {
        Pool p = c.programmatic();
        Pool i = c.interactive();
        return new PoolsView(c.accountId(), c.plan(), cycle(c),
                new ProgrammaticView(p.state().name(), c.claimed(), usd(p.granted()), usd(p.used()), usd(p.remaining()),
                        new ExtraUsageView(p.extraUsage().enabled(), usd(p.extraUsage().cap()), usd(p.extraUsage().accrued())),
                        usd(p.overrun()), usd(p.expired()), time(p.rateSwitchedAt()), List.copyOf(p.thresholds()), time(c.closedAt())),
                new InteractiveView(i.state().name(), usd(i.granted()), usd(i.used()), usd(i.remaining()), usd(i.overrun())));
    }

    static LedgerEntryView entry(LedgerEntry e) {
        return new LedgerEntryView(e.entryId(), e.kind().name(), e.pool().name(), time(e.at()), usd(e.credit()), usd(e.extraUsage()),
                usd(e.overrun()), e.eventId(), e.source(), e.model(), time(e.occurredAt()), e.late(), usd(e.cost()), e.reason());
    }

    static UsageGroupView group(UsageSummary.Group g) {
        return new UsageGroupView(g.key(), g.events(), usd(g.cost()), g.inputTokens(), g.outputTokens(), g.cacheWriteTokens(),
                g.cacheReadTokens());
    }

    /** The account as it stands at {@code now}, with a downgrade still waiting for its cycle. */
    static AccountView account(Account a, Instant now) {
        Terms terms = a.termsAt(now);
        Optional<AccountChange> pending = a.pendingPlan(now);
        return new AccountView(a.id(), terms.plan(), a.organizationId(), time(a.anchor()), a.zone().getId(),
                pending.map(AccountChange::plan).orElse(null), pending.map(c -> time(c.effectiveFrom())).orElse(null), a.claimed(),
                terms.extraUsageEnabled(), usd(terms.extraUsageCap()));
    }

    static QuarantinedView quarantined(Quarantined q) {
        return new QuarantinedView(q.id(), q.raw(), q.truncated(), q.reason(), q.eventId(), q.accountId(), time(q.firstSeen()),
                time(q.lastSeen()), q.seenCount());
    }
}
