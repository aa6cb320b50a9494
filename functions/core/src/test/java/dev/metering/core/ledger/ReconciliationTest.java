package dev.metering.core.ledger;

import static org.assertj.core.api.Assertions.assertThat;

import dev.metering.core.cycle.Cycle;
import dev.metering.core.cycle.CyclePools;
import dev.metering.core.debit.Pool;
import dev.metering.core.money.Money;
import dev.metering.core.source.PoolKind;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** A cycle's stored totals against the sums of its ledger. */
class ReconciliationTest {

    private static final Instant START = Instant.parse("2027-02-10T00:00:00Z");
    private static final Cycle CYCLE = new Cycle(1, START, Instant.parse("2027-03-10T00:00:00Z"), ZoneOffset.UTC);

    private static LedgerEntry debit(Money credit, Money extra, Money overrun) {
        return new LedgerEntry("evt:e", EntryKind.DEBIT, PoolKind.PROGRAMMATIC, START, START, credit, extra, overrun, "e", "agent-sdk",
                "m", START, false, credit.plus(extra).plus(overrun), null, null, LedgerEntry.Marks.NONE, "h", null, null);
    }

    @Test
    void aCycleThatAgreesWithItsLedgerHasNoDifferenceAndEachFieldThatDiffersIsNamed() {
        CyclePools opened = CyclePools.opened("a", CYCLE, "pro", true, Pool.programmatic(Money.ofUsd(20), true, null),
                Pool.interactive(Money.ofUsd(8)));
        CyclePools after = opened.debit(PoolKind.PROGRAMMATIC, "m", Money.ofUsd(25), START).after();
        List<LedgerEntry> ledger = new ArrayList<>(OpeningGrants.of(opened, START));
        ledger.add(debit(Money.ofUsd(20), Money.ofUsd(5), Money.ZERO));
        assertThat(Reconciliation.differences(after, ledger)).isEmpty();

        ledger.add(debit(Money.ZERO, Money.ZERO, Money.ofUsd(1)));
        ledger.add(LedgerEntry.movement("x", EntryKind.EXPIRY, PoolKind.INTERACTIVE, START, START, Money.ofUsd(2), "r"));
        assertThat(Reconciliation.differences(after, ledger)).containsExactlyInAnyOrder(
                new Reconciliation.Difference(PoolKind.PROGRAMMATIC, "overrun", Money.ZERO, Money.ofUsd(1)),
                new Reconciliation.Difference(PoolKind.INTERACTIVE, "expired", Money.ZERO, Money.ofUsd(2)));
    }

    @Test
    void everyFieldOfEveryPoolIsCompared() {
        CyclePools opened = CyclePools.opened("a", CYCLE, "pro", true, Pool.programmatic(Money.ofUsd(20), true, null),
                Pool.interactive(Money.ofUsd(8)));
        List<LedgerEntry> ledger = List.of(
                LedgerEntry.movement("g", EntryKind.GRANT, PoolKind.PROGRAMMATIC, START, START, Money.ofUsd(21), "r"),
                debit(Money.ofUsd(1), Money.ofUsd(2), Money.ZERO),
                LedgerEntry.movement("x", EntryKind.EXPIRY, PoolKind.PROGRAMMATIC, START, START, Money.ofUsd(3), "r"));
        assertThat(Reconciliation.differences(opened, ledger)).extracting(Reconciliation.Difference::pool, Reconciliation.Difference::field)
                .containsExactlyInAnyOrder(
                        org.assertj.core.groups.Tuple.tuple(PoolKind.PROGRAMMATIC, "granted"),
                        org.assertj.core.groups.Tuple.tuple(PoolKind.PROGRAMMATIC, "used"),
                        org.assertj.core.groups.Tuple.tuple(PoolKind.PROGRAMMATIC, "expired"),
                        org.assertj.core.groups.Tuple.tuple(PoolKind.PROGRAMMATIC, "extraUsage"),
                        org.assertj.core.groups.Tuple.tuple(PoolKind.INTERACTIVE, "granted"));
    }
}
