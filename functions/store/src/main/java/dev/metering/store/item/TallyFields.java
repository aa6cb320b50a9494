package dev.metering.store.item;

import dev.metering.core.money.Money;
import dev.metering.core.usage.Tally;
import java.util.List;
import software.amazon.awssdk.enhanced.dynamodb.TableSchema;

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

    Tally toTally() {
        return new Tally(events, cost, credit, extraUsage, overrun, tokens.toUsage());
    }
}
