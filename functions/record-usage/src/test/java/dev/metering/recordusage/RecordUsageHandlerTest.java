package dev.metering.recordusage;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.ArgumentMatchers.anyList;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.when;

import dev.metering.core.debit.Split;
import dev.metering.core.money.Money;
import dev.metering.core.source.PoolKind;
import com.amazonaws.services.lambda.runtime.Context;
import dev.metering.store.Deadline;
import dev.metering.store.recording.IncomingEvent;
import dev.metering.store.recording.RecordResult;
import dev.metering.store.recording.RecordStatus;
import dev.metering.store.recording.UsageRecorder;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.mockito.ArgumentCaptor;

/** The handler's mapping of invocations to the recorder and of results to responses, with the recorder mocked. */
class RecordUsageHandlerTest {

    private final UsageRecorder recorder = mock(UsageRecorder.class);
    private final RecordUsageHandler handler = new RecordUsageHandler(recorder, Duration.ofSeconds(12), mock(BatchMetrics.class));

    private static RecordResult result(String delivery, RecordStatus status) {
        Split split = status == RecordStatus.APPLIED ? new Split(Money.parseUsd("1.5"), Money.parseUsd("0.25"), Money.ZERO) : null;
        return new RecordResult(delivery, "evt-" + delivery, "acct", status, status == RecordStatus.APPLIED ? PoolKind.PROGRAMMATIC : null,
                split, false, status == RecordStatus.APPLIED ? java.time.Instant.parse("2026-12-01T10:00:00Z") : null,
                status == RecordStatus.APPLIED ? null : "because");
    }

    @SuppressWarnings("unchecked")
    private List<IncomingEvent> delivered() {
        ArgumentCaptor<List<IncomingEvent>> captor = ArgumentCaptor.forClass(List.class);
        org.mockito.Mockito.verify(recorder).record(captor.capture(), any(Deadline.class));
        return captor.getValue();
    }

    @Test
    void sqsRetriesBecomeBatchItemFailuresAndEverythingElseIsAcknowledged() throws Exception {
        String sqs = """
                {"Records": [
                  {"messageId": "m1", "body": "{\\"a\\":1}", "eventSource": "aws:sqs"},
                  {"messageId": "m2", "body": "not json", "eventSource": "aws:sqs"},
                  {"messageId": "m3", "body": "{}", "eventSource": "aws:sqs"},
                  {"messageId": "m4", "body": "{}", "eventSource": "aws:sqs"}
                ]}""";
        when(recorder.record(anyList(), any(Deadline.class))).thenReturn(List.of(result("m1", RecordStatus.APPLIED), result("m2", RecordStatus.QUARANTINED),
                result("m3", RecordStatus.RETRY), result("m4", RecordStatus.DUPLICATE)));

        Object response = handler.handle(sqs, null);

        assertThat(response).isEqualTo(new Responses.BatchResponse(List.of(new Responses.ItemFailure("m3"))));
        assertThat(delivered()).containsExactly(new IncomingEvent("m1", "{\"a\":1}"), new IncomingEvent("m2", "not json"),
                new IncomingEvent("m3", "{}"), new IncomingEvent("m4", "{}"));
    }

    @Test
    void aDirectEventGetsItsResultWithMoneyAsStrings() throws Exception {
        when(recorder.record(anyList(), any(Deadline.class))).thenReturn(List.of(result("0", RecordStatus.APPLIED)));

        Object response = handler.handle("{\"eventId\": \"e\"}", null);

        assertThat(response).isEqualTo(new Responses.DirectResponse(List.of(new Responses.EventResult(
                "evt-0", "APPLIED", "PROGRAMMATIC", "1.500000000", "0.250000000", "0.000000000", false, null))));
        assertThat(delivered()).as("the event as received, not as parsed and written again")
                .containsExactly(new IncomingEvent("0", "{\"eventId\": \"e\"}"));
    }

    @Test
    void anEventsListIsDeliveredInOrderAndQuarantineCarriesItsReason() throws Exception {
        when(recorder.record(anyList(), any(Deadline.class))).thenReturn(List.of(result("0", RecordStatus.DUPLICATE), result("1", RecordStatus.QUARANTINED)));

        Responses.DirectResponse response = (Responses.DirectResponse) handler.handle(
                "{\"events\": [{\"eventId\": \"a\"}, 42]}", null);

        assertThat(delivered()).containsExactly(new IncomingEvent("0", "{\"eventId\": \"a\"}"), new IncomingEvent("1", "42"));
        assertThat(response.results()).extracting(Responses.EventResult::status).containsExactly("DUPLICATE", "QUARANTINED");
        assertThat(response.results().get(1).reason()).isEqualTo("because");
        assertThat(response.results().get(1).creditUsd()).isNull();
    }

