package dev.metering.core.price;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import org.junit.jupiter.api.Test;

/**
 * The cost function against the public pricing page: the page's own figures as unit tests, and a
 * property against a formula written from the page's words (never from the code): "batch: 50 %
 * discount", "US-only inference: 1.1x on all token categories, Opus 4.6 and later", "long context:
 * above the threshold the whole request is charged at the long-context rates", "web search: $10
 * per 1,000 searches".
 */
class PricingTest {

    /** After the corrections to the shipped models take effect. */
    private static final Instant AT = Instant.parse("2026-12-08T00:00:00Z");
    private final PriceBook book = PriceBook.load(null);

    private Cost cost(String model, TokenUsage tokens, long searches, ServiceTier tier, InferenceGeo geo) {
        return Pricing.cost(book.rowAt(model, AT).orElseThrow(), new RequestUsage(tokens, searches, tier, geo));
    }

    private static TokenUsage input(long input) {
        return new TokenUsage(input, 0, 0, 0, 0);
    }

    @Test
    void thePagesBatchTableHalvesInputAndOutput() {
        // Batch table: Claude Opus 4.6, $2.50 batch input and $12.50 batch output per MTok.
        assertThat(cost("claude-opus-4-6", new TokenUsage(1_000_000, 1_000_000, 0, 0, 0), 0, ServiceTier.BATCH, InferenceGeo.GLOBAL)
                .total().toUsdString()).isEqualTo("15.000000000");
        // Claude Haiku 4.5: $0.50 and $2.50.
        assertThat(cost("claude-haiku-4-5", new TokenUsage(1_000_000, 1_000_000, 0, 0, 0), 0, ServiceTier.BATCH, InferenceGeo.GLOBAL)
                .total().toUsdString()).isEqualTo("3.000000000");
    }

    @Test
    void thePagesCachingMultipliers() {
        // 5-minute writes 1.25x the base input, 1-hour writes 2x, reads 0.1x: Sonnet 4.5 at $3 -> $3.75, $6, $0.30 per MTok
        // (50,000 tokens of each, below the long-context threshold together).
        Cost cost = cost("claude-sonnet-4-5", new TokenUsage(0, 0, 50_000, 50_000, 50_000), 0, ServiceTier.STANDARD, InferenceGeo.GLOBAL);
        assertThat(cost.part(TokenType.CACHE_WRITE_5M).toUsdString()).isEqualTo("0.187500000");
        assertThat(cost.part(TokenType.CACHE_WRITE_1H).toUsdString()).isEqualTo("0.300000000");
        assertThat(cost.part(TokenType.CACHE_READ).toUsdString()).isEqualTo("0.015000000");
    }

    @Test
    void thePagesLongContextTableForSonnet45() {
        // Above 200K input tokens: $6 input, $22.50 output; 210,000 tokens counted with the cache reads.
        Cost cost = cost("claude-sonnet-4-5", new TokenUsage(10_000, 1_000, 0, 0, 200_000), 0, ServiceTier.STANDARD, InferenceGeo.GLOBAL);
        // 10,000 x 6000 + 1,000 x 22500 + 200,000 x 600
        assertThat(cost.total().nanos()).isEqualTo(60_000_000L + 22_500_000L + 120_000_000L);
        // Exactly 200,000 is not above: base rates.
        Cost at = cost("claude-sonnet-4-5", new TokenUsage(200_000, 1_000, 0, 0, 0), 0, ServiceTier.STANDARD, InferenceGeo.GLOBAL);
        assertThat(at.total().nanos()).isEqualTo(200_000L * 3000 + 1_000L * 15000);
        // With batch and a 1-hour write, the long-context rates halved: 200,001 x 12000 / 2.
        Cost batch = cost("claude-sonnet-4-5", new TokenUsage(0, 0, 0, 200_001, 0), 0, ServiceTier.BATCH, InferenceGeo.GLOBAL);
        assertThat(batch.total().nanos()).isEqualTo(200_001L * 6000);
        // Before the correction's instant, the row shipped first: base rates.
        PriceRow shipped = book.rowAt("claude-sonnet-4-5", Instant.parse("2026-11-26T00:00:00Z")).orElseThrow();
        assertThat(Pricing.cost(shipped, RequestUsage.standard(input(210_000))).total().nanos()).isEqualTo(210_000L * 3000);
    }

