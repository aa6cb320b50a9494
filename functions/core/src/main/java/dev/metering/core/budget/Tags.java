package dev.metering.core.budget;

import java.util.Collections;
import java.util.Map;
import java.util.Optional;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * An event's tags: at most {@link #MAX_ENTRIES} keys, each naming one value, which budgets match and
 * usage groups by (a pipeline, a team, a task). A value: equal when the maps are, compared and hashed
 * by its canonical line, made once (a recorder looks a batch's tags up several times over).
 */
public final class Tags {

    public static final int MAX_ENTRIES = 8;
    public static final String KEY_PATTERN = "^[a-z][a-z0-9_.-]{0,31}$";
    public static final String VALUE_PATTERN = "^[A-Za-z0-9._:/@-]{1,128}$";
    public static final String KEY_RULE = "1-32 characters of [a-z0-9_.-], the first a letter";
    public static final String VALUE_RULE = "1-128 characters of [A-Za-z0-9._:/@-]";
    public static final Tags NONE = new Tags(new TreeMap<>());

    private final SortedMap<String, String> values;
    /** The canonical line: the alphabets hold neither {@code ;} nor {@code =}, so two sets are equal exactly when their lines are. */
    private final String canonical;

    public Tags(SortedMap<String, String> values) {
        this.values = Collections.unmodifiableSortedMap(new TreeMap<>(values));
        if (values.size() > MAX_ENTRIES) {
            throw new IllegalArgumentException("more than " + MAX_ENTRIES + " tags");
        }
        values.forEach((key, value) -> {
            if (!validKey(key) || !validValue(value)) {
                throw new IllegalArgumentException("not a tag: " + key + "=" + value);
            }
        });
        StringBuilder line = new StringBuilder();
        this.values.forEach((key, value) -> line.append(line.isEmpty() ? "" : ";").append(key).append('=').append(value));
        this.canonical = line.toString();
    }

    public SortedMap<String, String> values() {
        return values;
    }

    @Override
    public boolean equals(Object other) {
        return other == this || other instanceof Tags that && canonical.equals(that.canonical);
    }

    @Override
    public int hashCode() {
        return canonical.hashCode();
    }

    @Override
    public String toString() {
        return "Tags" + values;
    }

    public static Tags of(Map<String, String> values) {
        return values == null || values.isEmpty() ? NONE : new Tags(new TreeMap<>(values));
    }

    /** {@link #KEY_PATTERN}, checked character by character: every event's tags pass here twice. */
    public static boolean validKey(String key) {
        if (key == null || key.isEmpty() || key.length() > 32 || !lower(key.charAt(0))) {
            return false;
        }
        for (int i = 1; i < key.length(); i++) {
            char c = key.charAt(i);
            if (!lower(c) && !digit(c) && c != '_' && c != '.' && c != '-') {
                return false;
            }
        }
        return true;
    }

    /** {@link #VALUE_PATTERN}, checked character by character. */
    public static boolean validValue(String value) {
        if (value == null || value.isEmpty() || value.length() > 128) {
            return false;
        }
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            if (!lower(c) && !digit(c) && !(c >= 'A' && c <= 'Z') && "._:/@-".indexOf(c) < 0) {
                return false;
            }
        }
        return true;
    }

    private static boolean lower(char c) {
        return c >= 'a' && c <= 'z';
    }

    private static boolean digit(char c) {
        return c >= '0' && c <= '9';
    }

    public Optional<String> get(String key) {
        return Optional.ofNullable(values.get(key));
    }

    public boolean isEmpty() {
        return values.isEmpty();
    }

    /** One canonical line, keys in order: {@code key=value;key=value}. */
    public String canonical() {
        return canonical;
    }
}
