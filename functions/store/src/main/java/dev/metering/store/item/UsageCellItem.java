package dev.metering.store.item;

import static software.amazon.awssdk.enhanced.dynamodb.mapper.StaticAttributeTags.primaryPartitionKey;
import static software.amazon.awssdk.enhanced.dynamodb.mapper.StaticAttributeTags.primarySortKey;

import dev.metering.core.money.Money;
import dev.metering.core.usage.UsageCell;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import software.amazon.awssdk.enhanced.dynamodb.TableSchema;

/**
 * One usage cell of a cycle (a day, a model, a source), written in the debit's transaction. Its
 * counters are only ever added to ({@link AddCounters}), so the item holds a fixed set of numbers
 * however many events it counts, and a debit's cost does not grow with the cycle's age.
 */
public final class UsageCellItem {

    static final String TYPE = "USAGE";
    private static final List<String> COUNTERS = counters();

    String pk;
    String sk;
    String type;
    Instant cycleStart;
    String day;
    String model;
    String source;
    Long events;
    Money cost;
    Money credit;
    Money extraUsage;
    Money overrun;
    TokenFields tokens;

    public static final TableSchema<UsageCellItem> SCHEMA = ItemSchema.of(UsageCellItem.class, UsageCellItem::new)
            .attr(String.class, Keys.PK, primaryPartitionKey())
            .attr(String.class, Keys.SK, primarySortKey())
            .attr(String.class, "type")
            .attr(Instant.class, "cycleStart")
            .attr(String.class, "day")
            .attr(String.class, "model")
            .attr(String.class, "source")
            .attr(Long.class, "events")
            .attr(Money.class, "cost")
            .attr(Money.class, "credit")
            .attr(Money.class, "extraUsage")
            .attr(Money.class, "overrun")
            .flatten(TokenFields.SCHEMA, "tokens")
            .tag(AddCounters.counters(COUNTERS))
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
        item.events = cell.events();
        item.cost = cell.cost();
        item.credit = cell.credit();
        item.extraUsage = cell.extraUsage();
        item.overrun = cell.overrun();
        item.tokens = TokenFields.of(cell.tokens());
        return item;
    }

    public UsageCell toCell() {
        return new UsageCell(new UsageCell.Key(LocalDate.parse(day), model, source), events, cost, credit, extraUsage, overrun,
                tokens.toUsage());
    }

    private static List<String> counters() {
        List<String> names = new ArrayList<>(List.of("events", "cost", "credit", "extraUsage", "overrun"));
        names.addAll(TokenFields.SCHEMA.attributeNames());
        return List.copyOf(names);
    }
}
