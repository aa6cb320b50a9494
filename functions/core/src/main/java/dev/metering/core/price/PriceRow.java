package dev.metering.core.price;

import dev.metering.core.money.Money;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * A model's list prices from one instant until its next row: the base rates, an optional complete
 * long-context set with its threshold, the US-only residency multiplier, and the web-search fee.
 *
 * <p>Every rate after every modifier (tier, residency, context) is worked out here once, exactly.
 * Money is whole nano-dollars, so a rate that comes to a fraction of one (the page's 6.25 USD/MTok,
 * times 1.1 for US-only inference, halved for batch, is 3437.5 nano-dollars per token) cannot be
 * charged exactly: such a row is refused, unless it says {@code holdInexact}, in which case an event
 * that would need such a rate is held in the quarantine (never rounded) and the rest is priced.
 */
public final class PriceRow {

    /** The fee the public page charges for web searches: $10 per 1,000. */
    public static final long DEFAULT_WEB_SEARCH_NANOS_PER_1K = 10L * Money.NANOS_PER_USD;
    /** The dearest fee a row may carry: $1,000 per 1,000 searches. */
    public static final long MAX_WEB_SEARCH_NANOS_PER_1K = 1_000L * Money.NANOS_PER_USD;
    public static final BigDecimal MAX_MULTIPLIER = BigDecimal.TEN;
    private static final BigDecimal TWO = BigDecimal.valueOf(2);
    private static final int TYPES = TokenType.values().length;

    private final String model;
    private final Instant effectiveFrom;
    private final ModelRates rates;
    private final LongContext longContext;
    private final BigDecimal usOnlyMultiplier;
    private final long webSearchNanosPer1k;
    private final boolean holdInexact;
    private final Instant recordedAt;
    private final String by;
    /** [halved][us][long][type]: the rate after those modifiers, or -1 where it is not a whole number of nano-dollars. */
    private final long[] modified = new long[2 * 2 * 2 * TYPES];
    private final List<String> inexact;

    public PriceRow(String model, Instant effectiveFrom, ModelRates rates, LongContext longContext, BigDecimal usOnlyMultiplier,
                    long webSearchNanosPer1k, boolean holdInexact, Instant recordedAt, String by) {
        if (model == null || model.isEmpty() || effectiveFrom == null || rates == null) {
            throw new IllegalArgumentException("a price row needs its model, effective instant and rates");
        }
        if (usOnlyMultiplier != null && (usOnlyMultiplier.compareTo(BigDecimal.ONE) < 0 || usOnlyMultiplier.compareTo(MAX_MULTIPLIER) > 0
                || usOnlyMultiplier.stripTrailingZeros().scale() > 4)) {
            throw new IllegalArgumentException("usOnlyMultiplier: between 1 and " + MAX_MULTIPLIER + " with at most 4 decimals, not "
                    + usOnlyMultiplier.toPlainString());
        }
        if (webSearchNanosPer1k < 0 || webSearchNanosPer1k > MAX_WEB_SEARCH_NANOS_PER_1K || webSearchNanosPer1k % 1000 != 0) {
            throw new IllegalArgumentException("webSearchPer1kUsd: " + Money.ofNanos(webSearchNanosPer1k).toUsdString()
                    + " is not a whole number of nano-dollars per search, or above " + Money.ofNanos(MAX_WEB_SEARCH_NANOS_PER_1K).toUsdString());
        }
        this.model = model;
        this.effectiveFrom = effectiveFrom;
        this.rates = rates;
        this.longContext = longContext;
        this.usOnlyMultiplier = usOnlyMultiplier == null ? null : usOnlyMultiplier.stripTrailingZeros();
        this.webSearchNanosPer1k = webSearchNanosPer1k;
        this.holdInexact = holdInexact;
        this.recordedAt = recordedAt;
        this.by = by;
        this.inexact = List.copyOf(workOutModifiedRates());
        if (!inexact.isEmpty() && !holdInexact) {
            throw new IllegalArgumentException("not a whole number of nano-dollars per token after its modifiers: " + String.join("; ", inexact)
                    + " (a row may say holdInexact to have the events that need these rates held rather than the row refused)");
        }
    }

    /** A row with the page's defaults: no long context, no residency multiplier, $10 per 1,000 web searches. */
    public static PriceRow of(String model, Instant effectiveFrom, ModelRates rates) {
        return new PriceRow(model, effectiveFrom, rates, null, null, DEFAULT_WEB_SEARCH_NANOS_PER_1K, false, null, null);
    }

