package dev.metering.store.stream;

import com.fasterxml.jackson.databind.JsonNode;
import dev.metering.core.cycle.CyclePools;
import dev.metering.core.notice.CycleTransitions;
import dev.metering.core.notice.Notice;
import dev.metering.core.notice.BudgetNotices;
import dev.metering.store.item.BudgetSetItem;
import dev.metering.store.item.CycleItem;
import dev.metering.store.item.Keys;
import dev.metering.store.item.QuarantineItem;
import dev.metering.store.organizations.SeatChange;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * One committed write of one item, as the table's stream tells it ({@code NEW_AND_OLD_IMAGES}): the
 * item before and after. Everything told of a write is derived from this record alone: a cycle
 * item carries its pools, its organization and, once closed, its invoice line, so nothing has to be
 * read, and a record delivered again, or the stream replayed, yields the same notices.
 */
public final class TableChange {

    private final String sequenceNumber;
    private final String eventName;
    private final Instant at;
    private final Map<String, AttributeValue> before;
    private final Map<String, AttributeValue> after;

    private TableChange(String sequenceNumber, String eventName, Instant at, Map<String, AttributeValue> before,
                        Map<String, AttributeValue> after) {
        this.sequenceNumber = sequenceNumber;
        this.eventName = eventName;
        this.at = at;
        this.before = before;
        this.after = after;
    }

    /**
     * A record of a DynamoDB stream event as Lambda delivers it.
     *
     * @throws IllegalArgumentException for a record that is not one
     */
    public static TableChange of(JsonNode record) {
        JsonNode change = record.path("dynamodb");
        String sequence = change.path("SequenceNumber").asText(null);
        String eventName = record.path("eventName").asText(null);
        if (sequence == null || eventName == null || !change.isObject()) {
            throw new IllegalArgumentException("not a DynamoDB stream record: it lacks eventName, dynamodb or its SequenceNumber");
        }
        return new TableChange(sequence, eventName, createdAt(change.path("ApproximateCreationDateTime")),
                DynamoJson.item(change.get("OldImage")), DynamoJson.item(change.get("NewImage")));
    }

    /** Lambda gives seconds since the epoch (with a fraction at most); an engine may give an ISO instant. */
    private static Instant createdAt(JsonNode node) {
        if (node.isNumber()) {
            BigDecimal seconds = node.decimalValue();
            return Instant.ofEpochSecond(seconds.longValue(), seconds.remainder(BigDecimal.ONE).movePointRight(9).longValue());
        }
        if (node.isTextual()) {
            return Instant.parse(node.asText());
        }
        throw new IllegalArgumentException("a stream record has an ApproximateCreationDateTime");
    }

    /** Where the stream stands at this record: what a partial batch failure names. */
    public String sequenceNumber() {
        return sequenceNumber;
    }

    /** The item's keys and the kind of write, for logs. */
    public String describe() {
        Map<String, AttributeValue> item = after != null ? after : before;
        String pk = item == null || item.get(Keys.PK) == null ? "?" : item.get(Keys.PK).s();
        String sk = item == null || item.get(Keys.SK) == null ? "?" : item.get(Keys.SK).s();
        return eventName + " " + pk + " " + sk + " (sequence " + sequenceNumber + ")";
    }

    /**
     * The write of a seat's cycle this record is, for its organization's totals; empty for any other
     * item, and for a cycle of a seat in no organization before the write or after it.
     */
    public Optional<SeatChange> seatChange() {
        if (after == null || after.get("type") == null || !CycleItem.TYPE.equals(after.get("type").s())) {
            return Optional.empty();
        }
        CycleItem item = CycleItem.SCHEMA.mapToItem(after);
        String was = before == null ? null : CycleItem.SCHEMA.mapToItem(before).organizationId();
        if (was == null && item.organizationId() == null) {
            return Optional.empty();
        }
        return Optional.of(new SeatChange(was, item.organizationId(), item.toPools(), at));
    }

    /**
     * What this write tells of: the transitions of a cycle item, what a write of an account's budgets
     * crossed, the first sight of a quarantined body; nothing for any other item, nor for a removal (the table removes nothing it tells of).
     */
    public List<Notice> notices() {
        if (after == null) {
            return List.of();
        }
        String type = after.get("type") == null ? "" : after.get("type").s();
        if (CycleItem.TYPE.equals(type)) {
            CycleItem item = CycleItem.SCHEMA.mapToItem(after);
            CyclePools was = before == null ? null : CycleItem.SCHEMA.mapToItem(before).toPools();
            return CycleTransitions.between(was, item.toPools(), item.organizationId(), at);
        }
        if (BudgetSetItem.TYPE.equals(type)) {
            BudgetSetItem item = BudgetSetItem.SCHEMA.mapToItem(after);
            return item.cycle() == null ? List.of() : BudgetNotices.of(item.accountId(), item.organizationId(), item.cycle(), item.crossings());
        }
        if (QuarantineItem.TYPE.equals(type) && before == null) {
            QuarantineItem item = QuarantineItem.SCHEMA.mapToItem(after);
            return List.of(Notice.quarantined(item.quarantineId(), item.reason(), item.eventId(), item.accountId(), item.firstSeen()));
        }
        return List.of();
    }
}
