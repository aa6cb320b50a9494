package dev.metering.core.usage;

import static org.assertj.core.api.Assertions.assertThat;

import dev.metering.core.budget.Tags;
import dev.metering.core.ledger.EntryKind;
import dev.metering.core.ledger.LedgerEntry;
import dev.metering.core.money.Money;
import dev.metering.core.price.TokenUsage;
import dev.metering.core.source.PoolKind;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.BiFunction;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.IntRange;

/**
 * A write's tag cells are each entry's whole debit added to the cell of every tag it carries, on
 * the day it occurred, in the order the cells first appear, with the values told apart as the
 * cycle tells them: the same as adding entry by entry, tag by tag.
 */
class TagCellTest {

    private static final Instant START = Instant.parse("2027-01-01T00:00:00Z");
    private static final ZoneId ZONE = ZoneId.of("America/New_York");

    @Property(tries = 500)
    void cellsAreTheEntriesAddedUpByDayKeyAndValue(@ForAll("entries") List<LedgerEntry> entries, @ForAll @IntRange(min = 0, max = 4) int room) {
        assertThat(TagCell.of(entries, ZONE, teller(room))).isEqualTo(oneByOne(entries, teller(room)));
    }

    /** A cycle with room for {@code room} new values per key: the rest are told as OTHER, in the order they are asked about. */
    private static BiFunction<String, String, String> teller(int room) {
        Map<String, Set<String>> admitted = new TreeMap<>();
        return (tag, value) -> {
            Set<String> values = admitted.computeIfAbsent(tag, k -> new HashSet<>());
            if (values.contains(value) || values.size() < room && values.add(value)) {
                return value;
            }
            return TagCell.OTHER;
        };
    }

    private static List<TagCell> oneByOne(List<LedgerEntry> entries, BiFunction<String, String, String> told) {
        Map<TagCell.Key, Tally> cells = new LinkedHashMap<>();
        for (LedgerEntry e : entries) {
            if (e.kind() != EntryKind.DEBIT) {
                continue;
            }
            LocalDate day = LocalDate.ofInstant(e.occurredAt(), ZONE);
            e.tags().values().forEach((tag, value) -> cells.merge(new TagCell.Key(day, tag, told.apply(tag, value)), Tally.of(e), Tally::plus));
        }
        List<TagCell> out = new ArrayList<>();
        cells.forEach((key, tally) -> out.add(new TagCell(key, tally)));
        return out;
    }

    @Provide
    Arbitrary<List<LedgerEntry>> entries() {
        Arbitrary<Tags> tags = Arbitraries.maps(Arbitraries.of("pipeline", "team", "task"), Arbitraries.of("a", "b", "c", "d", "e", "f"))
                .ofMaxSize(3).map(Tags::of);
        Arbitrary<LedgerEntry> entry = net.jqwik.api.Combinators.combine(tags, Arbitraries.integers().between(0, 72 * 60),
                Arbitraries.longs().between(0, 5_000_000_000L), Arbitraries.of(EntryKind.DEBIT, EntryKind.DEBIT, EntryKind.DEBIT, EntryKind.GRANT))
                .as((carried, minutes, nanos, kind) -> new LedgerEntry("evt:" + minutes + "-" + nanos, kind, PoolKind.PROGRAMMATIC,
                        START.plusSeconds(minutes * 60L), START, Money.ofNanos(nanos), Money.ZERO, Money.ZERO, "e", "agent-sdk",
                        "claude-sonnet-4-5", START.plusSeconds(minutes * 60L), false, Money.ofNanos(nanos), new TokenUsage(minutes, 1, 0, 0, 2),
                        null, LedgerEntry.Marks.NONE, "h", null, null).tagged(carried));
        return entry.list().ofMaxSize(30);
    }
}
