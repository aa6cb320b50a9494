package dev.metering.poolapi;

import com.fasterxml.jackson.databind.JsonNode;
import dev.metering.core.id.Identifier;
import dev.metering.core.money.Money;
import dev.metering.core.price.LongContext;
import dev.metering.core.price.ModelRates;
import dev.metering.core.price.PriceRow;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

/** The body of a price put, refused by the field at fault. */
final class PriceRequests {

    /** USD per million tokens, at most 10000: three decimals at most, a whole number of nano-dollars per token. */
    static final String RATE_PATTERN = "^([0-9]{1,4}(\\.[0-9]{1,3})?|10000(\\.0{1,3})?)$";
    /** From 1 to 10, at most four decimals. */
    static final String MULTIPLIER_PATTERN = "^([1-9](\\.[0-9]{1,4})?|10(\\.0{1,4})?)$";
    /** USD per 1,000 searches, at most 1000: six decimals at most, a whole number of nano-dollars per search. */
    static final String FEE_PATTERN = "^([0-9]{1,3}(\\.[0-9]{1,6})?|1000(\\.0{1,6})?)$";
    static final int MAX_IDS = 20;
    private static final Pattern RATE = Pattern.compile(RATE_PATTERN);
    private static final Pattern MULTIPLIER = Pattern.compile(MULTIPLIER_PATTERN);
    private static final Pattern FEE = Pattern.compile(FEE_PATTERN);
    private static final String[] RATES = {"inputUsd", "outputUsd", "cacheWrite5mUsd", "cacheWrite1hUsd", "cacheReadUsd"};

    private PriceRequests() {}

    @Schema(name = "LongContextRequest", additionalProperties = Schema.False.class, description = "The complete second set of rates, for requests whose input is above the threshold")
    public record LongContextRequest(
            @Schema(required = true, minimum = "1", maximum = "100000000",
                    description = "input + cache writes + cache reads strictly above this") long aboveInputTokens,
            @Schema(required = true, pattern = RATE_PATTERN) String inputUsd,
            @Schema(required = true, pattern = RATE_PATTERN) String outputUsd,
            @Schema(required = true, pattern = RATE_PATTERN) String cacheWrite5mUsd,
            @Schema(required = true, pattern = RATE_PATTERN) String cacheWrite1hUsd,
            @Schema(required = true, pattern = RATE_PATTERN) String cacheReadUsd) {

        static final Set<String> FIELDS = Set.of("aboveInputTokens", "inputUsd", "outputUsd", "cacheWrite5mUsd", "cacheWrite1hUsd",
                "cacheReadUsd");
    }

    @Schema(name = "PriceRequest", additionalProperties = Schema.False.class, description = "A price row for the model of the path, from effectiveFrom; rates in USD per million "
            + "tokens. Every rate after batch halving and the US multiplier must be a whole number of nano-dollars per token, "
            + "unless holdInexact: then events that need such a rate are held in the quarantine")
    public record PriceRequest(
            @Schema(required = true, format = "date-time", pattern = Params.INSTANT_PATTERN,
                    description = "a model with a price: at least 10 minutes ahead; a model without one: any instant") String effectiveFrom,
            @Schema(required = true, pattern = RATE_PATTERN) String inputUsd,
            @Schema(required = true, pattern = RATE_PATTERN) String outputUsd,
            @Schema(required = true, pattern = RATE_PATTERN) String cacheWrite5mUsd,
            @Schema(required = true, pattern = RATE_PATTERN) String cacheWrite1hUsd,
            @Schema(required = true, pattern = RATE_PATTERN) String cacheReadUsd,
            @Schema(maxItems = MAX_IDS, description = "API ids that name this model (alias, dated snapshots); added, never removed")
            List<String> ids,
            @Schema(nullable = true) LongContextRequest longContext,
            @Schema(nullable = true, pattern = MULTIPLIER_PATTERN, description = "what inference_geo \"us\" multiplies every token rate by")
            String usOnlyMultiplier,
            @Schema(pattern = FEE_PATTERN, description = "USD per 1,000 web searches; 10 when absent") String webSearchPer1kUsd,
            @Schema(description = "hold, rather than refuse, the rates the modifiers leave at a fraction of a nano-dollar") Boolean holdInexact) {

        static final Set<String> FIELDS = Set.of("effectiveFrom", "inputUsd", "outputUsd", "cacheWrite5mUsd", "cacheWrite1hUsd",
                "cacheReadUsd", "ids", "longContext", "usOnlyMultiplier", "webSearchPer1kUsd", "holdInexact");
    }