    private List<String> workOutModifiedRates() {
        List<String> notWhole = new ArrayList<>();
        for (int halved = 0; halved < 2; halved++) {
            for (int us = 0; us < 2; us++) {
                for (int lc = 0; lc < 2; lc++) {
                    ModelRates set = lc == 1 ? (longContext == null ? null : longContext.rates()) : rates;
                    for (TokenType type : TokenType.values()) {
                        int at = index(halved == 1, us == 1, lc == 1, type);
                        if (set == null) {
                            modified[at] = -1;
                            continue;
                        }
                        BigDecimal rate = BigDecimal.valueOf(set.rate(type));
                        if (us == 1 && usOnlyMultiplier != null) {
                            rate = rate.multiply(usOnlyMultiplier);
                        }
                        if (halved == 1) {
                            rate = rate.divide(TWO);
                        }
                        BigDecimal whole = rate.stripTrailingZeros();
                        if (whole.scale() > 0) {
                            modified[at] = -1;
                            notWhole.add(combination(halved == 1, us == 1 && usOnlyMultiplier != null, lc == 1) + " " + type.wire() + " "
                                    + whole.toPlainString() + " nano-dollars per token");
                        } else {
                            modified[at] = whole.longValueExact();
                        }
                    }
                }
            }
        }
        return notWhole.stream().distinct().toList();
    }

    private static String combination(boolean halved, boolean us, boolean longContext) {
        List<String> parts = new ArrayList<>();
        parts.add(halved ? "batch" : "standard");
        if (us) {
            parts.add("us");
        }
        if (longContext) {
            parts.add("long context");
        }
        return String.join("+", parts);
    }

    private static int index(boolean halved, boolean us, boolean longContext, TokenType type) {
        return (((halved ? 1 : 0) * 2 + (us ? 1 : 0)) * 2 + (longContext ? 1 : 0)) * TYPES + type.ordinal();
    }

    /**
     * The rate of one token type under these modifiers, in nano-dollars per token, or -1 when it is
     * not a whole number of them (only on a row that holds inexact rates).
     */
    long rate(ServiceTier tier, InferenceGeo geo, boolean longContextApplies, TokenType type) {
        return modified[index(tier.halves(), geo == InferenceGeo.US, longContextApplies, type)];
    }

    /** What the modifiers do to a rate that is not whole, in words, for the reason an event is held. */
    String describe(ServiceTier tier, InferenceGeo geo, boolean longContextApplies, TokenType type) {
        return combination(tier.halves(), geo == InferenceGeo.US && usOnlyMultiplier != null, longContextApplies) + " " + type.wire();
    }

    public String model() {
        return model;
    }

    public Instant effectiveFrom() {
        return effectiveFrom;
    }

    public ModelRates rates() {
        return rates;
    }

    public LongContext longContext() {
        return longContext;
    }

    /** Null where the page sets none (a multiplier of 1). */
    public BigDecimal usOnlyMultiplier() {
        return usOnlyMultiplier;
    }

    public long webSearchNanosPer1k() {
        return webSearchNanosPer1k;
    }

    public long webSearchNanosPerSearch() {
        return webSearchNanosPer1k / 1000;
    }

    public boolean holdInexact() {
        return holdInexact;
    }

    /** The modifier combinations whose rates are not whole (empty on a row that needs no holding). */
    public List<String> inexact() {
        return inexact;
    }

    /** When the row was put through the API; null for a row of the bundled book. */
    public Instant recordedAt() {
        return recordedAt;
    }

    /** Who put it; null for a row of the bundled book. */
    public String by() {
        return by;
    }

    public PriceRow recorded(Instant at, String who) {
        return new PriceRow(model, effectiveFrom, rates, longContext, usOnlyMultiplier, webSearchNanosPer1k, holdInexact, at, who);
    }

    /** The same prices from the same instant: what a row says, whoever recorded it and when. */
    public boolean samePrices(PriceRow other) {
        return model.equals(other.model) && effectiveFrom.equals(other.effectiveFrom) && rates.equals(other.rates)
                && Objects.equals(longContext, other.longContext)
                && (usOnlyMultiplier == null ? other.usOnlyMultiplier == null
                        : other.usOnlyMultiplier != null && usOnlyMultiplier.compareTo(other.usOnlyMultiplier) == 0)
                && webSearchNanosPer1k == other.webSearchNanosPer1k && holdInexact == other.holdInexact;
    }

    @Override
    public String toString() {
        return "PriceRow[" + model + " from " + effectiveFrom + ": " + rates.nanosPerToken() + (longContext == null ? "" : ", " + longContext)
                + (usOnlyMultiplier == null ? "" : ", us x" + usOnlyMultiplier.toPlainString()) + ", web search " + webSearchNanosPer1k
                + "/1k" + (holdInexact ? ", holds inexact" : "") + "]";
    }
}
