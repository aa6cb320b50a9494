package dev.metering.core.price;

import dev.metering.core.money.Money;
import java.util.EnumMap;

/**
 * The one cost function: what the public list price charges for one request's usage under one
 * row. Long context (input above the row's threshold) swaps in its complete rate set for the whole
 * request; batch halves every token rate and US-only inference multiplies it, on top; web searches
 * cost the row's fee each, never halved or multiplied. Nothing is rounded: a rate the modifiers
 * leave at a fraction of a nano-dollar is refused with {@link InexactPrice}.
 */
public final class Pricing {

    private Pricing() {}

    /**
     * @throws InexactPrice when a token type the request uses has no whole rate under its modifiers
     * @throws ArithmeticException when the cost does not fit
     */
    public static Cost cost(PriceRow row, RequestUsage usage) {
        boolean longContext = row.longContext() != null && row.longContext().appliesTo(usage);
        EnumMap<TokenType, Money> parts = new EnumMap<>(TokenType.class);
        for (TokenType type : TokenType.values()) {
            long count = usage.tokens().count(type);
            if (count == 0) {
                continue;
            }
            long rate = row.rate(usage.tier(), usage.geo(), longContext, type);
            if (rate < 0) {
                throw new InexactPrice(row.model() + ": the list rate of " + row.describe(usage.tier(), usage.geo(), longContext, type)
                        + " is not a whole number of nano-dollars per token; held until a row prices it exactly");
            }
            parts.put(type, Money.ofNanos(Math.multiplyExact(count, rate)));
        }
        Money searches = Money.ofNanos(Math.multiplyExact(usage.webSearches(), row.webSearchNanosPerSearch()));
        Cost cost = new Cost(parts, searches);
        cost.total();
        return cost;
    }

    /** A request that needs a rate its row cannot charge exactly. */
    public static final class InexactPrice extends RuntimeException {
        public InexactPrice(String message) {
            super(message, null, false, false);
        }
    }
}
