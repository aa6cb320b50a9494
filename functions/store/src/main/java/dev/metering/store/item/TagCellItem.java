package dev.metering.store.item;

import static software.amazon.awssdk.enhanced.dynamodb.mapper.StaticAttributeTags.primaryPartitionKey;
import static software.amazon.awssdk.enhanced.dynamodb.mapper.StaticAttributeTags.primarySortKey;

import dev.metering.core.usage.Tally;
import dev.metering.core.usage.TagCell;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import software.amazon.awssdk.enhanced.dynamodb.TableSchema;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * One tag cell of a cycle (a key, a value, a day), added to by the debit transactions whose events
 * carry that value, like a usage cell: counters only ({@link AddCounters}), a fixed size however many
 * events it counts. Keyed by key, value, then day, so that a value's days are read together.
 */
public final class TagCellItem {

    static final String TYPE = "TAG_USAGE";

    String pk;
    String sk;
    String type;
    Instant cycleStart;
    String tagKey;
    String tagValue;
    String day;
    TallyFields tally;

    public static final TableSchema<TagCellItem> SCHEMA = ItemSchema.of(TagCellItem.class, TagCellItem::new)
            .attr(String.class, Keys.PK, primaryPartitionKey())
            .attr(String.class, Keys.SK, primarySortKey())
            .attr(String.class, "type")
            .attr(Instant.class, "cycleStart")
            .attr(String.class, "tagKey")
            .attr(String.class, "tagValue")
            .attr(String.class, "day")
            .flatten(TallyFields.SCHEMA, "tally")
            .tag(AddCounters.counters(TallyFields.COUNTERS))
            .build();

    public static TagCellItem increment(String accountId, Instant cycleStart, TagCell cell) {
        TagCellItem item = new TagCellItem();
        item.pk = Keys.account(accountId);
        item.sk = Keys.tagCell(cycleStart, cell.key().tag(), cell.key().value(), cell.key().day());
        item.type = TYPE;
        item.cycleStart = cycleStart;
        item.tagKey = cell.key().tag();
        item.tagValue = cell.key().value();
        item.day = cell.key().day().toString();
        item.tally = TallyFields.of(cell.tally());
        return item;
    }

    /**
     * What {@link #SCHEMA} writes of {@link #increment} for each of {@code cells}, built directly: a
     * debit transaction writes one per tag value it counts, all of one account and cycle, whose
     * common attributes are made once.
     */
    public static List<Map<String, AttributeValue>> incrementAttributes(String accountId, Instant cycleStart, List<TagCell> cells) {
        AttributeValue pk = AttributeValue.fromS(Keys.account(accountId));
        AttributeValue type = AttributeValue.fromS(TYPE);
        AttributeValue start = StoreConverters.INSTANT.transformFrom(cycleStart);
        String time = Keys.time(cycleStart);
        List<Map<String, AttributeValue>> items = new ArrayList<>(cells.size());
        // The keys of the same tags add the same tally: its counters are made once.
        Tally lastTally = null;
        Map<String, AttributeValue> counters = Map.of();
        for (TagCell cell : cells) {
            if (!cell.tally().equals(lastTally)) {
                lastTally = cell.tally();
                counters = new HashMap<>(16);
                TallyFields.put(lastTally, counters);
            }
            Map<String, AttributeValue> item = new HashMap<>(32);
            item.put(Keys.PK, pk);
            item.put(Keys.SK, AttributeValue.fromS(Keys.tagCell(time, cell.key().tag(), cell.key().value(), cell.key().day())));
            item.put("type", type);
            item.put("cycleStart", start);
            item.put("tagKey", AttributeValue.fromS(cell.key().tag()));
            item.put("tagValue", AttributeValue.fromS(cell.key().value()));
            item.put("day", AttributeValue.fromS(cell.key().day().toString()));
            item.putAll(counters);
            items.add(item);
        }
        return items;
    }

    public static TagCell cell(Map<String, AttributeValue> stored) {
        TagCellItem item = SCHEMA.mapToItem(stored);
        return new TagCell(new TagCell.Key(LocalDate.parse(item.day), item.tagKey, item.tagValue), item.tally.toTally());
    }
}
