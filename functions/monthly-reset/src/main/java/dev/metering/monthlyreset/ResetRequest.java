package dev.metering.monthlyreset;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.Set;

/**
 * What a run is asked to do: {@code {"asOf": "...", "dryRun": false}}, or the scheduler's event,
 * whose {@code time} is the scheduled instant (without either, the run is as of now); or
 * {@code {"reconcile": {"accountId": "...", "cycleStart": "..."}}}, which writes nothing.
 *
 * @param reconcile the cycle to reconcile, or null for a reset run
 */
public record ResetRequest(Instant asOf, boolean dryRun, Reconcile reconcile) {

    /** A cycle to recompute from its ledger. */
    public record Reconcile(String accountId, Instant cycleStart) {}

    private static final Set<String> RECONCILE_FIELDS = Set.of("accountId", "cycleStart");

    public static ResetRequest of(JsonNode input, Instant now) {
        if (input == null || input.isNull() || input.isMissingNode()) {
            return new ResetRequest(now, false, null);
        }
        if (!input.isObject()) {
            throw new IllegalArgumentException("input: expected a JSON object, got " + input.getNodeType().name().toLowerCase());
        }
        if (input.has("reconcile")) {
            return new ResetRequest(now, false, reconcile(input.get("reconcile")));
        }
        Instant asOf = now;
        if (input.has("asOf")) {
            asOf = instant(input.get("asOf"), "asOf");
        } else if (input.has("time")) {
            asOf = instant(input.get("time"), "time");
        }
        boolean dryRun = false;
        if (input.has("dryRun") && !input.get("dryRun").isNull()) {
            if (!input.get("dryRun").isBoolean()) {
                throw new IllegalArgumentException("dryRun: must be true or false");
            }
            dryRun = input.get("dryRun").booleanValue();
        }
        return new ResetRequest(asOf, dryRun, null);
    }

    private static Reconcile reconcile(JsonNode node) {
        if (!node.isObject()) {
            throw new IllegalArgumentException("reconcile: expected {\"accountId\": ..., \"cycleStart\": ...}");
        }
        node.fieldNames().forEachRemaining(name -> {
            if (!RECONCILE_FIELDS.contains(name)) {
                throw new IllegalArgumentException("reconcile." + name + ": unknown field (accountId and cycleStart only)");
            }
        });
        JsonNode account = node.get("accountId");
        if (account == null || !account.isTextual() || account.textValue().isBlank()) {
            throw new IllegalArgumentException("reconcile.accountId: required, a string");
        }
        JsonNode start = node.get("cycleStart");
        if (start == null) {
            throw new IllegalArgumentException("reconcile.cycleStart: required, an ISO-8601 instant");
        }
        return new Reconcile(account.textValue(), instant(start, "reconcile.cycleStart"));
    }

    private static Instant instant(JsonNode node, String field) {
        if (!node.isTextual()) {
            throw new IllegalArgumentException(field + ": must be an ISO-8601 instant string");
        }
        try {
            return OffsetDateTime.parse(node.textValue()).toInstant();
        } catch (DateTimeParseException e) {
            throw new IllegalArgumentException(field + ": not an ISO-8601 instant with offset: '" + node.textValue() + "'");
        }
    }
}
