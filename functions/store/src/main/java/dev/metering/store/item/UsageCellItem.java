package dev.metering.store.item;

import static software.amazon.awssdk.enhanced.dynamodb.mapper.StaticAttributeTags.primaryPartitionKey;
import static software.amazon.awssdk.enhanced.dynamodb.mapper.StaticAttributeTags.primarySortKey;

import dev.metering.core.usage.Tally;
import dev.metering.core.usage.UsageCell;
import java.time.Instant;
import java.time.LocalDate;
import java.util.HashMap;
import java.util.Map;
import software.amazon.awssdk.enhanced.dynamodb.TableSchema;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * One usage cell of a cycle (a day, a model, a source), written in the debit's transaction. Its
 * counters are only ever added to ({@link AddCounters}), so the item holds a fixed set of numbers
 * however many events it counts, and a debit's cost does not grow with the cycle's age.
 */
public final class UsageCellItem {

    static final String TYPE = "USAGE";

    String pk;
    String sk;
    String type;
    Instant cycleStart;
    String day;
    String model;
    String source;
    TallyFields tally;

    public static final TableSchema<UsageCellItem> SCHEMA = ItemSchema.of(UsageCellItem.class, UsageCellItem::new)
            .attr(String.class, Keys.PK, primaryPartitionKey())
            .attr(String.class, Keys.SK, primarySortKey())
            .attr(String.class, "type")
            .attr(Instant.class, "cycleStart")
            .attr(String.class, "day")
            .attr(String.class, "model")
            .attr(String.class, "source")
            .flatten(TallyFields.SCHEMA, "tally")
            .tag(AddCounters.counters(TallyFields.COUNTERS))
            .build();

    /** The increments of one transaction to one cell: added to what is stored, or stored as they are. */
    public static UsageCellItem increment(String accountId, Instant cycleStart, UsageCell cell) {
        UsageCellItem item = new UsageCellItem();
        item.pk = Keys.account(accountId);
        item.sk = Keys.usageCell(cycleStart, cell.key().day(), cell.key().model(), cell.key().source());
        item.type = TYPE;
        item.cycleStart = cycleStart;
        item.day = cell.key().day().toString();
        item.model = cell.key().model();
        item.source = cell.key().source();
        item.tally = TallyFields.of(Tally.of(cell));
        return item;
    }

    /** What {@link #SCHEMA} writes of {@link #increment}, built directly: every debit transaction writes at least one. */
    public static Map<String, AttributeValue> incrementAttributes(String accountId, Instant cycleStart, UsageCell cell) {
        Map<String, AttributeValue> item = new HashMap<>(32);
        item.put(Keys.PK, AttributeValue.fromS(Keys.account(accountId)));
        item.put(Keys.SK, AttributeValue.fromS(Keys.usageCell(cycleStart, cell.key().day(), cell.key().model(), cell.key().source())));
        item.put("type", AttributeValue.fromS(TYPE));
        item.put("cycleStart", StoreConverters.INSTANT.transformFrom(cycleStart));
        item.put("day", AttributeValue.fromS(cell.key().day().toString()));
        item.put("model", AttributeValue.fromS(cell.key().model()));
        item.put("source", AttributeValue.fromS(cell.key().source()));
        TallyFields.put(Tally.of(cell), item);
        return item;
    }

    public UsageCell toCell() {
        Tally t = tally.toTally();
        return new UsageCell(new UsageCell.Key(LocalDate.parse(day), model, source), t.events(), t.cost(), t.credit(), t.extraUsage(),
                t.overrun(), t.tokens());
    }
}
