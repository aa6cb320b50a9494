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
}
