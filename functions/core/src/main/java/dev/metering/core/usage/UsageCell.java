package dev.metering.core.usage;

import dev.metering.core.ledger.EntryKind;
import dev.metering.core.ledger.LedgerEntry;
import dev.metering.core.money.Money;
import dev.metering.core.price.TokenUsage;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * A cycle's debits of one day (in the account's time zone, by {@code occurredAt}), one model and
 * one source, added up: the finest grain {@code /usage} groups by, so that every grouping is a sum
 * of cells and a cycle's usage is read from its cells, never from its ledger. A cell's size does
 * not depend on how many events it counts.
 */
public record UsageCell(Key key, long events, Money cost, Money credit, Money extraUsage, Money overrun, TokenUsage tokens) {

    public record Key(LocalDate day, String model, String source) implements Comparable<Key> {
        public Key {
            Objects.requireNonNull(day, "day");
            Objects.requireNonNull(model, "model");
            Objects.requireNonNull(source, "source");
        }

        public static Key of(LedgerEntry debit, ZoneId zone) {
            return new Key(LocalDate.ofInstant(debit.occurredAt(), zone), debit.model(), debit.source());
        }

        @Override
        public int compareTo(Key other) {
            int byDay = day.compareTo(other.day);
            if (byDay != 0) {
                return byDay;
            }
            int byModel = model.compareTo(other.model);
            return byModel != 0 ? byModel : source.compareTo(other.source);
        }
    }

    /** One debit as a cell of one event. */
    public static UsageCell of(LedgerEntry debit, ZoneId zone) {
        if (debit.kind() != EntryKind.DEBIT) {
            throw new IllegalArgumentException("only debits are usage: " + debit.entryId() + " is " + debit.kind());
        }
        return new UsageCell(Key.of(debit, zone), 1, debit.cost(), debit.credit(), debit.extraUsage(), debit.overrun(), debit.tokens());
    }

    /** The debits among {@code entries}, added up per cell, in the order their cells first appear. */
    public static List<UsageCell> of(List<LedgerEntry> entries, ZoneId zone) {
        Map<Key, UsageCell> cells = new LinkedHashMap<>();
        for (LedgerEntry e : entries) {
            if (e.kind() == EntryKind.DEBIT) {
                UsageCell one = of(e, zone);
                cells.merge(one.key(), one, UsageCell::plus);
            }
        }
        return new ArrayList<>(cells.values());
    }

    /** Both cells' counts together; exact, and an overflow is an error rather than a wrapped count. */
    public UsageCell plus(UsageCell other) {
        if (!key.equals(other.key)) {
            throw new IllegalArgumentException("cells " + key + " and " + other.key + " differ");
        }
        TokenUsage t = other.tokens;
        return new UsageCell(key, Math.addExact(events, other.events), cost.plus(other.cost), credit.plus(other.credit),
                extraUsage.plus(other.extraUsage), overrun.plus(other.overrun),
                new TokenUsage(Math.addExact(tokens.input(), t.input()), Math.addExact(tokens.output(), t.output()),
                        Math.addExact(tokens.cacheWrite5m(), t.cacheWrite5m()), Math.addExact(tokens.cacheWrite1h(), t.cacheWrite1h()),
                        Math.addExact(tokens.cacheRead(), t.cacheRead())));
    }
}
