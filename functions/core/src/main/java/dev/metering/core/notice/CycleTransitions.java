package dev.metering.core.notice;

import dev.metering.core.cycle.CyclePools;
import dev.metering.core.cycle.InvoiceLine;
import dev.metering.core.debit.Authorization;
import dev.metering.core.debit.ExtraUsage;
import dev.metering.core.debit.Pool;
import dev.metering.core.debit.PoolState;
import dev.metering.core.money.Money;
import dev.metering.core.source.PoolKind;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;

/**
 * The transitions between two states of one cycle item: the state a write found and the state it
 * committed. Both come from the write itself (a stream record's old and new image), so nothing
 * has to be read to tell what changed, and deriving again from the same write yields the same
 * notices with the same ids.
 *
 * <p>What tells two transitions of one kind apart within a cycle: the threshold for a threshold;
 * nothing for those that happen at most once (the rate switch, the expiry, the close); the cap and
 * the extra usage accrued at it for the cap (raised and reached again, or lowered below what accrued);
 * the version the write committed for the others that can recur (a pause lifted and met again).
 */
public final class CycleTransitions {

    private CycleTransitions() {}

    /**
     * @param before the cycle as it stood before the write; null when the write opened it
     * @param after the cycle as the write committed it
     * @param organizationId the seat's organization, as the write recorded it
     * @param at when the write committed (the stream's time for it), for transitions the pools do not date
     */
    public static List<Notice> between(CyclePools before, CyclePools after, String organizationId, Instant at) {
        if (before != null && before.isClosed()) {
            return List.of(); // a closed cycle never changes; a repeated close record tells nothing new
        }
        if (after.isClosed()) {
            return closed(before == null ? after : before, after, organizationId);
        }
        CyclePools from = before == null ? opening(after) : before;
        Builder notices = new Builder(after, organizationId);
        Pool was = from.programmatic();
        Pool is = after.programmatic();
        for (int percent : is.thresholds()) {
            if (!was.thresholds().contains(percent)) {
                notices.add(NoticeKind.CREDIT_THRESHOLD_REACHED, Integer.toString(percent), at, credit(is, "thresholdPercent", percent));
            }
        }
        if (was.rateSwitchedAt() == null && is.rateSwitchedAt() != null) {
            Map<String, Object> facts = credit(is, "billing", is.state() == PoolState.EXTRA_USAGE ? "EXTRA_USAGE" : "PAUSED");
            notices.add(NoticeKind.CREDIT_EXHAUSTED, "", is.rateSwitchedAt(), facts);
        }
        String version = Long.toString(after.version());
        if (!capReached(was) && capReached(is)) {
            Map<String, Object> facts = new LinkedHashMap<>();
            facts.put("capUsd", is.extraUsage().cap().toUsdString());
            facts.put("extraUsageAccruedUsd", is.extraUsage().accrued().toUsdString());
            // Told apart by the cap and what had accrued at it, not by the write: turning extra usage off
            // and on again at the cap reaches nothing new, and is the same notice again.
            notices.add(NoticeKind.EXTRA_USAGE_CAP_REACHED, capDiscriminator(is.extraUsage()), at, facts);
        }
        if (was.state() != PoolState.PAUSED && is.state() == PoolState.PAUSED) {
            Map<String, Object> facts = new LinkedHashMap<>();
            facts.put("pool", "PROGRAMMATIC");
            facts.put("reason", pauseReason(after));
            notices.add(NoticeKind.POOL_PAUSED, version, at, facts);
        }
        if (before != null && was.state() == PoolState.PAUSED && is.state() != PoolState.PAUSED) {
            Map<String, Object> facts = new LinkedHashMap<>();
            facts.put("pool", "PROGRAMMATIC");
            facts.put("billing", is.state() == PoolState.CREDIT ? "CREDIT" : "EXTRA_USAGE");
            notices.add(NoticeKind.POOL_RESUMED, version, at, facts);
        }
        if (from.interactive().state() == PoolState.ACTIVE && after.interactive().state() == PoolState.PAUSED) {
            Map<String, Object> facts = new LinkedHashMap<>();
            facts.put("grantedUsd", after.interactive().granted().toUsdString());
            facts.put("usedUsd", after.interactive().used().toUsdString());
            facts.put("overrunUsd", after.interactive().overrun().toUsdString());
            notices.add(NoticeKind.INTERACTIVE_ALLOWANCE_EXHAUSTED, version, at, facts);
        }
        return notices.list;
    }