    /** The row and the ids a put asks for. */
    record PricePut(PriceRow row, List<String> ids) {}

    static PricePut price(String model, JsonNode json) {
        JsonBody body = JsonBody.of(json, PriceRequest.FIELDS);
        Instant from = Params.instant("effectiveFrom", body.requiredText("effectiveFrom"));
        ModelRates rates = rates(body);
        LongContext longContext = null;
        if (body.hasValue("longContext")) {
            JsonBody lc = body.object("longContext", LongContextRequest.FIELDS);
            long above = lc.wholeNumber("aboveInputTokens", 1, 100_000_000L, -1);
            if (above < 0) {
                throw ApiProblem.badRequest("longContext.aboveInputTokens", "required");
            }
            longContext = new LongContext(above, rates(lc));
        }
        BigDecimal multiplier = null;
        String multiplierText = body.text("usOnlyMultiplier");
        if (multiplierText != null) {
            if (!MULTIPLIER.matcher(multiplierText).matches()) {
                throw ApiProblem.badRequest("usOnlyMultiplier", "a decimal string such as \"1.1\", from 1 to 10 with at most 4 decimals");
            }
            multiplier = new BigDecimal(multiplierText);
        }
        long fee = PriceRow.DEFAULT_WEB_SEARCH_NANOS_PER_1K;
        String feeText = body.optionalText("webSearchPer1kUsd");
        if (feeText != null) {
            if (!FEE.matcher(feeText).matches()) {
                throw ApiProblem.badRequest("webSearchPer1kUsd", "a USD decimal string such as \"10\", at most 1000 with at most 6 decimals "
                        + "(a whole number of nano-dollars per search)");
            }
            fee = Money.parseUsd(feeText).nanos();
        }
        List<String> ids = body.texts("ids", MAX_IDS);
        for (String id : ids) {
            Params.identifier("ids", Identifier.MODEL, id);
        }
        boolean hold = body.bool("holdInexact", false);
        try {
            return new PricePut(new PriceRow(model, from, rates, longContext, multiplier, fee, hold, null, null), ids);
        } catch (IllegalArgumentException e) {
            String message = e.getMessage();
            String field = message.startsWith("usOnlyMultiplier") ? "usOnlyMultiplier"
                    : message.startsWith("webSearchPer1kUsd") ? "webSearchPer1kUsd" : "holdInexact";
            throw ApiProblem.badRequest(field, message.startsWith(field + ": ") ? message.substring(field.length() + 2) : message);
        }
    }

    private static ModelRates rates(JsonBody body) {
        long[] nanos = new long[RATES.length];
        for (int i = 0; i < RATES.length; i++) {
            String text = body.requiredText(RATES[i]);
            if (!RATE.matcher(text).matches()) {
                throw ApiProblem.badRequest(body.name(RATES[i]), "a decimal string of USD per million tokens such as \"6.25\", at most "
                        + "10000 with at most 3 decimals (a whole number of nano-dollars per token): '" + Bounds.clip(text) + "'");
            }
            try {
                nanos[i] = ModelRates.nanosPerToken(text, body.name(RATES[i]));
            } catch (IllegalArgumentException e) {
                throw ApiProblem.badRequest(body.name(RATES[i]), e.getMessage().substring(body.name(RATES[i]).length() + 2));
            }
        }
        return ModelRates.of(nanos[0], nanos[1], nanos[2], nanos[3], nanos[4]);
    }
}
