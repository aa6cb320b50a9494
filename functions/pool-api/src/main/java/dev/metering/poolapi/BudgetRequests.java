package dev.metering.poolapi;

import com.fasterxml.jackson.databind.JsonNode;
import dev.metering.core.budget.Budget;
import dev.metering.core.budget.BudgetMatch;
import dev.metering.core.budget.BudgetWindow;
import dev.metering.core.budget.Tags;
import dev.metering.core.money.Money;
import dev.metering.core.source.PoolKind;
import dev.metering.core.source.SourceCatalog;
import java.time.Instant;
import java.util.Set;
import java.util.regex.Pattern;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

/** The body of a budget put, refused by the field at fault. */
final class BudgetRequests {

    /** Above 0, at most 1,000,000, at most nine decimals. */
    static final String LIMIT_PATTERN = "^(0\\.([1-9][0-9]{0,8}|0[1-9][0-9]{0,7}|00[1-9][0-9]{0,6}|000[1-9][0-9]{0,5}|0000[1-9][0-9]{0,4}"
            + "|00000[1-9][0-9]{0,3}|000000[1-9][0-9]{0,2}|0000000[1-9][0-9]?|00000000[1-9])"
            + "|[1-9][0-9]{0,5}(\\.[0-9]{1,9})?|1000000(\\.0{1,9})?)$";
    private static final Pattern LIMIT = Pattern.compile(LIMIT_PATTERN);

    private BudgetRequests() {}

    @Schema(name = "BudgetMatch", additionalProperties = Schema.False.class, description = "{} for every programmatic event, {\"source\"} for one programmatic source, or "
            + "{\"tag\", \"value\"} for one tag value")
    public record MatchRequest(@Schema(pattern = dev.metering.core.id.Identifier.SOURCE_PATTERN) String source,
                               @Schema(pattern = Tags.KEY_PATTERN) String tag,
                               @Schema(pattern = Tags.VALUE_PATTERN) String value) {
        static final Set<String> FIELDS = Set.of("source", "tag", "value");
    }

    @Schema(name = "BudgetRequest", additionalProperties = Schema.False.class)
    public record BudgetRequest(@Schema(required = true) MatchRequest match,
                                @Schema(required = true, pattern = LIMIT_PATTERN, description = "USD, above 0 and at most 1000000") String limitUsd,
                                @Schema(required = true, enumeration = {"cycle", "day", "hour"}) String window,
                                @Schema(required = true, enumeration = {"pause", "notify"}) String action) {
        static final Set<String> FIELDS = Set.of("match", "limitUsd", "window", "action");
    }

    static Budget parse(String budgetId, JsonNode json, SourceCatalog sources, Instant now, String by) {
        JsonBody body = JsonBody.of(json, BudgetRequest.FIELDS);
        if (!body.hasValue("match")) {
            throw ApiProblem.badRequest("match", "required: {} for every programmatic event, {\"source\"} or {\"tag\", \"value\"}");
        }
        JsonBody match = body.object("match", MatchRequest.FIELDS);
        String source = match.optionalText("source");
        String tag = match.optionalText("tag");
        String value = match.optionalText("value");
        BudgetMatch matching;
        if (source != null) {
            if (tag != null || value != null) {
                throw ApiProblem.badRequest("match", "a source or a tag, not both");
            }
            PoolKind pool = sources.poolOf(source).orElseThrow(() -> ApiProblem.badRequest("match.source", "unknown source '"
                    + Bounds.clip(source) + "'"));
            if (pool != PoolKind.PROGRAMMATIC) {
                throw ApiProblem.badRequest("match.source", "'" + source + "' draws on the interactive pool: budgets count programmatic usage");
            }
            matching = BudgetMatch.source(source);
        } else if (tag != null || value != null) {
            if (!Tags.validKey(tag)) {
                throw ApiProblem.badRequest("match.tag", "required with a value: " + Tags.KEY_RULE);
            }
            if (!Tags.validValue(value)) {
                throw ApiProblem.badRequest("match.value", "required with a tag: " + Tags.VALUE_RULE);
            }
            matching = BudgetMatch.tag(tag, value);
        } else {
            matching = BudgetMatch.ALL;
        }
        Money limit = body.usd("limitUsd", LIMIT, "above 0 and at most 1000000, with at most 9 decimals, such as \"25.00\"");
        if (limit == null) {
            throw ApiProblem.badRequest("limitUsd", "required");
        }
        BudgetWindow window = BudgetWindow.fromWire(body.requiredText("window"))
                .orElseThrow(() -> ApiProblem.badRequest("window", "cycle, day or hour"));
        Budget.Action action = Budget.Action.fromWire(body.requiredText("action"))
                .orElseThrow(() -> ApiProblem.badRequest("action", "pause or notify"));
        return new Budget(budgetId, matching, limit, window, action, now, now, by);
    }
}
