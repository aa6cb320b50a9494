package dev.metering.poolapi;

import com.fasterxml.jackson.databind.JsonNode;
import dev.metering.core.id.Identifier;
import dev.metering.core.money.Money;
import dev.metering.core.plan.PlanCatalog;
import dev.metering.core.source.PoolKind;
import dev.metering.store.accounts.AccountService;
import java.time.Instant;
import java.time.ZoneId;
import java.util.Set;
import java.util.regex.Pattern;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

/**
 * The request bodies: each record is the API document's schema of its body, and its {@code parse}
 * builds the request the service takes from a JSON tree, field by field, so that every 400 names
 * the field at fault and no unknown field passes silently.
 */
public final class Requests {

    /** A reason is free text for people; bounded so that a ledger entry stays small. */
    static final int MAX_REASON = 500;

    /** A cap: a USD amount from 0 to 1,000,000 with at most nine decimals. */
    static final String CAP_USD_PATTERN = "^([0-9]{1,6}(\\.[0-9]{1,9})?|1000000(\\.0{1,9})?)$";

    /** An adjustment: a USD amount, not zero, at most 1,000,000 either way, with at most nine decimals. */
    static final String ADJUSTMENT_USD_PATTERN = "^-?("
            + "([1-9][0-9]{0,5}|0[1-9][0-9]{0,4}|00[1-9][0-9]{0,3}|000[1-9][0-9]{0,2}|0000[1-9][0-9]?|00000[1-9])(\\.[0-9]{1,9})?"
            + "|0{1,6}\\.([1-9][0-9]{0,8}|0[1-9][0-9]{0,7}|00[1-9][0-9]{0,6}|000[1-9][0-9]{0,5}|0000[1-9][0-9]{0,4}"
            + "|00000[1-9][0-9]{0,3}|000000[1-9][0-9]{0,2}|0000000[1-9][0-9]?|00000000[1-9])"
            + "|1000000(\\.0{1,9})?)$";
    private static final Pattern CAP_USD = Pattern.compile(CAP_USD_PATTERN);
    private static final Pattern ADJUSTMENT_USD = Pattern.compile(ADJUSTMENT_USD_PATTERN);

    private Requests() {}

    @Schema(name = "AccountRequest", additionalProperties = Schema.False.class)
    public record AccountRequest(
            @Schema(required = true, examples = "max-5x") String plan,
            @Schema(nullable = true, pattern = Identifier.ORGANIZATION_PATTERN, examples = "org_7",
                    description = "absent: kept as it is; null: the seat leaves its organization") String organizationId,
            @Schema(nullable = true, pattern = Params.INSTANT_PATTERN, description = "required to create, immutable after",
                    examples = "2026-11-17T08:00:00Z") String anchor,
            @Schema(nullable = true, description = "IANA time zone (a region, not an offset), default UTC; immutable after creation",
                    examples = "America/Los_Angeles") String timeZone) {

        static final Set<String> FIELDS = Set.of("plan", "organizationId", "anchor", "timeZone");

        static AccountService.Settings parse(JsonNode json, PlanCatalog plans) {
            JsonBody body = JsonBody.of(json, FIELDS);
            String plan = body.requiredText("plan");
            if (plans.find(plan).isEmpty()) {
                throw ApiProblem.badRequest("plan", "unknown plan '" + Bounds.clip(plan) + "' (one of " + String.join(", ", plans.ids()) + ")");
            }
            // Absent keeps the seat's organization; null takes it out of its organization.
            boolean organizationGiven = body.has("organizationId");
            String organization = body.text("organizationId");
            if (organization != null) {
                Params.identifier("organizationId", Identifier.ORGANIZATION, organization);
            }
            Instant anchor = Params.instant("anchor", body.text("anchor"));
            return new AccountService.Settings(plan, organizationGiven, organization, anchor, zone(body.text("timeZone")));
        }

        private static ZoneId zone(String value) {
            if (value == null) {
                return null;
            }
            if (!ZoneId.getAvailableZoneIds().contains(value)) {
                throw ApiProblem.badRequest("timeZone", "not an IANA time zone such as Europe/Berlin: '" + Bounds.clip(value) + "'");
            }
            return ZoneId.of(value);
        }
    }

    @Schema(name = "ExtraUsageRequest", additionalProperties = Schema.False.class)
    public record ExtraUsageRequest(
            @Schema(required = true) boolean enabled,
            @Schema(required = true, nullable = true, pattern = CAP_USD_PATTERN,
                    description = "USD decimal string, at most 1000000; null (written out) for no cap", examples = "50.00") String capUsd) {

        static final Set<String> FIELDS = Set.of("enabled", "capUsd");

        /** The settings asked for; {@code cap} null: no cap. */
        record Parsed(boolean enabled, Money cap) {}

        static Parsed parse(JsonNode json) {
            JsonBody body = JsonBody.of(json, FIELDS);
            boolean enabled = body.requiredBoolean("enabled");
            if (!body.has("capUsd")) {
                throw ApiProblem.badRequest("capUsd", "required: a USD amount, or null for no cap");
            }
            return new Parsed(enabled, body.usd("capUsd", CAP_USD, "from 0 to 1000000 with at most 9 decimals, such as \"50.00\""));
        }
    }

    @Schema(name = "AdjustmentRequest", additionalProperties = Schema.False.class)
    public record AdjustmentRequest(
            @Schema(required = true, enumeration = {"PROGRAMMATIC", "INTERACTIVE"}) String pool,
            @Schema(required = true, pattern = ADJUSTMENT_USD_PATTERN,
                    description = "USD decimal string, not zero, at most 1000000 either way; negative takes unused credit back",
                    examples = "-5.00") String creditUsd,
            @Schema(required = true, minLength = 1, maxLength = MAX_REASON, description = "for people; any text") String reason,
            @Schema(required = true, pattern = Identifier.ADJUSTMENT_PATTERN,
                    description = "the caller's id for this adjustment: the same id with the same body answers the first answer "
                            + "again; with another body, 409") String adjustmentId) {

        static final Set<String> FIELDS = Set.of("pool", "creditUsd", "reason", "adjustmentId");

        static AccountService.Adjustment parse(JsonNode json) {
            JsonBody body = JsonBody.of(json, FIELDS);
            String poolText = body.requiredText("pool");
            PoolKind pool;
            try {
                pool = PoolKind.valueOf(poolText);
            } catch (IllegalArgumentException e) {
                throw ApiProblem.badRequest("pool", "PROGRAMMATIC or INTERACTIVE");
            }
            Money amount = body.usd("creditUsd", ADJUSTMENT_USD,
                    "not zero, at most 1000000 either way, with at most 9 decimals, such as \"-5.00\"");
            if (amount == null) {
                throw ApiProblem.badRequest("creditUsd", "required");
            }
            String reason = body.text("reason");
            if (reason == null || reason.isEmpty() || reason.codePointCount(0, reason.length()) > MAX_REASON) {
                throw ApiProblem.badRequest("reason", "required: 1 to " + MAX_REASON + " characters");
            }
            String adjustmentId = body.text("adjustmentId");
            if (adjustmentId == null) {
                throw ApiProblem.badRequest("adjustmentId", "required: your id for this adjustment, so that a retry applies once");
            }
            Params.identifier("adjustmentId", Identifier.ADJUSTMENT, adjustmentId);
            return new AccountService.Adjustment(pool, amount, reason, adjustmentId);
        }
    }
}
