package dev.metering.poolapi;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.regex.Pattern;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The limit's pattern, which the API document publishes: above 0, at most 1,000,000, at most nine decimals. */
class BudgetLimitPatternTest {

    private static final Pattern LIMIT = Pattern.compile(BudgetRequests.LIMIT_PATTERN);

    @ParameterizedTest
    @ValueSource(strings = {"0.000000001", "0.1", "0.100000000", "0.000100000", "0.99", "1", "25.00", "999999.999999999", "1000000",
        "1000000.000000000"})
    void aLimitAboveZeroWithAtMostNineDecimalsMatches(String limit) {
        assertThat(LIMIT.matcher(limit).matches()).isTrue();
    }

    @ParameterizedTest
    @ValueSource(strings = {"0", "0.0", "0.000000000", "0.0000000001", "0.00000000261705778", "0.1000000000", "1.1234567891",
        "1000000.000000001", "1000001", "01", "-1", ".5", "1.", "1e3"})
    void zeroATenthDecimalOrMoreThanAMillionDoesNot(String limit) {
        assertThat(LIMIT.matcher(limit).matches()).isFalse();
    }
}
