package dev.metering.core.money;

import java.math.BigDecimal;
import java.util.regex.Pattern;

/**
 * An exact amount of US dollars in whole nano-dollars (1e-9 USD).
 *
 * <p>Every operation is checked: an overflow throws instead of wrapping, and parsing refuses a
 * string with more precision than a nano-dollar rather than rounding it away.
 */
public record Money(long nanos) implements Comparable<Money> {

    public static final long NANOS_PER_USD = 1_000_000_000L;
    public static final Money ZERO = new Money(0);

    private static final Pattern USD = Pattern.compile("-?\\d{1,10}(\\.\\d{1,9})?");

    public static Money ofNanos(long nanos) {
        return new Money(nanos);
    }

    public static Money ofUsd(long wholeDollars) {
        return new Money(Math.multiplyExact(wholeDollars, NANOS_PER_USD));
    }

    /**
     * Parses a USD decimal string such as {@code "12.5"} or {@code "0.000000001"}.
     *
     * @throws IllegalArgumentException when the text is not a plain decimal, has more than nine
     *     decimals, or does not fit
     */
    public static Money parseUsd(String text) {
        if (text == null || !USD.matcher(text).matches()) {
            throw new IllegalArgumentException(
                    "not a USD amount with at most 9 decimals: " + (text == null ? "null" : "'" + text + "'"));
        }
        BigDecimal nanos = new BigDecimal(text).movePointRight(9);
        try {
            return new Money(nanos.longValueExact());
        } catch (ArithmeticException e) {
            throw new IllegalArgumentException("USD amount out of range: '" + text + "'", e);
        }
    }

    /** Formats with exactly nine decimals, e.g. {@code "12.345000000"}, as the contracts require. */
    public String toUsdString() {
        return BigDecimal.valueOf(nanos, 9).toPlainString();
    }

    public Money plus(Money other) {
        return new Money(Math.addExact(nanos, other.nanos));
    }

    public Money minus(Money other) {
        return new Money(Math.subtractExact(nanos, other.nanos));
    }

    public Money times(long factor) {
        return new Money(Math.multiplyExact(nanos, factor));
    }

    public Money negate() {
        return new Money(Math.negateExact(nanos));
    }

    public boolean isZero() {
        return nanos == 0;
    }

    public boolean isPositive() {
        return nanos > 0;
    }

    public boolean isNegative() {
        return nanos < 0;
    }

    public static Money min(Money a, Money b) {
        return a.nanos <= b.nanos ? a : b;
    }

    public static Money max(Money a, Money b) {
        return a.nanos >= b.nanos ? a : b;
    }

    @Override
    public int compareTo(Money other) {
        return Long.compare(nanos, other.nanos);
    }

    @Override
    public String toString() {
        return "$" + toUsdString();
    }
}
