package dev.metering.notify;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.metering.testsupport.SampleEvents;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import software.amazon.awssdk.services.sqs.model.Message;

/**
 * Each sample stream event of {@code events/} (one per kind of record: usable with
 * {@code sam local invoke NotifyFunction -e}) through the function, and what reached the bus.
 */
@QuarkusTest
@QuarkusTestResource(value = BusResource.class, restrictToAnnotatedClass = true)
class StreamSamplesTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Path EVENTS = SampleEvents.directory();

    static Stream<Arguments> samples() {
        return Stream.of(
                Arguments.of("stream-cycle-debit.json", List.of("CreditThresholdReached", "CreditExhausted", "PoolPaused")),
                Arguments.of("stream-cycle-resumed.json", List.of("PoolResumed")),
                Arguments.of("stream-cycle-close.json", List.of("CreditExpired", "CycleClosed")),
                Arguments.of("stream-cycle-open.json", List.of()),
                Arguments.of("stream-quarantine.json", List.of("EventQuarantined")),
                Arguments.of("stream-budgets.json", List.of("BudgetThresholdReached", "BudgetExhausted")),
                Arguments.of("stream-ledger-entry.json", List.of()),
                Arguments.of("stream-usage-cell.json", List.of()),
                Arguments.of("stream-account.json", List.of()));
    }

    @ParameterizedTest
    @MethodSource("samples")
    void theSampleTellsOfWhatItsRecordChanged(String sample, List<String> kinds) throws Exception {
        BusResource.drain();
        List<Object> failures = given().contentType("application/json").body(SampleEvents.read(sample)).when().post()
                .then().statusCode(200).extract().jsonPath().getList("batchItemFailures");

        assertThat(failures).isEmpty();
        List<String> arrived = new ArrayList<>();
        for (Message m : BusResource.drain()) {
            JsonNode event = JSON.readTree(m.body());
            EventSchemas.assertValid(event.path("detail-type").asText(), event.path("detail"));
            arrived.add(event.path("detail-type").asText());
        }
        assertThat(arrived).containsExactlyInAnyOrderElementsOf(kinds);
    }

    @Test
    void everySampleStreamEventIsExercisedHere() throws Exception {
        List<String> covered = samples().map(a -> (String) a.get()[0]).toList();
        try (Stream<Path> files = Files.list(EVENTS)) {
            assertThat(files.map(p -> p.getFileName().toString()).filter(n -> n.startsWith("stream-")))
                    .containsExactlyInAnyOrderElementsOf(covered);
        }
    }

    @Test
    void everyKindHasASchemaAndEverySchemaAKind() throws Exception {
        List<String> kinds = Stream.of(dev.metering.core.notice.NoticeKind.values()).map(k -> k.detailType() + ".json").toList();
        try (Stream<Path> files = Files.list(EventSchemas.DIRECTORY)) {
            // Beside the notifications' schemas stands the producer's: the usage event (tested with the recorder, in core).
            assertThat(files.map(p -> p.getFileName().toString()).filter(name -> !name.equals("usage-event.json")))
                    .containsExactlyInAnyOrderElementsOf(kinds);
        }
    }
}
