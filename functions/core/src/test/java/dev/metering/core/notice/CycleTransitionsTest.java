package dev.metering.core.notice;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.metering.core.cycle.Cycle;
import dev.metering.core.cycle.CyclePools;
import dev.metering.core.cycle.InvoiceLine;
import dev.metering.core.debit.Pool;
import dev.metering.core.money.Money;
import dev.metering.core.source.PoolKind;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.Size;
import org.junit.jupiter.api.Test;

class CycleTransitionsTest {

    private static final Instant START = Instant.parse("2027-02-10T00:00:00Z");
    private static final Cycle CYCLE = new Cycle(1, START, Instant.parse("2027-03-10T00:00:00Z"), ZoneOffset.UTC);
    private static final Instant AT = START.plusSeconds(3600);
    private static final String ORG = "org_7";

    private static CyclePools cycle(boolean extra, Money cap, long version) {
        return CyclePools.opened("acct_1", CYCLE, "pro", true, Pool.programmatic(Money.ofUsd(100), extra, cap),
                Pool.interactive(Money.ofUsd(20))).atVersion(version);
    }

    private static CyclePools debit(CyclePools pools, long usd) {
        return pools.debit(PoolKind.PROGRAMMATIC, "model-a", Money.ofUsd(usd), AT).after().atVersion(pools.version() + 1);
    }

    private static List<NoticeKind> kinds(List<Notice> notices) {
        return notices.stream().map(Notice::kind).toList();
    }

    @Test
    void aDebitPastHalfTellsOfTheFiftyPercentThresholdOnce() {
        CyclePools before = cycle(false, null, 1);
        CyclePools after = debit(before, 60);

        List<Notice> notices = CycleTransitions.between(before, after, ORG, AT);

        assertThat(kinds(notices)).containsExactly(NoticeKind.CREDIT_THRESHOLD_REACHED);
        Notice half = notices.get(0);
        assertThat(half.notificationId()).isEqualTo(Notice.id("acct_1", START, NoticeKind.CREDIT_THRESHOLD_REACHED, "50"));
        assertThat(half.facts()).containsEntry("thresholdPercent", 50).containsEntry("remainingUsd", "40.000000000");
        assertThat(half.organizationId()).isEqualTo(ORG);
        assertThat(CycleTransitions.between(after, debit(after, 5), ORG, AT)).isEmpty();
    }

    @Test
    void creditSpentWithExtraUsageOffIsExhaustedAndPaused() {
        CyclePools before = cycle(false, null, 1);
        List<Notice> notices = CycleTransitions.between(before, debit(before, 120), ORG, AT);

        assertThat(kinds(notices)).containsExactly(NoticeKind.CREDIT_THRESHOLD_REACHED, NoticeKind.CREDIT_THRESHOLD_REACHED,
                NoticeKind.CREDIT_THRESHOLD_REACHED, NoticeKind.CREDIT_THRESHOLD_REACHED, NoticeKind.CREDIT_EXHAUSTED,
                NoticeKind.POOL_PAUSED);
        assertThat(notices.get(4).facts()).containsEntry("billing", "PAUSED");
        assertThat(notices.get(4).occurredAt()).isEqualTo(AT);
        assertThat(notices.get(5).facts()).containsEntry("reason", "CREDIT_EXHAUSTED_EXTRA_USAGE_OFF");
    }

    @Test
    void withExtraUsageTheSwitchBillsAtApiRatesUntilTheCapPauses() {
        CyclePools before = cycle(true, Money.ofUsd(10), 1);
        CyclePools switched = debit(before, 105);
        CyclePools capped = debit(switched, 20);

        List<Notice> atSwitch = CycleTransitions.between(before, switched, ORG, AT);
        List<Notice> atCap = CycleTransitions.between(switched, capped, ORG, AT);

        assertThat(kinds(atSwitch)).endsWith(NoticeKind.CREDIT_EXHAUSTED).doesNotContain(NoticeKind.POOL_PAUSED);
        assertThat(atSwitch.get(atSwitch.size() - 1).facts()).containsEntry("billing", "EXTRA_USAGE");
        assertThat(kinds(atCap)).containsExactly(NoticeKind.EXTRA_USAGE_CAP_REACHED, NoticeKind.POOL_PAUSED);
        assertThat(atCap.get(0).facts()).containsEntry("capUsd", "10.000000000").containsEntry("extraUsageAccruedUsd", "10.000000000");
        assertThat(atCap.get(1).facts()).containsEntry("reason", "EXTRA_USAGE_CAP_REACHED");
    }