    @Test
    void thePagesLongContextForHaiku55() {
        // Above 100K input tokens: $0.50 input, $2.50 output.
        assertThat(cost("claude-haiku-5-5", new TokenUsage(100_001, 1_000_000, 0, 0, 0), 0, ServiceTier.STANDARD, InferenceGeo.GLOBAL)
                .total().nanos()).isEqualTo(100_001L * 500 + 1_000_000L * 2500);
        assertThat(cost("claude-haiku-5-5", new TokenUsage(100_000, 1_000_000, 0, 0, 0), 0, ServiceTier.STANDARD, InferenceGeo.GLOBAL)
                .total().nanos()).isEqualTo(100_000L * 100 + 1_000_000L * 500);
    }

    @Test
    void usOnlyInferenceCostsTenPercentMoreFromOpus46On() {
        Cost global = cost("claude-opus-4-7", new TokenUsage(1_000_000, 1_000_000, 0, 0, 0), 0, ServiceTier.STANDARD, InferenceGeo.GLOBAL);
        Cost us = cost("claude-opus-4-7", new TokenUsage(1_000_000, 1_000_000, 0, 0, 0), 0, ServiceTier.STANDARD, InferenceGeo.US);
        assertThat(global.total().toUsdString()).isEqualTo("30.000000000");
        assertThat(us.total().toUsdString()).isEqualTo("33.000000000");
        // Opus 4.5 predates the parameter: no multiplier.
        assertThat(cost("claude-opus-4-5", input(1_000_000), 0, ServiceTier.STANDARD, InferenceGeo.US).total().toUsdString()).isEqualTo("5.000000000");
        // Before the correction's instant, the row shipped first has none.
        PriceRow shipped = book.rowAt("claude-opus-4-7", Instant.parse("2026-11-26T00:00:00Z")).orElseThrow();
        assertThat(Pricing.cost(shipped, new RequestUsage(input(1_000_000), 0, ServiceTier.STANDARD, InferenceGeo.US)).total().toUsdString())
                .isEqualTo("5.000000000");
    }

    @Test
    void webSearchesCostTenDollarsPerThousandNeverHalved() {
        Cost cost = cost("claude-sonnet-5", input(0), 3, ServiceTier.BATCH, InferenceGeo.US);
        assertThat(cost.webSearch().toUsdString()).isEqualTo("0.030000000");
        assertThat(cost.total().toUsdString()).isEqualTo("0.030000000");
    }

    @Test
    void aRateTheModifiersLeaveInexactHoldsOnlyTheRequestsThatNeedIt() {
        // Opus 4.7: 6.25 x 1.1 / 2 = 3.4375 USD/MTok for batch, US-only 5-minute writes.
        assertThatThrownBy(() -> cost("claude-opus-4-7", new TokenUsage(1, 0, 1, 0, 0), 0, ServiceTier.BATCH, InferenceGeo.US))
                .isInstanceOf(Pricing.InexactPrice.class)
                .hasMessage("claude-opus-4-7: the list rate of batch+us 5-minute cache writes is not a whole number of nano-dollars per token;"
                        + " held until a row prices it exactly");
        // The same request without 5-minute writes is exact: 2750 nano-dollars per input token.
        assertThat(cost("claude-opus-4-7", new TokenUsage(1, 0, 0, 0, 0), 0, ServiceTier.BATCH, InferenceGeo.US).total().nanos()).isEqualTo(2750);
        // Standard US-only writes are exact: 6875.
        assertThat(cost("claude-opus-4-7", new TokenUsage(0, 0, 1, 0, 0), 0, ServiceTier.STANDARD, InferenceGeo.US).total().nanos()).isEqualTo(6875);
        // Haiku 5.5 long-context 5-minute writes in batch: 0.625 / 2.
        assertThatThrownBy(() -> cost("claude-haiku-5-5", new TokenUsage(100_001, 0, 1, 0, 0), 0, ServiceTier.BATCH, InferenceGeo.GLOBAL))
                .hasMessageContaining("batch+long context 5-minute cache writes");
    }

    // ---- the property: the cost function against the page's words ----

    /** The page's list prices, typed from the page (USD per MTok: input, output, 5m write, 1h write, read), for the models drawn. */
    private record PagePrice(String model, String[] base, long above, String[] longContext, boolean usOnly) {}

