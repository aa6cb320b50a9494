package dev.metering.core.price;

/**
 * A model's second, complete set of rates for requests whose input exceeds a threshold: it prices
 * the whole request (output included), and tier and residency multiply on top of it.
 */
public record LongContext(long aboveInputTokens, ModelRates rates) {

    public LongContext {
        if (aboveInputTokens < 1) {
            throw new IllegalArgumentException("the long-context threshold must be at least 1 token: " + aboveInputTokens);
        }
        if (rates == null) {
            throw new IllegalArgumentException("long-context rates are required");
        }
    }

    /** Strictly greater: a request of exactly the threshold is priced at the base rates. */
    public boolean appliesTo(RequestUsage usage) {
        return usage.contextTokens() > aboveInputTokens;
    }
}