    @Test
    void extraUsageTurnedOffAndOnAgainAtTheCapReachesNothingNew() {
        CyclePools capped = debit(debit(cycle(true, Money.ofUsd(10), 1), 105), 20);
        CyclePools off = capped.with(capped.programmatic().withExtraUsageSettings(false, Money.ofUsd(10), AT)).atVersion(capped.version() + 1);
        CyclePools on = off.with(off.programmatic().withExtraUsageSettings(true, Money.ofUsd(10), AT)).atVersion(off.version() + 1);
        String first = CycleTransitions.between(debit(cycle(true, Money.ofUsd(10), 1), 105), capped, ORG, AT).get(0).notificationId();

        List<Notice> again = CycleTransitions.between(off, on, ORG, AT).stream()
                .filter(n -> n.kind() == NoticeKind.EXTRA_USAGE_CAP_REACHED).toList();

        assertThat(again).extracting(Notice::notificationId).as("the same transition, told with the same id").containsOnly(first);
        CyclePools raised = on.with(on.programmatic().withExtraUsageSettings(true, Money.ofUsd(15), AT)).atVersion(on.version() + 1);
        CyclePools reachedAgain = debit(raised, 10);
        assertThat(CycleTransitions.between(raised, reachedAgain, ORG, AT)).filteredOn(n -> n.kind() == NoticeKind.EXTRA_USAGE_CAP_REACHED)
                .extracting(Notice::notificationId).as("a raised cap reached is a new transition").doesNotContain(first).hasSize(1);
    }

    @Test
    void liftingThePauseResumesAndAPauseMetAgainIsANewTransition() {
        CyclePools paused = debit(cycle(false, null, 1), 120);
        CyclePools lifted = paused.with(paused.programmatic().withExtraUsageSettings(true, Money.ofUsd(5), AT)).atVersion(3);
        CyclePools pausedAgain = debit(lifted, 10);

        List<Notice> resumed = CycleTransitions.between(paused, lifted, ORG, AT);
        List<Notice> again = CycleTransitions.between(lifted, pausedAgain, ORG, AT);

        assertThat(kinds(resumed)).containsExactly(NoticeKind.POOL_RESUMED);
        assertThat(resumed.get(0).facts()).containsEntry("billing", "EXTRA_USAGE");
        assertThat(kinds(again)).containsExactly(NoticeKind.EXTRA_USAGE_CAP_REACHED, NoticeKind.POOL_PAUSED);
        String firstPause = CycleTransitions.between(cycle(false, null, 1), paused, ORG, AT).stream()
                .filter(n -> n.kind() == NoticeKind.POOL_PAUSED).findFirst().orElseThrow().notificationId();
        assertThat(again.get(1).notificationId()).isNotEqualTo(firstPause);
    }

    @Test
    void theSameWriteDerivedTwiceGivesTheSameNotices() {
        CyclePools before = cycle(false, null, 1);
        CyclePools after = debit(before, 120);

        assertThat(CycleTransitions.between(before, after, ORG, AT)).isEqualTo(CycleTransitions.between(before, after, ORG, AT));
    }

    @Test
    void aCycleOpenedByTheWriteIsComparedWithItsOpening() {
        CyclePools opened = debit(cycle(false, null, 0), 80).atVersion(1);

        assertThat(kinds(CycleTransitions.between(null, opened, ORG, AT)))
                .containsExactly(NoticeKind.CREDIT_THRESHOLD_REACHED, NoticeKind.CREDIT_THRESHOLD_REACHED);
        CyclePools unclaimed = CyclePools.opened("acct_1", CYCLE, "pro", false, Pool.programmatic(Money.ZERO, false, null),
                Pool.interactive(Money.ofUsd(20))).atVersion(1);
        assertThat(CycleTransitions.between(null, unclaimed, ORG, AT)).as("paused from its opening: nothing changed").isEmpty();
        assertThat(CycleTransitions.pauseReason(unclaimed)).isEqualTo("NO_CREDIT_CLAIMED_EXTRA_USAGE_OFF");
    }

