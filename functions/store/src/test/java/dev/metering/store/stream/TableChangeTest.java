package dev.metering.store.stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.metering.core.notice.Notice;
import dev.metering.core.notice.NoticeKind;
import dev.metering.testsupport.SampleEvents;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/** Stream records as Lambda delivers them, read into the transitions they show. */
class TableChangeTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    private static JsonNode sample(String name) throws Exception {
        return JSON.readTree(SampleEvents.read(name)).get("Records").get(0);
    }

    @Test
    void aDebitThatSpendsTheLastCreditTellsOfTheThresholdTheSwitchAndThePause() throws Exception {
        TableChange change = TableChange.of(sample("stream-cycle-debit.json"));

        List<Notice> notices = change.notices();

        assertThat(notices).extracting(Notice::kind).containsExactly(NoticeKind.CREDIT_THRESHOLD_REACHED, NoticeKind.CREDIT_EXHAUSTED,
                NoticeKind.POOL_PAUSED);
        assertThat(notices.get(0).facts()).containsEntry("thresholdPercent", 100);
        assertThat(change.describe()).startsWith("MODIFY ACCT#acct_paused CYCLE#");
        assertThat(TableChange.of(sample("stream-cycle-debit.json")).notices()).as("derived again: the same").isEqualTo(notices);
    }

    @Test
    void theCloseCarriesItsOrganizationAndInvoiceLine() throws Exception {
        List<Notice> notices = TableChange.of(sample("stream-cycle-close.json")).notices();

        assertThat(notices).extracting(Notice::kind).containsExactly(NoticeKind.CREDIT_EXPIRED, NoticeKind.CYCLE_CLOSED);
        assertThat(notices).allMatch(n -> "org_storm".equals(n.organizationId()));
    }

    @Test
    void otherItemsTellNothing() throws Exception {
        for (String sample : List.of("stream-ledger-entry.json", "stream-usage-cell.json", "stream-account.json", "stream-cycle-open.json")) {
            assertThat(TableChange.of(sample(sample)).notices()).as(sample).isEmpty();
        }
        ObjectNode removal = (ObjectNode) sample("stream-cycle-close.json").deepCopy();
        removal.put("eventName", "REMOVE");
        ((ObjectNode) removal.get("dynamodb")).remove("NewImage");
        assertThat(TableChange.of(removal).notices()).isEmpty();
    }

    @Test
    void aQuarantinedBodyIsToldOfOnlyWhenFirstSeen() throws Exception {
        JsonNode first = sample("stream-quarantine.json");
        assertThat(TableChange.of(first).notices()).extracting(Notice::kind).containsExactly(NoticeKind.EVENT_QUARANTINED);
        ObjectNode seenAgain = first.deepCopy();
        seenAgain.put("eventName", "MODIFY");
        ((ObjectNode) seenAgain.get("dynamodb")).set("OldImage", first.get("dynamodb").get("NewImage"));
        assertThat(TableChange.of(seenAgain).notices()).isEmpty();
    }

    @Test
    void creationTimesAsSecondsWithAFractionOrAsAnInstant() throws Exception {
        ObjectNode record = sample("stream-cycle-resumed.json").deepCopy();
        ((ObjectNode) record.get("dynamodb")).put("ApproximateCreationDateTime", new java.math.BigDecimal("1795796130.25"));
        assertThat(TableChange.of(record).notices().get(0).occurredAt()).isEqualTo(Instant.ofEpochSecond(1795796130, 250_000_000));
        ((ObjectNode) record.get("dynamodb")).put("ApproximateCreationDateTime", "2026-11-27T10:00:00Z");
        assertThat(TableChange.of(record).notices().get(0).occurredAt()).isEqualTo(Instant.parse("2026-11-27T10:00:00Z"));
    }

    @Test
    void whatIsNotAStreamRecordIsRefusedByName() throws Exception {
        assertThatThrownBy(() -> TableChange.of(JSON.readTree("{\"eventName\": \"INSERT\"}")))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("SequenceNumber");
        ObjectNode badType = sample("stream-account.json").deepCopy();
        ((ObjectNode) badType.get("dynamodb").get("NewImage")).putObject("type").put("Q", "x");
        assertThatThrownBy(() -> TableChange.of(badType)).hasMessageContaining("unknown attribute type Q");
    }

    @Test
    void everyAttributeTypeOfDynamoJson() throws Exception {
        JsonNode image = JSON.readTree("""
                {"s": {"S": "x"}, "n": {"N": "1.5"}, "b": {"B": "AQI="}, "t": {"BOOL": true}, "z": {"NULL": true},
                 "m": {"M": {"k": {"S": "v"}}}, "l": {"L": [{"N": "1"}, {"S": "a"}]}, "ss": {"SS": ["a", "b"]},
                 "ns": {"NS": ["1", "2"]}, "bs": {"BS": ["AQ=="]}}""");
        var item = DynamoJson.item(image);
        assertThat(item.get("s")).isEqualTo(AttributeValue.fromS("x"));
        assertThat(item.get("n").n()).isEqualTo("1.5");
        assertThat(item.get("b").b().asByteArray()).containsExactly(1, 2);
        assertThat(item.get("t").bool()).isTrue();
        assertThat(item.get("z").nul()).isTrue();
        assertThat(item.get("m").m().get("k").s()).isEqualTo("v");
        assertThat(item.get("l").l()).extracting(AttributeValue::type).hasSize(2);
        assertThat(item.get("ss").ss()).containsExactly("a", "b");
        assertThat(item.get("ns").ns()).containsExactly("1", "2");
        assertThat(item.get("bs").bs()).hasSize(1);
        assertThatThrownBy(() -> DynamoJson.value(JSON.readTree("{\"S\": \"a\", \"N\": \"1\"}"))).isInstanceOf(IllegalArgumentException.class);
    }
}
