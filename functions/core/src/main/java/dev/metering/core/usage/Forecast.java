package dev.metering.core.usage;

import dev.metering.core.cycle.CyclePools;
import dev.metering.core.debit.ExtraUsage;
import dev.metering.core.debit.Pool;
import dev.metering.core.money.Money;
import java.math.BigInteger;
import java.time.Instant;
import java.time.LocalDate;
import java.time.temporal.ChronoUnit;

/**
 * When the programmatic credit runs out, and when extra usage reaches its cap, at the rate the cycle
 * has burned so far: the cycle's programmatic cost (what its pool holds as credit used, extra usage
 * and overrun: every programmatic event's whole cost) over the days elapsed (in the account's time
 * zone), at least one. A projection that falls at or after the cycle's end is null: the credit
 * expires, or the cap is not reached, first. It reads nothing beyond the cycle's pools.
 *
 * @param dailyBurn the programmatic cost per elapsed day, rounded down to the nano-dollar
 * @param creditDepletesAt when the credit runs out at that rate; the rate switch once it has
 * @param capReachedAt when extra usage reaches its cap at that rate; null without a cap, with extra
 *     usage off, or once reached (the pool's state says it)
 * @param basis what the figures rest on, in words
 */
public record Forecast(Money dailyBurn, Instant creditDepletesAt, Instant capReachedAt, String basis) {

    private static final BigInteger SECONDS_PER_DAY = BigInteger.valueOf(86_400);

    public static Forecast of(CyclePools pools, Instant now) {
        Instant until = now.isBefore(pools.cycle().end()) ? now : pools.cycle().end();
        LocalDate first = pools.cycle().start().atZone(pools.cycle().zone()).toLocalDate();
        // An ended cycle's last day is the one holding its last instant, not the day its successor starts.
        Instant lastInstant = now.isBefore(pools.cycle().end()) ? now : pools.cycle().end().minusNanos(1);
        LocalDate today = lastInstant.atZone(pools.cycle().zone()).toLocalDate();
        long days = Math.max(1, ChronoUnit.DAYS.between(first, today) + 1);
        // Every programmatic event's whole cost is in the pool, paid one way or another: no cell needs reading.
        Pool credit = pools.programmatic();
        Money cost = credit.used().plus(credit.extraUsage().accrued()).plus(credit.overrun());
        Money burn = Money.ofNanos(cost.nanos() / days);
        String basis = cost.isZero()
                ? "no programmatic usage yet this cycle"
                : "programmatic cost " + cost.toUsdString() + " USD over " + days + (days == 1 ? " day" : " days") + " since " + first
                        + " (" + pools.cycle().zone().getId() + ")";

        Instant depletes;
        if (!credit.remaining().isPositive()) {
            depletes = credit.rateSwitchedAt();
        } else {
            depletes = within(pools, until, credit.remaining(), burn);
        }
        Instant capReached = null;
        ExtraUsage extra = credit.extraUsage();
        // A pool with no credit left (or none ever: not claimed) bills extra usage from now on.
        boolean creditGone = !credit.remaining().isPositive();
        if (extra.enabled() && extra.cap() != null && extra.hasHeadroom() && (depletes != null || creditGone)) {
            Instant from = depletes != null && depletes.isAfter(until) ? depletes : until;
            capReached = within(pools, from, extra.headroom(), burn);
        }
        return new Forecast(burn, depletes, capReached, basis);
    }

    /** When {@code amount} is spent from {@code from} at {@code burn} a day; null at no burn, or at or past the cycle's end. */
    private static Instant within(CyclePools pools, Instant from, Money amount, Money burn) {
        if (!burn.isPositive()) {
            return null;
        }
        BigInteger seconds = BigInteger.valueOf(amount.nanos()).multiply(SECONDS_PER_DAY).divide(BigInteger.valueOf(burn.nanos()));
        BigInteger left = BigInteger.valueOf(from.until(pools.cycle().end(), ChronoUnit.SECONDS));
        if (seconds.compareTo(left) >= 0) {
            return null;
        }
        return from.plusSeconds(seconds.longValueExact());
    }
}
