package dev.metering.store.prices;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.metering.core.price.ModelRates;
import dev.metering.core.price.PriceRow;
import dev.metering.store.Events;
import dev.metering.store.StoreFixture;
import dev.metering.store.model.MutableClock;
import dev.metering.store.recording.IncomingEvent;
import dev.metering.store.recording.RecordResult;
import dev.metering.store.recording.RecordStatus;
import dev.metering.store.recording.Recording;
import dev.metering.store.recording.UsageRecorder;
import dev.metering.testsupport.DynamoEngine;
import dev.metering.testsupport.ReadCounter;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.core.interceptor.Context;
import software.amazon.awssdk.core.interceptor.ExecutionAttributes;
import software.amazon.awssdk.core.interceptor.ExecutionInterceptor;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;

/**
 * Prices put at runtime reach the recorder within a minute, and never too late for an event: against
 * the engine, with a clock the test moves and the book's reads counted at the SDK seam.
 */
class RuntimePricesTest {

    private static final Instant T0 = Instant.parse("2027-03-10T12:00:00Z");
    private static final Instant ANCHOR = Instant.parse("2027-03-01T00:00:00Z");

    /** Fails every Query while on: the price rows cannot be read. */
    private static final class QueriesFail implements ExecutionInterceptor {
        final AtomicBoolean on = new AtomicBoolean();

        @Override
        public void beforeExecution(Context.BeforeExecution context, ExecutionAttributes attributes) {
            if (on.get() && context.request().getClass().getSimpleName().equals("QueryRequest")) {
                throw SdkClientException.create("injected: the price rows cannot be read");
            }
        }
    }

    private static String event(String id, Instant at, String model) {
        return Events.usage(id, "acct_p", at, "agent-sdk", model, 1_000, 100);
    }

    private static List<RecordStatus> statuses(List<RecordResult> results) {
        return results.stream().map(RecordResult::status).toList();
    }

    @Test
    void aPricePutForANewModelPricesItsEventsWithinAMinute() {
        MutableClock clock = new MutableClock(T0);
        try (StoreFixture fixture = new StoreFixture("prices-new", clock)) {
            fixture.claimedAccount("acct_p", "max-5x", ANCHOR, false, null);
            ReadCounter reads = new ReadCounter();
            DynamoDbClient client = fixture.track(DynamoEngine.shared().newClient(c -> c.addExecutionInterceptor(reads)));
            UsageRecorder recorder = Recording.recorder(client, fixture.config, fixture.catalogs, clock);
            assertThat(statuses(recorder.record(List.of(new IncomingEvent("m1", event("n-1", T0, "claude-zeta-1"))))))
                    .containsExactly(RecordStatus.QUARANTINED);

            // A model no book priced may take a price from any instant: nothing was priced with it.
            PriceService prices = new PriceService(new PriceStore(fixture.client(), fixture.config), fixture.catalogs.priceBook(), clock);
            prices.put(PriceRow.of("claude-zeta-1", T0.minus(Duration.ofDays(1)), ModelRates.of(2000, 8000, 2500, 4000, 200)), List.of(), "ops");

            // Within the minute the book read before the put may still answer: the event waits in the quarantine.
            clock.set(T0.plusSeconds(59));
            ReadCounter.Counts stale = reads.during(() -> assertThat(statuses(recorder.record(List.of(new IncomingEvent("m2",
                    event("n-2", T0.plusSeconds(30), "claude-zeta-1")))))).containsExactly(RecordStatus.QUARANTINED));
            assertThat(stale.calls("Query")).as("no read of the book within its minute").isZero();

            // A minute after it was read, the first batch reads it again, and prices with the new row.
            clock.set(T0.plusSeconds(60));
            ReadCounter.Counts fresh = reads.during(() -> assertThat(statuses(recorder.record(List.of(new IncomingEvent("m3",
                    event("n-3", T0.plusSeconds(50), "claude-zeta-1")))))).containsExactly(RecordStatus.APPLIED));
            assertThat(fresh.calls("Query")).as("the book read again, once").isEqualTo(1);
            assertThat(fixture.store().findCycle("acct_p", ANCHOR).orElseThrow().programmatic().used().nanos())
                    .isEqualTo(1_000L * 2000 + 100L * 8000);
        }
    }

