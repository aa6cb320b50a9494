package dev.metering.core.cycle;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.metering.core.debit.Pool;
import dev.metering.core.money.Money;
import dev.metering.core.source.PoolKind;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Both pools of a cycle as one unit: debits, the invoice's breakdown by model, versions, the close. */
class CyclePoolsTest {

    private static final Instant START = Instant.parse("2027-02-10T00:00:00Z");
    private static final Cycle CYCLE = new Cycle(1, START, Instant.parse("2027-03-10T00:00:00Z"), ZoneOffset.UTC);

    private static CyclePools opened() {
        return CyclePools.opened("a", CYCLE, "pro", true, Pool.programmatic(Money.ofUsd(20), true, null), Pool.interactive(Money.ofUsd(8)));
    }

    @Test
    void onlyExtraUsageCountsInTheBreakdownByModel() {
        CyclePools afterCredit = opened().debit(PoolKind.PROGRAMMATIC, "m1", Money.ofUsd(15), START).after();
        assertThat(afterCredit.extraUsageByModel()).isEmpty();
        CyclePools afterExtra = afterCredit.debit(PoolKind.PROGRAMMATIC, "m2", Money.ofUsd(7), START).after()
                .debit(PoolKind.PROGRAMMATIC, "m2", Money.ofUsd(1), START).after()
                .debit(PoolKind.INTERACTIVE, "m3", Money.ofUsd(9), START).after();
        assertThat(afterExtra.extraUsageByModel()).isEqualTo(Map.of("m2", Money.ofUsd(3)));
        assertThat(afterExtra.programmatic().extraUsage().accrued()).isEqualTo(Money.ofUsd(3));
        assertThat(afterExtra.interactive().overrun()).isEqualTo(Money.ofUsd(1));
    }

    @Test
    void aStoredVersionAndAClose() {
        CyclePools stored = opened().atVersion(3);
        assertThat(stored.isStored()).isTrue();
        assertThat(stored.version()).isEqualTo(3);
        assertThat(opened().isStored()).isFalse();
        CyclePools closed = stored.close(START);
        assertThat(closed.isClosed()).isTrue();
        assertThat(closed.programmatic().expired()).isEqualTo(Money.ofUsd(20));
        assertThat(closed.interactive().expired()).as("allowance is not money: it lapses unrecorded").isEqualTo(Money.ZERO);
        assertThatThrownBy(() -> closed.close(START)).isInstanceOf(IllegalStateException.class);
    }
}
