package dev.metering.notify;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.times;
import static org.mockito.Mockito.verify;
import static org.mockito.Mockito.when;

import java.util.ArrayList;
import java.util.List;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.mockito.ArgumentCaptor;
import software.amazon.awssdk.services.eventbridge.EventBridgeClient;
import software.amazon.awssdk.services.eventbridge.model.PutEventsRequest;
import software.amazon.awssdk.services.eventbridge.model.PutEventsRequestEntry;
import software.amazon.awssdk.services.eventbridge.model.PutEventsResponse;
import software.amazon.awssdk.services.eventbridge.model.PutEventsResultEntry;

class EventBusTest {

    private static List<PutEventsRequestEntry> entries(int n) {
        return IntStream.range(0, n).mapToObj(i -> PutEventsRequestEntry.builder().source("metering").detailType("K")
                .detail("{\"n\":" + i + "}").build()).toList();
    }

    private static PutEventsResponse accepted(int n) {
        return PutEventsResponse.builder().failedEntryCount(0)
                .entries(IntStream.range(0, n).mapToObj(i -> PutEventsResultEntry.builder().eventId("e" + i).build()).toList()).build();
    }

    @Test
    void putsTenToARequestOnItsBus() {
        EventBridgeClient client = mock(EventBridgeClient.class);
        when(client.putEvents(any(PutEventsRequest.class))).thenAnswer(call -> accepted(((PutEventsRequest) call.getArgument(0)).entries().size()));

        new EventBus(client, "bus-1").put(entries(23));

        ArgumentCaptor<PutEventsRequest> sent = ArgumentCaptor.forClass(PutEventsRequest.class);
        verify(client, times(3)).putEvents(sent.capture());
        assertThat(sent.getAllValues()).extracting(r -> r.entries().size()).containsExactly(10, 10, 3);
        assertThat(sent.getAllValues()).flatExtracting(PutEventsRequest::entries).allMatch(e -> "bus-1".equals(e.eventBusName()));
    }

    @Test
    void putsAgainOnlyWhatWasRefused() {
        EventBridgeClient client = mock(EventBridgeClient.class);
        PutEventsResponse oneRefused = PutEventsResponse.builder().failedEntryCount(1).entries(
                PutEventsResultEntry.builder().eventId("a").build(),
                PutEventsResultEntry.builder().errorCode("ThrottlingException").errorMessage("slow down").build(),
                PutEventsResultEntry.builder().eventId("c").build()).build();
        when(client.putEvents(any(PutEventsRequest.class))).thenReturn(oneRefused, accepted(1));

        new EventBus(client, "bus-1").put(entries(3));

        ArgumentCaptor<PutEventsRequest> sent = ArgumentCaptor.forClass(PutEventsRequest.class);
        verify(client, times(2)).putEvents(sent.capture());
        assertThat(sent.getAllValues().get(1).entries()).extracting(PutEventsRequestEntry::detail).containsExactly("{\"n\":1}");
    }

    @Test
    void whatIsStillRefusedIsAnErrorSoTheRecordComesBack() {
        EventBridgeClient client = mock(EventBridgeClient.class);
        List<PutEventsResultEntry> refused = new ArrayList<>();
        refused.add(PutEventsResultEntry.builder().errorCode("InternalFailure").errorMessage("down").build());
        when(client.putEvents(any(PutEventsRequest.class))).thenReturn(PutEventsResponse.builder().failedEntryCount(1).entries(refused).build());

        assertThatThrownBy(() -> new EventBus(client, "bus-1").put(entries(1)))
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("InternalFailure");
        verify(client, times(3)).putEvents(any(PutEventsRequest.class));
    }
}
