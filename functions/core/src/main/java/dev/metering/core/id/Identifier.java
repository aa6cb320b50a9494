package dev.metering.core.id;

import java.util.Optional;
import java.util.regex.Pattern;

/**
 * The identifiers the system takes from outside, and their one rule each: the usage event's ids,
 * the API's path and body ids, and the API document's patterns all come from here. The alphabets
 * leave out {@code #}, which the table's keys use as a separator, and anything a log or a page
 * would have to escape.
 */
public enum Identifier {

    ACCOUNT("accountId", Identifier.ACCOUNT_PATTERN, 64, "[A-Za-z0-9._-]"),
    ORGANIZATION("organizationId", Identifier.ORGANIZATION_PATTERN, 64, "[A-Za-z0-9._-]"),
    EVENT("eventId", Identifier.EVENT_PATTERN, 128, "[A-Za-z0-9._:-]"),
    ADJUSTMENT("adjustmentId", Identifier.ADJUSTMENT_PATTERN, 128, "[A-Za-z0-9._:-]"),
    SOURCE("source", Identifier.SOURCE_PATTERN, 128, "[A-Za-z0-9._:-]"),
    MODEL("model", Identifier.MODEL_PATTERN, 64, "[a-z0-9._-]");

    /** The patterns as constants, for annotations that describe them (the API document). */
    public static final String ACCOUNT_PATTERN = "^[A-Za-z0-9._-]{1,64}$";
    public static final String ORGANIZATION_PATTERN = "^[A-Za-z0-9._-]{1,64}$";
    public static final String EVENT_PATTERN = "^[A-Za-z0-9._:-]{1,128}$";
    public static final String ADJUSTMENT_PATTERN = "^[A-Za-z0-9._:-]{1,128}$";
    public static final String SOURCE_PATTERN = "^[A-Za-z0-9._:-]{1,128}$";
    /** A model's canonical id or one of its API ids, as a price row names them. */
    public static final String MODEL_PATTERN = "^[a-z0-9._-]{1,64}$";

    private final String field;
    private final Pattern pattern;
    private final int maxLength;
    private final String alphabet;

    Identifier(String field, String pattern, int maxLength, String alphabet) {
        this.field = field;
        this.pattern = Pattern.compile(pattern);
        this.maxLength = maxLength;
        this.alphabet = alphabet;
    }

    /** The field that carries it, in events and request bodies. */
    public String field() {
        return field;
    }

    public int maxLength() {
        return maxLength;
    }

    /** The rule in words, for error messages: "1-64 characters of [A-Za-z0-9._-]". */
    public String rule() {
        return "1-" + maxLength + " characters of " + alphabet;
    }

    public boolean accepts(String value) {
        return value != null && pattern.matcher(value).matches();
    }

    /** The longest an id taken from a bad event is kept or told: stored, logged or notified. */
    public static final int MAX_KEPT = 128;
    private static final int KEPT_PREFIX = MAX_KEPT - "...sha256:".length() - 64;

    /**
     * An id as a bad event carried it, at most {@link #MAX_KEPT} characters: as it is when short enough,
     * else its first characters and the SHA-256 of the whole ({@code "<prefix>...sha256:<hex>"}), so a
     * 200 KB id neither bloats an item, a log line or a notification nor loses what tells it apart.
     */
    public static String clipped(String value) {
        if (value == null || value.length() <= MAX_KEPT) {
            return value;
        }
        int end = Character.isHighSurrogate(value.charAt(KEPT_PREFIX - 1)) ? KEPT_PREFIX - 1 : KEPT_PREFIX;
        return value.substring(0, end) + "...sha256:" + dev.metering.core.data.Sha256.hex(value);
    }

    /** What is wrong with {@code value}, if anything: the first rule it breaks, in words. */
    public Optional<String> problem(String value) {
        if (value == null || value.isEmpty()) {
            return Optional.of("must not be empty");
        }
        if (value.length() > maxLength) {
            return Optional.of("longer than " + maxLength + " characters");
        }
        if (!pattern.matcher(value).matches()) {
            return Optional.of("characters outside " + alphabet);
        }
        return Optional.empty();
    }
}