    /** The reason a programmatic pool is paused, in the names the authorization decision gives. */
    public static String pauseReason(CyclePools pools) {
        return Authorization.refusal(pools, PoolKind.PROGRAMMATIC).name();
    }

    private static List<Notice> closed(CyclePools before, CyclePools after, String organizationId) {
        Builder notices = new Builder(after, organizationId);
        Money expired = after.programmatic().expired().minus(before.programmatic().expired());
        if (expired.isPositive()) {
            Map<String, Object> facts = new LinkedHashMap<>();
            facts.put("expiredUsd", expired.toUsdString());
            facts.put("grantedUsd", after.programmatic().granted().toUsdString());
            facts.put("usedUsd", after.programmatic().used().toUsdString());
            notices.add(NoticeKind.CREDIT_EXPIRED, "", after.closedAt(), facts);
        }
        InvoiceLine line = InvoiceLine.of(after, organizationId);
        Map<String, Object> facts = new LinkedHashMap<>();
        facts.put("invoiceLine", invoiceLine(line));
        notices.add(NoticeKind.CYCLE_CLOSED, "", after.closedAt(), facts);
        return notices.list;
    }

    /** An invoice line as notification and API show it: amounts as USD strings. */
    public static Map<String, Object> invoiceLine(InvoiceLine line) {
        Map<String, Object> shown = new LinkedHashMap<>();
        shown.put("plan", line.plan());
        shown.put("closedAt", line.closedAt().toString());
        shown.put("creditGrantedUsd", line.creditGranted().toUsdString());
        shown.put("creditUsedUsd", line.creditUsed().toUsdString());
        shown.put("creditExpiredUsd", line.creditExpired().toUsdString());
        shown.put("extraUsageUsd", line.extraUsage().toUsdString());
        Map<String, Object> byModel = new LinkedHashMap<>();
        line.extraUsageByModel().forEach((model, amount) -> byModel.put(model, amount.toUsdString()));
        shown.put("extraUsageByModelUsd", byModel);
        shown.put("overrunUsd", line.overrun().toUsdString());
        return shown;
    }

    /** What tells one reaching of the cap from another in a cycle: the cap and the extra usage accrued at it. */
    public static String capDiscriminator(ExtraUsage extra) {
        return extra.cap().nanos() + ":" + extra.accrued().nanos();
    }

    /** Paused with the cap as the reason: credit spent, extra usage on, nothing left under its cap. */
    private static boolean capReached(Pool pool) {
        return pool.state() == PoolState.PAUSED && pool.extraUsage().enabled() && pool.extraUsage().cap() != null;
    }

    /** The cycle as its opening wrote it: the same grants and settings, nothing used. */
    private static CyclePools opening(CyclePools after) {
        Pool p = after.programmatic();
        Pool programmatic = new Pool(p.kind(), p.granted(), Money.ZERO, Money.ZERO, Money.ZERO,
                new ExtraUsage(p.extraUsage().enabled(), p.extraUsage().cap(), Money.ZERO), null, new TreeSet<>(), p.adjusted());
        Pool i = after.interactive();
        Pool interactive = new Pool(i.kind(), i.granted(), Money.ZERO, Money.ZERO, Money.ZERO, i.extraUsage(), null, new TreeSet<>(),
                i.adjusted());
        return CyclePools.opened(after.accountId(), after.cycle(), after.plan(), after.claimed(), programmatic, interactive);
    }

    private static Map<String, Object> credit(Pool pool, String name, Object value) {
        Map<String, Object> facts = new LinkedHashMap<>();
        facts.put(name, value);
        facts.put("grantedUsd", pool.granted().toUsdString());
        facts.put("usedUsd", pool.used().toUsdString());
        facts.put("remainingUsd", pool.remaining().toUsdString());
        return facts;
    }

    private static final class Builder {
        final CyclePools cycle;
        final String organizationId;
        final List<Notice> list = new ArrayList<>();

        Builder(CyclePools cycle, String organizationId) {
            this.cycle = cycle;
            this.organizationId = organizationId;
        }

        void add(NoticeKind kind, String discriminator, Instant at, Map<String, Object> facts) {
            list.add(new Notice(kind, Notice.id(cycle.accountId(), cycle.cycle().start(), kind, discriminator), cycle.accountId(),
                    organizationId, cycle.cycle(), at, facts));
        }
    }
}
