package dev.metering.core.price;

import dev.metering.core.money.Money;
import java.util.EnumMap;
import java.util.Map;

/** The list rate of each token type for one model, in whole nano-dollars per token. */
public record ModelRates(Map<TokenType, Long> nanosPerToken) {

    public ModelRates {
        EnumMap<TokenType, Long> copy = new EnumMap<>(TokenType.class);
        for (TokenType type : TokenType.values()) {
            Long rate = nanosPerToken.get(type);
            if (rate == null || rate < 0) {
                throw new IllegalArgumentException("missing or negative rate for " + type);
            }
            copy.put(type, rate);
        }
        nanosPerToken = Map.copyOf(copy);
    }

    public long rate(TokenType type) {
        return nanosPerToken.get(type);
    }

    /** Rates for a tier; batch halves each rate and refuses one that would not stay whole. */
    public ModelRates forTier(ServiceTier tier) {
        if (tier == ServiceTier.STANDARD) {
            return this;
        }
        EnumMap<TokenType, Long> halved = new EnumMap<>(TokenType.class);
        for (TokenType type : TokenType.values()) {
            long rate = rate(type);
            if (rate % 2 != 0) {
                throw new IllegalArgumentException(
                        "batch rate for " + type + " would not be a whole number of nano-dollars: " + rate + "/2");
            }
            halved.put(type, rate / 2);
        }
        return new ModelRates(halved);
    }

    public Cost cost(TokenUsage usage) {
        EnumMap<TokenType, Money> parts = new EnumMap<>(TokenType.class);
        for (TokenType type : TokenType.values()) {
            parts.put(type, Money.ofNanos(Math.multiplyExact(usage.count(type), rate(type))));
        }
        return new Cost(parts);
    }
}
