package dev.metering.poolapi;

import com.fasterxml.jackson.databind.JsonNode;
import dev.metering.store.recording.QuarantineReplay;
import java.time.Instant;
import java.util.Set;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

/** The body of a quarantine replay, refused by the field at fault. */
final class ReplayRequests {

    private ReplayRequests() {}

    @Schema(name = "ReplayRequest", additionalProperties = Schema.False.class, description = "Which held bodies to put through the recorder's rules again, oldest first")
    public record ReplayRequest(
            @Schema(required = true, format = "date-time", pattern = Params.INSTANT_PATTERN, description = "first seen at or after") String since,
            @Schema(format = "date-time", pattern = Params.INSTANT_PATTERN, description = "first seen at or before") String until,
            @Schema(minLength = 1, maxLength = 200, description = "only bodies whose reason starts so, e.g. \"model:\"") String reasonStartsWith,
            @Schema(minimum = "1", maximum = "500", defaultValue = "100") Integer limit,
            @Schema(minLength = 1, description = "nextCursor of the previous call, with the same window") String cursor) {

        static final Set<String> FIELDS = Set.of("since", "until", "reasonStartsWith", "limit", "cursor");
    }

    static QuarantineReplay.Window replay(JsonNode json) {
        JsonBody body = JsonBody.of(json, ReplayRequest.FIELDS);
        Instant since = Params.instant("since", body.requiredText("since"));
        Instant until = Params.instant("until", body.optionalText("until"));
        if (until != null && until.isBefore(since)) {
            throw ApiProblem.badRequest("until", "before since");
        }
        String reason = body.optionalText("reasonStartsWith");
        if (reason != null && (reason.isEmpty() || reason.length() > 200)) {
            throw ApiProblem.badRequest("reasonStartsWith", "1 to 200 characters");
        }
        int limit = (int) body.wholeNumber("limit", 1, QuarantineReplay.MAX_LIMIT, 100);
        String cursor = body.optionalText("cursor");
        if (cursor != null && cursor.isEmpty()) {
            throw ApiProblem.badRequest("cursor", "empty: leave it out to start from since");
        }
        return new QuarantineReplay.Window(since, until, reason, limit, cursor);
    }
}
