package dev.metering.core.money;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.LongRange;
import org.junit.jupiter.api.Test;

class MoneyTest {

    @Test
    void formatsWithNineDecimals() {
        assertThat(Money.parseUsd("12.345").toUsdString()).isEqualTo("12.345000000");
        assertThat(Money.ofUsd(100).toUsdString()).isEqualTo("100.000000000");
        assertThat(Money.ofNanos(1).toUsdString()).isEqualTo("0.000000001");
        assertThat(Money.ofNanos(-1_500_000_000L).toUsdString()).isEqualTo("-1.500000000");
        assertThat(Money.ZERO.toUsdString()).isEqualTo("0.000000000");
    }

    @Test
    void parsesExactly() {
        assertThat(Money.parseUsd("0.000000001").nanos()).isEqualTo(1);
        assertThat(Money.parseUsd("50").nanos()).isEqualTo(50_000_000_000L);
        assertThat(Money.parseUsd("50.00").nanos()).isEqualTo(50_000_000_000L);
    }

    @Test
    void refusesWhatWouldLosePrecisionOrIsNotAPlainDecimal() {
        assertThatThrownBy(() -> Money.parseUsd("0.0000000001")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> Money.parseUsd("1e3")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> Money.parseUsd("12,5")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> Money.parseUsd(" 1")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> Money.parseUsd("NaN")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> Money.parseUsd(null)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> Money.parseUsd("99999999999")).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void overflowThrowsInsteadOfWrapping() {
        Money big = Money.ofNanos(Long.MAX_VALUE);
        assertThatThrownBy(() -> big.plus(Money.ofNanos(1))).isInstanceOf(ArithmeticException.class);
        assertThatThrownBy(() -> big.times(2)).isInstanceOf(ArithmeticException.class);
        assertThatThrownBy(() -> Money.ofNanos(Long.MIN_VALUE).negate()).isInstanceOf(ArithmeticException.class);
    }

    @Property
    void formatThenParseIsIdentity(@ForAll @LongRange(min = -9_000_000_000_000_000_000L, max = 9_000_000_000_000_000_000L) long nanos) {
        Money money = Money.ofNanos(nanos);
        assertThat(Money.parseUsd(money.toUsdString())).isEqualTo(money);
    }
}
