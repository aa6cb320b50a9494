package dev.metering.core.usage;

import dev.metering.core.money.Money;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/** Totals of a cycle's usage cells grouped by model, source and/or day (in the account's time zone). */
public final class UsageSummary {

    public static final Set<String> DIMENSIONS = Set.of("model", "source", "day");

    /** One group: its key, how many events, their cost, how it was paid, and their tokens. */
    public record Group(Map<String, String> key, long events, Money cost, Money credit, Money extraUsage, Money overrun,
                        long inputTokens, long outputTokens, long cacheWriteTokens, long cacheReadTokens) {}

    private UsageSummary() {}

    public static List<Group> group(List<UsageCell> cells, List<String> dimensions) {
        Map<String, Group> groups = new TreeMap<>();
        for (UsageCell c : cells) {
            Map<String, String> key = new LinkedHashMap<>();
            for (String dimension : dimensions) {
                key.put(dimension, switch (dimension) {
                    case "model" -> c.key().model();
                    case "source" -> c.key().source();
                    case "day" -> c.key().day().toString();
                    default -> throw new IllegalArgumentException("unknown dimension " + dimension);
                });
            }
            groups.merge(key.toString(), new Group(key, c.events(), c.cost(), c.credit(), c.extraUsage(), c.overrun(),
                    c.tokens().input(), c.tokens().output(), c.tokens().cacheWrites(), c.tokens().cacheRead()), UsageSummary::add);
        }
        return new ArrayList<>(groups.values());
    }

    private static Group add(Group a, Group b) {
        return new Group(a.key(), Math.addExact(a.events(), b.events()), a.cost().plus(b.cost()), a.credit().plus(b.credit()),
                a.extraUsage().plus(b.extraUsage()), a.overrun().plus(b.overrun()), Math.addExact(a.inputTokens(), b.inputTokens()),
                Math.addExact(a.outputTokens(), b.outputTokens()), Math.addExact(a.cacheWriteTokens(), b.cacheWriteTokens()),
                Math.addExact(a.cacheReadTokens(), b.cacheReadTokens()));
    }
}
