package dev.metering.core.price;

/**
 * What one request is priced on: its token counts, its web searches, its tier and where it ran.
 * Web fetches cost only the tokens they bring in, so they are not here.
 */
public record RequestUsage(TokenUsage tokens, long webSearches, ServiceTier tier, InferenceGeo geo) {

    public RequestUsage {
        if (tokens == null || tier == null || geo == null) {
            throw new IllegalArgumentException("tokens, tier and geo are required");
        }
        if (webSearches < 0) {
            throw new IllegalArgumentException("web searches must not be negative: " + webSearches);
        }
    }

    public static RequestUsage standard(TokenUsage tokens) {
        return new RequestUsage(tokens, 0, ServiceTier.STANDARD, InferenceGeo.GLOBAL);
    }

    /**
     * The request's input as the long-context threshold counts it: input tokens, cache writes and
     * cache reads together.
     */
    public long contextTokens() {
        return Math.addExact(Math.addExact(tokens.input(), tokens.cacheWrites()), tokens.cacheRead());
    }
}