    @Test
    void aNewRowForAPricedModelTakesEffectOnlyAfterEveryFunctionHasSeenIt() {
        MutableClock clock = new MutableClock(T0);
        try (StoreFixture fixture = new StoreFixture("prices-ahead", clock)) {
            fixture.claimedAccount("acct_p", "max-5x", ANCHOR, false, null);
            UsageRecorder recorder = fixture.recorder();
            // The recorder reads its book at T0.
            assertThat(statuses(recorder.record(List.of(new IncomingEvent("m0", event("a-0", T0, "claude-sonnet-5")))))).containsExactly(RecordStatus.APPLIED);
            long before = used(fixture);
            assertThat(before).isEqualTo(1_000L * 2000 + 100L * 10000);

            PriceService prices = new PriceService(new PriceStore(fixture.client(), fixture.config), fixture.catalogs.priceBook(), clock);
            // Nine minutes ahead is too soon for a model with a price.
            assertThatThrownBy(() -> prices.put(PriceRow.of("claude-sonnet-5", T0.plus(Duration.ofMinutes(9)), ModelRates.of(4000, 20000, 5000, 8000, 400)),
                    List.of(), "ops")).isInstanceOf(PriceService.Refused.class).hasMessageContaining("at least 10 minutes ahead");
            Instant from = T0.plus(Duration.ofMinutes(10));
            prices.put(PriceRow.of("claude-sonnet-5", from, ModelRates.of(4000, 20000, 5000, 8000, 400)), List.of(), "ops");

            // 59 s after its read, the stale book prices an event stamped 5 minutes ahead: still before the new row, so the same price.
            clock.set(T0.plusSeconds(59));
            assertThat(statuses(recorder.record(List.of(new IncomingEvent("m1", event("a-1", T0.plusSeconds(59).plus(Duration.ofMinutes(5)),
                    "claude-sonnet-5")))))).containsExactly(RecordStatus.APPLIED);
            assertThat(used(fixture) - before).isEqualTo(1_000L * 2000 + 100L * 10000);

            // The first event that can be stamped at the new row's instant comes 5 minutes before it: by then every book is fresh.
            clock.set(from.minus(Duration.ofMinutes(5)));
            long mid = used(fixture);
            assertThat(statuses(recorder.record(List.of(new IncomingEvent("m2", event("a-2", from, "claude-sonnet-5")))))).containsExactly(RecordStatus.APPLIED);
            assertThat(used(fixture) - mid).isEqualTo(1_000L * 4000 + 100L * 20000);
        }
    }

    @Test
    void aFailedReadSendsTheBatchBackRatherThanPriceFromAnOlderCopy() {
        MutableClock clock = new MutableClock(T0);
        try (StoreFixture fixture = new StoreFixture("prices-fail", clock)) {
            fixture.claimedAccount("acct_p", "max-5x", ANCHOR, false, null);
            QueriesFail faults = new QueriesFail();
            DynamoDbClient client = fixture.track(DynamoEngine.shared().newClient(c -> c.addExecutionInterceptor(faults)));
            UsageRecorder recorder = Recording.recorder(client, fixture.config, fixture.catalogs, clock);
            assertThat(statuses(recorder.record(List.of(new IncomingEvent("m0", event("f-0", T0, "claude-sonnet-5")))))).containsExactly(RecordStatus.APPLIED);

            faults.on.set(true);
            clock.set(T0.plusSeconds(61));
            List<RecordResult> results = recorder.record(List.of(new IncomingEvent("m1", event("f-1", T0.plusSeconds(61), "claude-sonnet-5")),
                    new IncomingEvent("m2", "not even JSON")));
            assertThat(statuses(results)).containsExactly(RecordStatus.RETRY, RecordStatus.RETRY);
            assertThat(results.get(0).reason()).startsWith("price rows unavailable");
            // Nor from the copy it had before the failure, a second later.
            clock.set(T0.plusSeconds(62));
            assertThat(statuses(recorder.record(List.of(new IncomingEvent("m1", event("f-1", T0.plusSeconds(61), "claude-sonnet-5"))))))
                    .containsExactly(RecordStatus.RETRY);

            faults.on.set(false);
            assertThat(statuses(recorder.record(List.of(new IncomingEvent("m1", event("f-1", T0.plusSeconds(61), "claude-sonnet-5"))))))
                    .containsExactly(RecordStatus.APPLIED);
        }
    }

    @Test
    void aRestoreFromASnapshotReadsTheBookAgainWhateverTheClockSays() {
        MutableClock clock = new MutableClock(T0);
        try (StoreFixture fixture = new StoreFixture("prices-restore", clock)) {
            ReadCounter reads = new ReadCounter();
            DynamoDbClient client = fixture.track(DynamoEngine.shared().newClient(c -> c.addExecutionInterceptor(reads)));
            RuntimePrices prices = new RuntimePrices(new PriceStore(client, fixture.config), fixture.catalogs.priceBook(), clock);
            assertThat(reads.during(prices::current).calls("Query")).isEqualTo(1);
            assertThat(reads.during(prices::current).calls("Query")).isZero();
            RuntimePrices.afterRestore();
            assertThat(reads.during(prices::current).calls("Query")).as("read again after a restore").isEqualTo(1);
            assertThat(reads.during(prices::current).calls("Query")).isZero();
        }
    }

    private static long used(StoreFixture fixture) {
        return fixture.store().findCycle("acct_p", ANCHOR).orElseThrow().programmatic().used().nanos();
    }
}
