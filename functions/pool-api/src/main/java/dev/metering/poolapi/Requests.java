package dev.metering.poolapi;

import org.eclipse.microprofile.openapi.annotations.media.Schema;

/**
 * The request bodies, for the API document. Bodies are read as JSON trees and validated field by
 * field (see {@link Params}), so that every 400 names the field at fault.
 */
public final class Requests {

    private Requests() {}

    @Schema(name = "AccountRequest")
    public record AccountRequest(
            @Schema(required = true, examples = "max-5x") String plan,
            @Schema(examples = "org_7") String organizationId,
            @Schema(description = "ISO-8601 instant; required to create, immutable after", examples = "2026-11-17T08:00:00Z") String anchor,
            @Schema(description = "IANA time zone, default UTC; immutable after creation", examples = "America/Los_Angeles") String timeZone) {}

    @Schema(name = "ExtraUsageRequest")
    public record ExtraUsageRequest(
            @Schema(required = true) boolean enabled,
            @Schema(description = "USD decimal string; null for no cap", examples = "50.00", nullable = true) String capUsd) {}

    @Schema(name = "AdjustmentRequest")
    public record AdjustmentRequest(
            @Schema(required = true, enumeration = {"PROGRAMMATIC", "INTERACTIVE"}) String pool,
            @Schema(required = true, description = "USD decimal string; negative takes unused credit back", examples = "-5.00") String creditUsd,
            @Schema(required = true) String reason,
            @Schema(description = "makes a retried request apply once") String adjustmentId) {}
}
