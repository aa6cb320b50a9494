package dev.metering.core.usage;

import dev.metering.core.ledger.LedgerEntry;
import dev.metering.core.money.Money;
import dev.metering.core.price.TokenUsage;

/** Debits added up: how many, what they cost, how each was paid, and their tokens by type. Exact; an overflow is an error. */
public record Tally(long events, Money cost, Money credit, Money extraUsage, Money overrun, TokenUsage tokens) {

    public static final Tally ZERO = new Tally(0, Money.ZERO, Money.ZERO, Money.ZERO, Money.ZERO, new TokenUsage(0, 0, 0, 0, 0));

    public static Tally of(LedgerEntry debit) {
        return new Tally(1, debit.cost(), debit.credit(), debit.extraUsage(), debit.overrun(), debit.tokens());
    }

    public static Tally of(UsageCell cell) {
        return new Tally(cell.events(), cell.cost(), cell.credit(), cell.extraUsage(), cell.overrun(), cell.tokens());
    }

    public Tally plus(Tally other) {
        TokenUsage t = other.tokens;
        return new Tally(Math.addExact(events, other.events), cost.plus(other.cost), credit.plus(other.credit),
                extraUsage.plus(other.extraUsage), overrun.plus(other.overrun),
                new TokenUsage(Math.addExact(tokens.input(), t.input()), Math.addExact(tokens.output(), t.output()),
                        Math.addExact(tokens.cacheWrite5m(), t.cacheWrite5m()), Math.addExact(tokens.cacheWrite1h(), t.cacheWrite1h()),
                        Math.addExact(tokens.cacheRead(), t.cacheRead())));
    }

    /** What is left of this once {@code other}, a part of it, is taken out. */
    public Tally minus(Tally other) {
        TokenUsage t = other.tokens;
        return new Tally(Math.subtractExact(events, other.events), cost.minus(other.cost), credit.minus(other.credit),
                extraUsage.minus(other.extraUsage), overrun.minus(other.overrun),
                new TokenUsage(Math.subtractExact(tokens.input(), t.input()), Math.subtractExact(tokens.output(), t.output()),
                        Math.subtractExact(tokens.cacheWrite5m(), t.cacheWrite5m()), Math.subtractExact(tokens.cacheWrite1h(), t.cacheWrite1h()),
                        Math.subtractExact(tokens.cacheRead(), t.cacheRead())));
    }

    /**
     * Debits added up in place, exactly (an overflow is an error), for many debits of one group: the
     * same sum as {@link #of} and {@link #plus} debit by debit, without a new tally for each.
     */
    static final class Sum {
        private long events;
        private long cost;
        private long credit;
        private long extraUsage;
        private long overrun;
        private long input;
        private long output;
        private long cacheWrite5m;
        private long cacheWrite1h;
        private long cacheRead;

        void add(LedgerEntry debit) {
            events = Math.addExact(events, 1);
            cost = Math.addExact(cost, debit.cost().nanos());
            credit = Math.addExact(credit, debit.credit().nanos());
            extraUsage = Math.addExact(extraUsage, debit.extraUsage().nanos());
            overrun = Math.addExact(overrun, debit.overrun().nanos());
            TokenUsage t = debit.tokens();
            input = Math.addExact(input, t.input());
            output = Math.addExact(output, t.output());
            cacheWrite5m = Math.addExact(cacheWrite5m, t.cacheWrite5m());
            cacheWrite1h = Math.addExact(cacheWrite1h, t.cacheWrite1h());
            cacheRead = Math.addExact(cacheRead, t.cacheRead());
        }

        Tally tally() {
            return new Tally(events, Money.ofNanos(cost), Money.ofNanos(credit), Money.ofNanos(extraUsage), Money.ofNanos(overrun),
                    new TokenUsage(input, output, cacheWrite5m, cacheWrite1h, cacheRead));
        }
    }
}