    @Test
    void aDirectInvocationWithATransientFailureFailsWholeSoTheCallerRetries() throws Exception {
        when(recorder.record(anyList(), any(Deadline.class))).thenReturn(List.of(result("0", RecordStatus.APPLIED), result("1", RecordStatus.RETRY)));

        assertThatThrownBy(() -> handler.handle("{\"events\": [{}, {}]}", null))
                .isInstanceOf(Responses.RetryLater.class)
                .hasMessageContaining("evt-1");
    }

    @Test
    void anythingThatIsNotAnSqsBatchOrAnEventsListIsOneEvent() throws Exception {
        when(recorder.record(anyList(), any(Deadline.class))).thenReturn(List.of(result("0", RecordStatus.QUARANTINED)));

        handler.handle("{\"Records\": [{\"eventSource\": \"aws:kinesis\"}]}", null);

        assertThat(delivered()).hasSize(1);
        assertThat(delivered().get(0).raw()).contains("aws:kinesis");
    }

    @Test
    void theRecorderStopsWritingWhenLessThanTheReserveIsLeftOfTheInvocation() throws Exception {
        when(recorder.record(anyList(), any(Deadline.class))).thenReturn(List.of(result("m1", RecordStatus.RETRY)));
        AtomicInteger remainingMillis = new AtomicInteger(30_000);
        Context context = mock(Context.class);
        when(context.getRemainingTimeInMillis()).thenAnswer(i -> remainingMillis.get());

        handler.handle("{\"Records\": [{\"messageId\": \"m1\", \"body\": \"{}\", \"eventSource\": \"aws:sqs\"}]}", context);

        ArgumentCaptor<Deadline> deadline = ArgumentCaptor.forClass(Deadline.class);
        org.mockito.Mockito.verify(recorder).record(anyList(), deadline.capture());
        assertThat(deadline.getValue().reached()).as("30 s left, 12 s reserved").isFalse();
        remainingMillis.set(11_999);
        assertThat(deadline.getValue().reached()).as("less than the reserve left").isTrue();
    }

    @Test
    void withoutADeadlineFromTheRuntimeNoneIsSet() throws Exception {
        when(recorder.record(anyList(), any(Deadline.class))).thenReturn(List.of(result("0", RecordStatus.APPLIED)));

        handler.handle("{\"eventId\": \"e\"}", null);

        ArgumentCaptor<Deadline> deadline = ArgumentCaptor.forClass(Deadline.class);
        org.mockito.Mockito.verify(recorder).record(anyList(), deadline.capture());
        assertThat(deadline.getValue().reached()).isFalse();
    }

    @Test
    void eachEventOfADirectInvocationIsKeptAsItsOwnCharactersDuplicateKeysIncluded() {
        when(recorder.record(anyList(), any(Deadline.class))).thenReturn(List.of(result("0", RecordStatus.QUARANTINED),
                result("1", RecordStatus.QUARANTINED), result("2", RecordStatus.QUARANTINED)));

        handler.handle("{\"events\": [ {\"eventId\": \"a\", \"eventId\": \"b\"},\n  \"text, with ] and }\" ,[1, {\"x\": 2}]]}", null);

        assertThat(delivered()).extracting(IncomingEvent::raw).containsExactly("{\"eventId\": \"a\", \"eventId\": \"b\"}",
                "\"text, with ] and }\"", "[1, {\"x\": 2}]");
    }

    @Test
    void aSingleDirectEventWithADuplicateKeyReachesTheRecorderAsSent() {
        when(recorder.record(anyList(), any(Deadline.class))).thenReturn(List.of(result("0", RecordStatus.QUARANTINED)));
        String sent = "{\"eventId\": \"e\", \"accountId\": \"a\", \"accountId\": \"b\"}";

        handler.handle(sent, null);

        assertThat(delivered()).containsExactly(new IncomingEvent("0", sent));
    }

    @Test
    void anEventsObjectWithAnythingBesideTheListIsOneEvent() {
        when(recorder.record(anyList(), any(Deadline.class))).thenReturn(List.of(result("0", RecordStatus.QUARANTINED)));
        String sent = "{\"events\": [{}], \"more\": 1}";

        handler.handle(sent, null);

        assertThat(delivered()).containsExactly(new IncomingEvent("0", sent));
    }
}
