package dev.metering.core.debit;

import dev.metering.core.cycle.CyclePools;
import dev.metering.core.money.Money;
import dev.metering.core.source.PoolKind;
import java.time.Instant;

/**
 * What a gateway asks before serving a request: would the next event of this pool be served, and
 * how would it be paid. It is the debit rule itself applied to an event of one nano-dollar, so it
 * agrees with what recording that event would do: ALLOW unless such an event would be wholly
 * overrun. It is a decision, not a reservation: requests served meanwhile may overshoot, and the
 * overshoot is recorded as overrun.
 *
 * @param billing how the next event would be paid; null when denied
 * @param reason why it is denied; null when allowed
 * @param extraUsageHeadroom what extra usage may still accrue under its cap: zero when extra usage
 *     is off, null when it has no cap or for the interactive pool (which has none)
 * @param cycleStart with {@code cycleVersion}, which state of which cycle the decision was made from
 *     (versions restart with each cycle)
 */
public record Authorization(Decision decision, PoolKind pool, Billing billing, Reason reason, Money remaining,
                            Money extraUsageHeadroom, Instant cycleStart, Instant resetsAt, long cycleVersion) {

    public enum Decision { ALLOW, DENY }

    public enum Billing { CREDIT, EXTRA_USAGE, ALLOWANCE }

    public enum Reason {
        CREDIT_EXHAUSTED_EXTRA_USAGE_OFF,
        EXTRA_USAGE_CAP_REACHED,
        INTERACTIVE_ALLOWANCE_EXHAUSTED,
        NO_CREDIT_CLAIMED_EXTRA_USAGE_OFF
    }

    private static final Money SMALLEST = Money.ofNanos(1);

    public static Authorization of(CyclePools pools, PoolKind kind) {
        Pool pool = pools.pool(kind);
        Split next = DebitRule.debit(pool, SMALLEST, pools.cycle().start()).split();
        Money headroom = kind == PoolKind.INTERACTIVE ? null : pool.extraUsage().headroom();
        if (next.overrun().equals(SMALLEST)) {
            return new Authorization(Decision.DENY, kind, null, refusal(pools, kind), pool.remaining(), headroom,
                    pools.cycle().start(), pools.cycle().end(), pools.version());
        }
        Billing billing = next.credit().isPositive() ? (kind == PoolKind.PROGRAMMATIC ? Billing.CREDIT : Billing.ALLOWANCE) : Billing.EXTRA_USAGE;
        return new Authorization(Decision.ALLOW, kind, billing, null, pool.remaining(), headroom, pools.cycle().start(),
                pools.cycle().end(), pools.version());
    }

    /** Why the pool of {@code kind} takes no more: the names the API and the notifications give. */
    public static Reason refusal(CyclePools pools, PoolKind kind) {
        if (kind == PoolKind.INTERACTIVE) {
            return Reason.INTERACTIVE_ALLOWANCE_EXHAUSTED;
        }
        if (pools.programmatic().extraUsage().enabled()) {
            return Reason.EXTRA_USAGE_CAP_REACHED;
        }
        return pools.claimed() || pools.programmatic().granted().isPositive()
                ? Reason.CREDIT_EXHAUSTED_EXTRA_USAGE_OFF : Reason.NO_CREDIT_CLAIMED_EXTRA_USAGE_OFF;
    }
}
