package dev.metering.core.budget;

import java.util.Optional;

/**
 * What a budget counts: every programmatic event ({@code ALL}), those of one source, or those
 * carrying one tag value.
 */
public record BudgetMatch(String source, String tag, String value) {

    public static final BudgetMatch ALL = new BudgetMatch(null, null, null);

    public BudgetMatch {
        if (source != null && (tag != null || value != null)) {
            throw new IllegalArgumentException("a budget matches a source or a tag, not both");
        }
        if ((tag == null) != (value == null)) {
            throw new IllegalArgumentException("a tag match needs both its key and its value");
        }
        if (tag != null && (!Tags.validKey(tag) || !Tags.validValue(value))) {
            throw new IllegalArgumentException("not a tag: " + tag + "=" + value);
        }
    }

    public static BudgetMatch source(String source) {
        return new BudgetMatch(source, null, null);
    }

    public static BudgetMatch tag(String key, String value) {
        return new BudgetMatch(null, key, value);
    }

    /** Whether an event (or a request) of {@code source} with {@code tags} is counted. */
    public boolean matches(String eventSource, Tags tags) {
        if (source != null) {
            return source.equals(eventSource);
        }
        if (tag != null) {
            Optional<String> carried = tags.get(tag);
            return carried.isPresent() && carried.get().equals(value);
        }
        return true;
    }
}
