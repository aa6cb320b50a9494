package dev.metering.core.usage;

/**
 * Why an event can never be applied. {@code field} names the offending field (empty for the
 * document as a whole) and {@code problem} says what is wrong with it, so that each kind of bad
 * input is told apart in quarantine.
 */
public record Rejection(String field, String problem) {

    public String reason() {
        return field.isEmpty() ? problem : field + ": " + problem;
    }
}
