package dev.metering.poolapi;

import dev.metering.core.money.Money;
import dev.metering.core.price.TokenUsage;
import dev.metering.core.usage.Tally;
import java.time.LocalDate;
import java.util.Map;
import java.util.TreeMap;

/**
 * Where a tag grouping goes on: the store's cursor, and what the groups listed so far add up to (per
 * day, or over {@link #ALL_DAYS}), from which the last page tells the events without the key. Signed,
 * like every cursor, by {@link CursorCodec}.
 */
record TagCursor(String store, Map<LocalDate, Tally> sums) {

    /** The key of the sums of a grouping without days. */
    static final LocalDate ALL_DAYS = LocalDate.MIN;

    static TagCursor decode(String text) {
        if (text == null) {
            return new TagCursor(null, Map.of());
        }
        String[] lines = text.split("\n", -1);
        Map<LocalDate, Tally> sums = new TreeMap<>();
        for (int i = 1; i < lines.length; i++) {
            if (lines[i].isEmpty()) {
                continue;
            }
            String[] f = lines[i].split(",");
            sums.put(f[0].equals("*") ? ALL_DAYS : LocalDate.parse(f[0]), new Tally(Long.parseLong(f[1]), Money.ofNanos(Long.parseLong(f[2])),
                    Money.ofNanos(Long.parseLong(f[3])), Money.ofNanos(Long.parseLong(f[4])), Money.ofNanos(Long.parseLong(f[5])),
                    new TokenUsage(Long.parseLong(f[6]), Long.parseLong(f[7]), Long.parseLong(f[8]), Long.parseLong(f[9]), Long.parseLong(f[10]))));
        }
        return new TagCursor(lines[0].isEmpty() ? null : lines[0], sums);
    }

    String encode() {
        StringBuilder text = new StringBuilder(store == null ? "" : store);
        sums.forEach((day, t) -> text.append('\n').append(day.equals(ALL_DAYS) ? "*" : day.toString()).append(',').append(t.events())
                .append(',').append(t.cost().nanos()).append(',').append(t.credit().nanos()).append(',').append(t.extraUsage().nanos())
                .append(',').append(t.overrun().nanos()).append(',').append(t.tokens().input()).append(',').append(t.tokens().output())
                .append(',').append(t.tokens().cacheWrite5m()).append(',').append(t.tokens().cacheWrite1h()).append(',')
                .append(t.tokens().cacheRead()));
        return text.toString();
    }
}
