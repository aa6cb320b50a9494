package dev.metering.core.usage;

import dev.metering.core.budget.Tags;
import dev.metering.core.ledger.EntryKind;
import dev.metering.core.ledger.LedgerEntry;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.BiFunction;

/**
 * A cycle's debits of one day (in the account's time zone, by {@code occurredAt}) that carry one
 * value of one tag key, added up: what {@code /usage?groupBy=tag:<key>} reads. At most
 * {@link #VALUES_PER_KEY} values of a key are told apart per cycle; the debits of any other value
 * are counted under {@link #OTHER}, so the cells of a key never grow past that many per day.
 */
public record TagCell(Key key, Tally tally) {

    public static final int VALUES_PER_KEY = 1_000;
    /** The values past the first thousand of a key in a cycle; no tag value can be it (parentheses are not in the alphabet). */
    public static final String OTHER = "(other)";

    public record Key(LocalDate day, String tag, String value) {
        public Key {
            Objects.requireNonNull(day, "day");
            Objects.requireNonNull(tag, "tag");
            Objects.requireNonNull(value, "value");
        }
    }

    /**
     * The debits among {@code entries}, added up per day, key and value, each value as {@code told}
     * says it is told apart (itself, or {@link #OTHER}), in the order the cells first appear.
     */
    public static List<TagCell> of(List<LedgerEntry> entries, ZoneId zone, BiFunction<String, String, String> told) {
        // The debits of a day that carry the same tags first, added up once for all their keys: most carry the same
        // ones. Groups keep the order of their first debits, so the cells keep the order they first appear in.
        Map<DayTags, Tally.Sum> groups = new LinkedHashMap<>();
        for (LedgerEntry e : entries) {
            if (e.kind() != EntryKind.DEBIT || e.tags().isEmpty()) {
                continue;
            }
            groups.computeIfAbsent(new DayTags(LocalDate.ofInstant(e.occurredAt(), zone), e.tags()), k -> new Tally.Sum()).add(e);
        }
        Map<Key, Tally> cells = new LinkedHashMap<>();
        groups.forEach((group, sum) -> {
            Tally tally = sum.tally();
            group.tags().values().forEach((tag, value) -> cells.merge(new Key(group.day(), tag, told.apply(tag, value)), tally, Tally::plus));
        });
        List<TagCell> out = new ArrayList<>();
        cells.forEach((key, tally) -> out.add(new TagCell(key, tally)));
        return out;
    }

    private record DayTags(LocalDate day, Tags tags) {}
}