    @Test
    void theCloseExpiresWhatIsLeftAndCarriesTheInvoiceLine() {
        CyclePools open = debit(cycle(true, null, 1), 30);
        Instant closedAt = CYCLE.end().plusSeconds(4000);
        CyclePools closed = open.close(closedAt).atVersion(open.version() + 1);

        List<Notice> notices = CycleTransitions.between(open, closed, ORG, AT);

        assertThat(kinds(notices)).containsExactly(NoticeKind.CREDIT_EXPIRED, NoticeKind.CYCLE_CLOSED);
        assertThat(notices.get(0).facts()).containsEntry("expiredUsd", "70.000000000");
        assertThat(notices.get(0).occurredAt()).isEqualTo(closedAt);
        @SuppressWarnings("unchecked")
        Map<String, Object> line = (Map<String, Object>) notices.get(1).facts().get("invoiceLine");
        assertThat(line).containsEntry("creditExpiredUsd", "70.000000000").containsEntry("creditUsedUsd", "30.000000000").containsEntry("extraUsageUsd", "0.000000000");
        assertThat(CycleTransitions.between(closed, closed, ORG, AT)).as("a closed cycle tells nothing more").isEmpty();
    }

    @Test
    void aCloseWithNothingLeftExpiresNothingAndBillsItsExtraUsage() {
        CyclePools open = debit(cycle(true, null, 1), 130);
        CyclePools closed = open.close(CYCLE.end()).atVersion(open.version() + 1);

        List<Notice> notices = CycleTransitions.between(open, closed, ORG, AT);

        assertThat(kinds(notices)).containsExactly(NoticeKind.CYCLE_CLOSED);
        InvoiceLine line = InvoiceLine.of(closed, ORG);
        assertThat(line.extraUsage()).isEqualTo(Money.ofUsd(30));
        assertThat(line.extraUsageByModel()).containsEntry("model-a", Money.ofUsd(30));
        assertThatThrownBy(() -> InvoiceLine.of(open, ORG)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void theInteractiveAllowanceRunningOutIsToldOf() {
        CyclePools before = cycle(false, null, 1);
        CyclePools after = before.debit(PoolKind.INTERACTIVE, "model-a", Money.ofUsd(25), AT).after().atVersion(2);

        List<Notice> notices = CycleTransitions.between(before, after, ORG, AT);

        assertThat(kinds(notices)).containsExactly(NoticeKind.INTERACTIVE_ALLOWANCE_EXHAUSTED);
        assertThat(notices.get(0).facts()).containsEntry("usedUsd", "20.000000000").containsEntry("overrunUsd", "5.000000000");
    }

    @Test
    void aQuarantinedBodyHasTheIdOfTheBody() {
        Notice one = Notice.quarantined("q1", "bad json", null, null, AT);
        assertThat(one.notificationId()).isEqualTo(Notice.quarantined("q1", "other", "e", "acct_1", AT.plusSeconds(1)).notificationId())
                .isNotEqualTo(Notice.quarantined("q2", "bad json", null, null, AT).notificationId());
    }

    /** Over any run of debits, each transition is told of once, and every threshold the pool reached is among them. */
    @Property(tries = 300)
    void everyTransitionOnceWhateverTheDebits(@ForAll @Size(min = 1, max = 30) List<@IntRange(min = 1, max = 40) Integer> costs,
                                             @ForAll boolean extraUsage, @ForAll @IntRange(min = 0, max = 50) int cap) {
        CyclePools pools = cycle(extraUsage, Money.ofUsd(cap), 1);
        List<Notice> told = new ArrayList<>();
        for (int cost : costs) {
            CyclePools next = debit(pools, cost);
            told.addAll(CycleTransitions.between(pools, next, ORG, AT));
            pools = next;
        }
        Set<String> ids = new HashSet<>();
        told.forEach(n -> assertThat(ids.add(n.notificationId())).as("told twice: %s", n).isTrue());
        assertThat(told.stream().filter(n -> n.kind() == NoticeKind.CREDIT_THRESHOLD_REACHED).map(n -> n.facts().get("thresholdPercent")))
                .containsExactlyElementsOf(new ArrayList<>(pools.programmatic().thresholds()));
        assertThat(told.stream().filter(n -> n.kind() == NoticeKind.CREDIT_EXHAUSTED).count())
                .isEqualTo(pools.programmatic().rateSwitchedAt() == null ? 0 : 1);
        assertThat(told.stream().filter(n -> n.kind() == NoticeKind.POOL_PAUSED).count())
                .isEqualTo(pools.programmatic().state() == dev.metering.core.debit.PoolState.PAUSED ? 1 : 0);
    }
}
