package dev.metering.core.usage;

import dev.metering.core.ledger.EntryKind;
import dev.metering.core.ledger.LedgerEntry;
import dev.metering.core.money.Money;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/** Totals of a cycle's debits grouped by model, source and/or day (in the account's time zone). */
public final class UsageSummary {

    public static final Set<String> DIMENSIONS = Set.of("model", "source", "day");

    /** One group: its key, how many events, their cost and their tokens. */
    public record Group(Map<String, String> key, long events, Money cost, long inputTokens, long outputTokens,
                        long cacheWriteTokens, long cacheReadTokens) {}

    private UsageSummary() {}

    public static List<Group> group(List<LedgerEntry> entries, List<String> dimensions, ZoneId zone) {
        Map<String, Group> groups = new TreeMap<>();
        for (LedgerEntry e : entries) {
            if (e.kind() != EntryKind.DEBIT) {
                continue;
            }
            Map<String, String> key = new LinkedHashMap<>();
            for (String dimension : dimensions) {
                key.put(dimension, switch (dimension) {
                    case "model" -> e.model();
                    case "source" -> e.source();
                    case "day" -> LocalDate.ofInstant(e.occurredAt(), zone).toString();
                    default -> throw new IllegalArgumentException("unknown dimension " + dimension);
                });
            }
            groups.merge(key.toString(), new Group(key, 1, e.cost(), e.tokens().input(), e.tokens().output(),
                    e.tokens().cacheWrites(), e.tokens().cacheRead()), UsageSummary::add);
        }
        return new ArrayList<>(groups.values());
    }

    private static Group add(Group a, Group b) {
        return new Group(a.key(), a.events() + b.events(), a.cost().plus(b.cost()), a.inputTokens() + b.inputTokens(),
                a.outputTokens() + b.outputTokens(), a.cacheWriteTokens() + b.cacheWriteTokens(), a.cacheReadTokens() + b.cacheReadTokens());
    }
}