    private static final List<PagePrice> PAGE = List.of(
            new PagePrice("claude-opus-4-7", new String[] {"5", "25", "6.25", "10", "0.50"}, 0, null, true),
            new PagePrice("claude-sonnet-4-5", new String[] {"3", "15", "3.75", "6", "0.30"}, 200_000,
                    new String[] {"6", "22.50", "7.50", "12", "0.60"}, false),
            new PagePrice("claude-sonnet-4-0", new String[] {"3", "15", "3.75", "6", "0.30"}, 200_000,
                    new String[] {"6", "22.50", "7.50", "12", "0.60"}, false),
            new PagePrice("claude-haiku-5-5", new String[] {"0.10", "0.50", "0.125", "0.20", "0.01"}, 100_000,
                    new String[] {"0.50", "2.50", "0.625", "1.00", "0.05"}, true),
            new PagePrice("claude-fable-5-1", new String[] {"10", "50", "12.50", "20", "0.25"}, 0, null, true),
            new PagePrice("claude-sonnet-5", new String[] {"2", "10", "2.50", "4", "0.20"}, 0, null, true),
            new PagePrice("claude-opus-4-1", new String[] {"15", "75", "18.75", "30", "1.50"}, 0, null, false),
            new PagePrice("claude-haiku-3", new String[] {"0.25", "1.25", "0.30", "0.50", "0.03"}, 0, null, false));

    private record Request(PagePrice page, TokenUsage tokens, long searches, ServiceTier tier, InferenceGeo geo) {}

    @Provide
    Arbitrary<Request> requests() {
        Arbitrary<Long> count = Arbitraries.oneOf(Arbitraries.longs().between(0, 2_000), Arbitraries.longs().between(0, 400_000),
                Arbitraries.of(0L, 1L));
        Arbitrary<Long> nearThreshold = Arbitraries.oneOf(Arbitraries.longs().between(99_990, 100_010),
                Arbitraries.longs().between(199_990, 200_010), Arbitraries.longs().between(0, 300_000));
        Arbitrary<TokenUsage> tokens = Combinators.combine(nearThreshold, count, count, count, count).as((total, out, w5, w1, read) -> {
            // Split an input total near a threshold among input, writes and reads.
            long w5s = Math.min(w5, total);
            long w1s = Math.min(w1, total - w5s);
            long reads = Math.min(read, total - w5s - w1s);
            return new TokenUsage(total - w5s - w1s - reads, out, w5s, w1s, reads);
        });
        return Combinators.combine(Arbitraries.of(PAGE), tokens, Arbitraries.longs().between(0, 50), Arbitraries.of(ServiceTier.class),
                Arbitraries.of(InferenceGeo.class)).as(Request::new);
    }

    @Property(tries = 2000)
    void everyCostIsThePagesPriceExactlyOrItIsHeld(@ForAll("requests") Request r) {
        PagePrice page = r.page();
        long contextTokens = r.tokens().input() + r.tokens().cacheWrite5m() + r.tokens().cacheWrite1h() + r.tokens().cacheRead();
        String[] prices = page.longContext() != null && contextTokens > page.above() ? page.longContext() : page.base();
        BigDecimal factor = BigDecimal.ONE;
        if (r.tier() == ServiceTier.BATCH) {
            factor = factor.multiply(new BigDecimal("0.5"));
        }
        if (page.usOnly() && r.geo() == InferenceGeo.US) {
            factor = factor.multiply(new BigDecimal("1.1"));
        }
        long[] counts = {r.tokens().input(), r.tokens().output(), r.tokens().cacheWrite5m(), r.tokens().cacheWrite1h(), r.tokens().cacheRead()};
        BigDecimal usd = new BigDecimal(r.searches()).multiply(new BigDecimal("10")).divide(new BigDecimal("1000"));
        boolean exact = true;
        for (int i = 0; i < counts.length; i++) {
            BigDecimal perToken = new BigDecimal(prices[i]).multiply(factor).divide(new BigDecimal("1000000"));
            if (counts[i] > 0 && perToken.movePointRight(9).stripTrailingZeros().scale() > 0) {
                exact = false;
            }
            usd = usd.add(perToken.multiply(new BigDecimal(counts[i])));
        }
        PriceRow row = book.rowAt(page.model(), AT).orElseThrow();
        RequestUsage usage = new RequestUsage(r.tokens(), r.searches(), r.tier(), r.geo());
        if (exact) {
            assertThat(Pricing.cost(row, usage).total().nanos()).isEqualTo(usd.movePointRight(9).longValueExact());
        } else {
            assertThatThrownBy(() -> Pricing.cost(row, usage)).isInstanceOf(Pricing.InexactPrice.class);
        }
    }

    @Test
    void theFormulasTableAgreesWithTheBookOnWhichModelsHaveAResidencyMultiplier() {
        Map<String, Boolean> fromPage = Map.of("claude-opus-4-7", true, "claude-sonnet-4-5", false, "claude-haiku-5-5", true);
        fromPage.forEach((model, usOnly) -> assertThat(book.rowAt(model, AT).orElseThrow().usOnlyMultiplier() != null).as(model).isEqualTo(usOnly));
    }
}
