package dev.metering.store.item;

import dev.metering.core.money.Money;
import dev.metering.core.usage.Tally;
import java.util.List;
import java.util.Map;
import software.amazon.awssdk.enhanced.dynamodb.TableSchema;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * The counters of a cell (events, cost, how it was paid, tokens by type) under their stored names,
 * flattened into the cells that carry them: usage cells and tag cells. Every one of them is only ever
 * added to, so {@link #COUNTERS} is what {@link AddCounters} turns into an {@code ADD}.
 */
final class TallyFields {

    Long events;
    Money cost;
    Money credit;
    Money extraUsage;
    Money overrun;
    TokenFields tokens;

    static final TableSchema<TallyFields> SCHEMA = ItemSchema.of(TallyFields.class, TallyFields::new)
            .attr(Long.class, "events")
            .attr(Money.class, "cost")
            .attr(Money.class, "credit")
            .attr(Money.class, "extraUsage")
            .attr(Money.class, "overrun")
            .flatten(TokenFields.SCHEMA, "tokens")
            .build();

    static final List<String> COUNTERS = List.copyOf(SCHEMA.attributeNames());

    static TallyFields of(Tally t) {
        TallyFields f = new TallyFields();
        f.events = t.events();
        f.cost = t.cost();
        f.credit = t.credit();
        f.extraUsage = t.extraUsage();
        f.overrun = t.overrun();
        f.tokens = TokenFields.of(t.tokens());
        return f;
    }

    /**
     * The counters of {@code t} as {@link #SCHEMA} stores them, put into {@code item}: the same
     * attributes, built directly, since every debit transaction writes them for each cell it adds to.
     */
    static void put(Tally t, Map<String, AttributeValue> item) {
        item.put("events", number(t.events()));
        item.put("cost", number(t.cost().nanos()));
        item.put("credit", number(t.credit().nanos()));
        item.put("extraUsage", number(t.extraUsage().nanos()));
        item.put("overrun", number(t.overrun().nanos()));
        item.put("tokIn", number(t.tokens().input()));
        item.put("tokOut", number(t.tokens().output()));
        item.put("tokW5m", number(t.tokens().cacheWrite5m()));
        item.put("tokW1h", number(t.tokens().cacheWrite1h()));
        item.put("tokRead", number(t.tokens().cacheRead()));
    }

    private static AttributeValue number(long n) {
        return AttributeValue.fromN(Long.toString(n));
    }

    Tally toTally() {
        return new Tally(events, cost, credit, extraUsage, overrun, tokens.toUsage());
    }
}
