package dev.metering.core.price;

import dev.metering.core.money.Money;
import java.math.BigDecimal;
import java.util.EnumMap;
import java.util.Map;

/** One set of list rates, one per token type, in whole nano-dollars per token. */
public record ModelRates(Map<TokenType, Long> nanosPerToken) {

    private static final BigDecimal NANOS_PER_TOKEN_PER_USD_PER_MTOK = BigDecimal.valueOf(1_000);
    /** The dearest rate a row may carry: $10,000 per million tokens, far above any list price. */
    public static final long MAX_NANOS_PER_TOKEN = 10_000_000L;

    public ModelRates {
        EnumMap<TokenType, Long> copy = new EnumMap<>(TokenType.class);
        for (TokenType type : TokenType.values()) {
            Long rate = nanosPerToken.get(type);
            if (rate == null || rate < 0 || rate > MAX_NANOS_PER_TOKEN) {
                throw new IllegalArgumentException("missing, negative or too large a rate for " + type + ": " + rate);
            }
            copy.put(type, rate);
        }
        nanosPerToken = Map.copyOf(copy);
    }

    /** Rates in the order of {@link TokenType}: input, output, 5-minute write, 1-hour write, read. */
    public static ModelRates of(long input, long output, long cacheWrite5m, long cacheWrite1h, long cacheRead) {
        return new ModelRates(Map.of(TokenType.INPUT, input, TokenType.OUTPUT, output, TokenType.CACHE_WRITE_5M, cacheWrite5m,
                TokenType.CACHE_WRITE_1H, cacheWrite1h, TokenType.CACHE_READ, cacheRead));
    }

    public long rate(TokenType type) {
        return nanosPerToken.get(type);
    }

    /** The cost of these counts at these rates exactly, with no modifier. */
    public Cost cost(TokenUsage usage) {
        EnumMap<TokenType, Money> parts = new EnumMap<>(TokenType.class);
        for (TokenType type : TokenType.values()) {
            parts.put(type, Money.ofNanos(Math.multiplyExact(usage.count(type), rate(type))));
        }
        return new Cost(parts, Money.ZERO);
    }

    /**
     * USD per million tokens to nano-dollars per token.
     *
     * @throws IllegalArgumentException for text that is not a plain non-negative decimal, or a rate
     *     that is not a whole number of nano-dollars per token
     */
    public static long nanosPerToken(String usdPerMillionTokens, String where) {
        BigDecimal usd;
        try {
            usd = new BigDecimal(usdPerMillionTokens);
        } catch (NumberFormatException | NullPointerException e) {
            throw new IllegalArgumentException(where + ": not a number '" + usdPerMillionTokens + "'", e);
        }
        if (usd.signum() < 0) {
            throw new IllegalArgumentException(where + ": negative rate " + usdPerMillionTokens);
        }
        BigDecimal nanos = usd.multiply(NANOS_PER_TOKEN_PER_USD_PER_MTOK);
        long whole;
        try {
            whole = nanos.stripTrailingZeros().longValueExact();
        } catch (ArithmeticException e) {
            throw new IllegalArgumentException(
                    where + ": " + usdPerMillionTokens + " USD/MTok is not a whole number of nano-dollars per token", e);
        }
        if (whole > MAX_NANOS_PER_TOKEN) {
            throw new IllegalArgumentException(where + ": " + usdPerMillionTokens + " USD/MTok is above the largest rate a row may carry ("
                    + usdPerMillion(MAX_NANOS_PER_TOKEN) + ")");
        }
        return whole;
    }

    /** Nano-dollars per token as USD per million tokens, in the shortest plain form: {@code 6250 -> "6.25"}. */
    public static String usdPerMillion(long nanosPerToken) {
        return BigDecimal.valueOf(nanosPerToken, 3).stripTrailingZeros().toPlainString();
    }
}
