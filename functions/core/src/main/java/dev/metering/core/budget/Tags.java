package dev.metering.core.budget;

import java.util.Collections;
import java.util.Map;
import java.util.Optional;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.regex.Pattern;

/**
 * An event's tags: at most {@link #MAX_ENTRIES} keys, each naming one value, which budgets match and
 * usage groups by (a pipeline, a team, a task).
 */
public record Tags(SortedMap<String, String> values) {

    public static final int MAX_ENTRIES = 8;
    public static final String KEY_PATTERN = "^[a-z][a-z0-9_.-]{0,31}$";
    public static final String VALUE_PATTERN = "^[A-Za-z0-9._:/@-]{1,128}$";
    public static final String KEY_RULE = "1-32 characters of [a-z0-9_.-], the first a letter";
    public static final String VALUE_RULE = "1-128 characters of [A-Za-z0-9._:/@-]";
    private static final Pattern KEY = Pattern.compile(KEY_PATTERN);
    private static final Pattern VALUE = Pattern.compile(VALUE_PATTERN);
    public static final Tags NONE = new Tags(new TreeMap<>());

    public Tags {
        values = Collections.unmodifiableSortedMap(new TreeMap<>(values));
        if (values.size() > MAX_ENTRIES) {
            throw new IllegalArgumentException("more than " + MAX_ENTRIES + " tags");
        }
        values.forEach((key, value) -> {
            if (!validKey(key) || !validValue(value)) {
                throw new IllegalArgumentException("not a tag: " + key + "=" + value);
            }
        });
    }

    public static Tags of(Map<String, String> values) {
        return values == null || values.isEmpty() ? NONE : new Tags(new TreeMap<>(values));
    }

    public static boolean validKey(String key) {
        return key != null && KEY.matcher(key).matches();
    }

    public static boolean validValue(String value) {
        return value != null && VALUE.matcher(value).matches();
    }

    public Optional<String> get(String key) {
        return Optional.ofNullable(values.get(key));
    }

    public boolean isEmpty() {
        return values.isEmpty();
    }

    /** One canonical line, keys in order: {@code key=value;key=value}. */
    public String canonical() {
        StringBuilder line = new StringBuilder();
        values.forEach((key, value) -> line.append(line.isEmpty() ? "" : ";").append(key).append('=').append(value));
        return line.toString();
    }
}
