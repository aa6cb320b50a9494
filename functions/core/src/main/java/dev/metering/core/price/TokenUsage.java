package dev.metering.core.price;

/** Token counts of one request, split by the way each type is priced. All counts are non-negative. */
public record TokenUsage(long input, long output, long cacheWrite5m, long cacheWrite1h, long cacheRead) {

    public TokenUsage {
        requireNonNegative("input", input);
        requireNonNegative("output", output);
        requireNonNegative("cacheWrite5m", cacheWrite5m);
        requireNonNegative("cacheWrite1h", cacheWrite1h);
        requireNonNegative("cacheRead", cacheRead);
    }

    public long count(TokenType type) {
        return switch (type) {
            case INPUT -> input;
            case OUTPUT -> output;
            case CACHE_WRITE_5M -> cacheWrite5m;
            case CACHE_WRITE_1H -> cacheWrite1h;
            case CACHE_READ -> cacheRead;
        };
    }

    public long cacheWrites() {
        return Math.addExact(cacheWrite5m, cacheWrite1h);
    }

    private static void requireNonNegative(String name, long value) {
        if (value < 0) {
            throw new IllegalArgumentException(name + " must not be negative: " + value);
        }
    }
}
