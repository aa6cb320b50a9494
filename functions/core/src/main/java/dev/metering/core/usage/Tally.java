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
        return combine(other, 1);
    }

    /** What is left of this once {@code other}, a part of it, is taken out. */
    public Tally minus(Tally other) {
        return combine(other, -1);
    }

    private Tally combine(Tally other, int sign) {
        TokenUsage t = other.tokens;
        return new Tally(Math.addExact(events, sign * other.events), cost.plus(other.cost.times(sign)), credit.plus(other.credit.times(sign)),
                extraUsage.plus(other.extraUsage.times(sign)), overrun.plus(other.overrun.times(sign)),
                new TokenUsage(Math.addExact(tokens.input(), sign * t.input()), Math.addExact(tokens.output(), sign * t.output()),
                        Math.addExact(tokens.cacheWrite5m(), sign * t.cacheWrite5m()), Math.addExact(tokens.cacheWrite1h(), sign * t.cacheWrite1h()),
                        Math.addExact(tokens.cacheRead(), sign * t.cacheRead())));
    }
}
