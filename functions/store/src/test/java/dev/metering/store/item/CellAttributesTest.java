package dev.metering.store.item;

import static org.assertj.core.api.Assertions.assertThat;

import dev.metering.core.money.Money;
import dev.metering.core.price.TokenUsage;
import dev.metering.core.usage.Tally;
import dev.metering.core.usage.TagCell;
import dev.metering.core.usage.UsageCell;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.LongRange;
import net.jqwik.api.constraints.StringLength;
import net.jqwik.api.constraints.AlphaChars;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/** The cells' attributes built directly for a debit's write are exactly what their schemas write of them. */
class CellAttributesTest {

    @Property(tries = 300)
    void aUsageCellIsBuiltAsItsSchemaWritesIt(@ForAll @LongRange(min = 0, max = 4_000_000_000L) long seconds,
                                              @ForAll @LongRange(min = 0, max = Long.MAX_VALUE / 4) long nanos,
                                              @ForAll @LongRange(min = 0, max = 1_000_000_000L) long tokens,
                                              @ForAll @AlphaChars @StringLength(min = 1, max = 40) String model) {
        Instant cycleStart = Instant.ofEpochSecond(seconds);
        UsageCell cell = new UsageCell(new UsageCell.Key(LocalDate.ofEpochDay(seconds / 86_400), model, "agent-sdk"), tokens + 1,
                Money.ofNanos(nanos), Money.ofNanos(nanos / 3), Money.ofNanos(nanos / 5), Money.ofNanos(nanos / 7),
                new TokenUsage(tokens, tokens / 2, tokens / 3, tokens / 5, tokens / 7));
        assertThat(UsageCellItem.incrementAttributes("acct_" + model, cycleStart, cell))
                .isEqualTo(UsageCellItem.SCHEMA.itemToMap(UsageCellItem.increment("acct_" + model, cycleStart, cell), true));
    }

    @Property(tries = 300)
    void tagCellsAreBuiltAsTheirSchemaWritesThem(@ForAll @LongRange(min = 0, max = 4_000_000_000L) long seconds,
                                                 @ForAll @LongRange(min = 0, max = Long.MAX_VALUE / 4) long nanos,
                                                 @ForAll @LongRange(min = 0, max = 1_000_000_000L) long tokens,
                                                 @ForAll @AlphaChars @StringLength(min = 1, max = 40) String value) {
        Instant cycleStart = Instant.ofEpochSecond(seconds);
        List<TagCell> cells = List.of(
                new TagCell(new TagCell.Key(LocalDate.ofEpochDay(seconds / 86_400), "pipeline", value),
                        new Tally(tokens + 1, Money.ofNanos(nanos), Money.ofNanos(nanos / 3), Money.ofNanos(nanos / 5), Money.ofNanos(nanos / 7),
                                new TokenUsage(tokens, tokens / 2, tokens / 3, tokens / 5, tokens / 7))),
                new TagCell(new TagCell.Key(LocalDate.ofEpochDay(seconds / 86_400 + 1), "team", TagCell.OTHER),
                        new Tally(1, Money.ofNanos(nanos / 2), Money.ZERO, Money.ZERO, Money.ofNanos(nanos / 2), new TokenUsage(tokens, 0, 0, 0, 0))));
        List<Map<String, AttributeValue>> built = TagCellItem.incrementAttributes("acct_" + value, cycleStart, cells);
        assertThat(built).hasSize(2);
        for (int i = 0; i < cells.size(); i++) {
            assertThat(built.get(i)).isEqualTo(TagCellItem.SCHEMA.itemToMap(TagCellItem.increment("acct_" + value, cycleStart, cells.get(i)), true));
        }
    }
}
