package dev.metering.core.price;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.StringReader;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The bundled book and its loader: rows, ids, dated lookups, refusals. Costs by hand (USD per MTok x 1000 = nano-dollars per token). */
class PriceBookTest {

    private static final Instant NOW = Instant.parse("2026-11-26T20:00:00Z");
    private final PriceBook book = PriceBook.load(null);

    private Cost cost(String model, ServiceTier tier, TokenUsage usage) {
        return Pricing.cost(book.rowAt(model, NOW).orElseThrow(), new RequestUsage(usage, 0, tier, InferenceGeo.GLOBAL));
    }

    @Test
    void opus47EveryTokenType() {
        // 1200 x 5000 + 340 x 25000 + 100 x 6250 + 200 x 10000 + 5000 x 500
        Cost cost = cost("claude-opus-4-7", ServiceTier.STANDARD, new TokenUsage(1200, 340, 100, 200, 5000));
        assertThat(cost.part(TokenType.INPUT).nanos()).isEqualTo(6_000_000);
        assertThat(cost.part(TokenType.OUTPUT).nanos()).isEqualTo(8_500_000);
        assertThat(cost.part(TokenType.CACHE_WRITE_5M).nanos()).isEqualTo(625_000);
        assertThat(cost.part(TokenType.CACHE_WRITE_1H).nanos()).isEqualTo(2_000_000);
        assertThat(cost.part(TokenType.CACHE_READ).nanos()).isEqualTo(2_500_000);
        assertThat(cost.webSearch().nanos()).isZero();
        assertThat(cost.total().toUsdString()).isEqualTo("0.019625000");
    }

    @Test
    void sonnet46TheDesignSampleEvent() {
        // 1200 x 3000 + 340 x 15000 + 5000 x 300
        assertThat(cost("claude-sonnet-4-6", ServiceTier.STANDARD, new TokenUsage(1200, 340, 0, 0, 5000)).total().toUsdString())
                .isEqualTo("0.010200000");
    }

    @Test
    void opus41OneTokenOfEachType() {
        // 15000 + 75000 + 18750 + 30000 + 1500
        assertThat(cost("claude-opus-4-1", ServiceTier.STANDARD, new TokenUsage(1, 1, 1, 1, 1)).total().nanos()).isEqualTo(140_250);
    }

    @Test
    void haiku35BatchHalvesEveryRateAndPriorityCostsTheStandardRates() {
        // 1000 x (400 + 2000 + 500 + 800 + 40)
        assertThat(cost("claude-haiku-3-5", ServiceTier.BATCH, new TokenUsage(1000, 1000, 1000, 1000, 1000)).total().nanos())
                .isEqualTo(3_740_000);
        assertThat(cost("claude-haiku-3-5", ServiceTier.PRIORITY, new TokenUsage(1000, 1000, 1000, 1000, 1000)))
                .isEqualTo(cost("claude-haiku-3-5", ServiceTier.STANDARD, new TokenUsage(1000, 1000, 1000, 1000, 1000)));
    }

    @Test
    void theCurrentGenerationIsInTheBook() {
        // Claude Sonnet 5: $2 input, $10 output (its model page).
        assertThat(cost("claude-sonnet-5", ServiceTier.STANDARD, new TokenUsage(1_000_000, 1_000_000, 0, 0, 0)).total().toUsdString())
                .isEqualTo("12.000000000");
        for (String model : List.of("claude-fable-5-2", "claude-mythos-5-2", "claude-fable-5-1", "claude-mythos-5-1", "claude-fable-5",
                "claude-mythos-5", "claude-opus-5-5", "claude-opus-5", "claude-opus-4-8", "claude-sonnet-5-5", "claude-sonnet-5",
                "claude-haiku-5-5", "claude-opus-4-0", "claude-sonnet-4-0", "claude-sonnet-3-7", "claude-haiku-3", "claude-opus-3")) {
            assertThat(book.rowAt(model, NOW)).as(model).isPresent();
        }
    }

    @Test
    void sonnet55CacheReadsFellOnTheSeventhOfOctober() {
        assertThat(book.rowAt("claude-sonnet-5-5", Instant.parse("2026-10-06T23:59:59Z")).orElseThrow().rates().rate(TokenType.CACHE_READ))
                .isEqualTo(200);
        assertThat(book.rowAt("claude-sonnet-5-5", Instant.parse("2026-10-07T00:00:00Z")).orElseThrow().rates().rate(TokenType.CACHE_READ))
                .isEqualTo(100);
    }

    @Test
    void apiIdsNameTheirModelAndOnlyExactly() {
        assertThat(book.resolve("claude-sonnet-4-5-20250929")).contains("claude-sonnet-4-5");
        assertThat(book.resolve("claude-haiku-4-5-20251001")).contains("claude-haiku-4-5");
        assertThat(book.resolve("claude-opus-4-1-20250805")).contains("claude-opus-4-1");
        assertThat(book.resolve("claude-3-5-haiku-latest")).contains("claude-haiku-3-5");
        assertThat(book.resolve("claude-opus-4-7")).contains("claude-opus-4-7");
        assertThat(book.resolve("Claude-Opus-4-7")).isEmpty();
        assertThat(book.resolve("claude-opus-4-7 ")).isEmpty();
        assertThat(book.resolve("gpt-4")).isEmpty();
        assertThat(book.knows("gpt-4")).isFalse();
        assertThat(book.idsOf("claude-sonnet-3-7")).containsExactly("claude-3-7-sonnet-20250219", "claude-3-7-sonnet-latest", "claude-sonnet-3-7");
        assertThat(book.models()).contains("claude-haiku-5-5").doesNotContain("claude-sonnet-4-5-20250929");
    }

    @Test
    void anIdCannotNameTwoModelsNorTakeAnotherModelsCanonicalId() {
        PriceRow a = PriceRow.of("a", NOW, ModelRates.of(2, 2, 2, 2, 2));
        PriceRow b = PriceRow.of("b", NOW, ModelRates.of(2, 2, 2, 2, 2));
        assertThatThrownBy(() -> PriceBook.of(List.of(a, b), Map.of("b", "a"))).hasMessageContaining("the id b cannot name a: it names b");
        assertThatThrownBy(() -> PriceBookFile.ids(new StringReader("a,x\nb,x\n"), "ids")).hasMessageContaining("ids line 2: x already names a");
        assertThat(PriceBook.of(List.of(a, b), Map.of("x", "a")).resolve("x")).contains("a");
    }

    @Test
    void rowsPutLaterWinATieAndCannotMoveAnId() {
        PriceRow bundled = PriceRow.of("m", NOW, ModelRates.of(2, 2, 2, 2, 2));
        PriceRow table = PriceRow.of("m", NOW, ModelRates.of(4, 4, 4, 4, 4)).recorded(NOW, "ops");
        PriceRow later = PriceRow.of("m", NOW.plusSeconds(600), ModelRates.of(6, 6, 6, 6, 6));
        PriceBook merged = PriceBook.of(List.of(bundled), Map.of("m-1", "m")).with(List.of(table, later), Map.of("m-1", "other", "m-2", "m"));
        assertThat(merged.rowAt("m", NOW).orElseThrow().rates().rate(TokenType.INPUT)).isEqualTo(4);
        assertThat(merged.rowAt("m", NOW).orElseThrow().by()).isEqualTo("ops");
        assertThat(merged.rowAt("m", NOW.plusSeconds(600)).orElseThrow().rates().rate(TokenType.INPUT)).isEqualTo(6);
        assertThat(merged.rows("m")).hasSize(2);
        assertThat(merged.resolve("m-1")).contains("m");
        assertThat(merged.resolve("m-2")).contains("m");
        assertThat(merged.rowAt("m", NOW.minusMillis(1))).isEmpty();
    }

    @Test
    void aPriceChangeAppliesFromItsInstant() {
        PriceBook changing = PriceBook.parse(new StringReader("""
                2026-01-01T00:00:00Z,m,1,2,3,4,0.5
                2026-11-20T12:00:00Z,m,2,4,6,8,1
                """), "test");
        TokenUsage oneInput = new TokenUsage(1, 0, 0, 0, 0);
        assertThat(changing.ratesAt("m", Instant.parse("2026-11-20T11:59:59.999Z")).orElseThrow().cost(oneInput).total().nanos()).isEqualTo(1000);
        assertThat(changing.ratesAt("m", Instant.parse("2026-11-20T12:00:00Z")).orElseThrow().cost(oneInput).total().nanos()).isEqualTo(2000);
        assertThat(changing.ratesAt("m", Instant.parse("2025-12-31T23:59:59Z"))).isEmpty();
        assertThat(changing.hasPrice("m")).isTrue();
        assertThat(changing.hasPrice("n")).isFalse();
    }

    @Test
    void aSixteenColumnRowCarriesEveryModifier() {
        PriceRow row = PriceBook.parse(new StringReader(
                "2026-01-01T00:00:00Z,m,2,10,2.50,4,0.20,1000,4,20,5,8,0.40,1.1,25,\n"), "test").rows("m").get(0);
        assertThat(row.longContext()).isEqualTo(new LongContext(1000, ModelRates.of(4000, 20000, 5000, 8000, 400)));
        assertThat(row.usOnlyMultiplier()).isEqualByComparingTo("1.1");
        assertThat(row.webSearchNanosPerSearch()).isEqualTo(25_000_000);
        assertThat(row.holdInexact()).isFalse();
        assertThat(row.inexact()).isEmpty();
        PriceRow defaults = PriceBook.parse(new StringReader("2026-01-01T00:00:00Z,m,2,10,2.50,4,0.20,,,,,,,,,no\n"), "test").rows("m").get(0);
        assertThat(defaults.longContext()).isNull();
        assertThat(defaults.usOnlyMultiplier()).isNull();
        assertThat(defaults.webSearchNanosPer1k()).isEqualTo(10_000_000_000L);
    }

    @Test
    void loaderRefusesARateThatIsNotWholeNanoDollarsPerToken() {
        assertThatThrownBy(() -> PriceBook.parse(new StringReader("2026-01-01T00:00:00Z,m,0.0005,2,3,4,1\n"), "book"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("book line 1")
                .hasMessageContaining("not a whole number of nano-dollars");
    }

    @Test
    void loaderRefusesARowWhoseBatchOrResidencyRateWouldNotBeWholeUnlessItHoldsThem() {
        // 0.001 USD/MTok = 1 nano-dollar per token: whole, but half of it is not.
        assertThatThrownBy(() -> PriceBook.parse(new StringReader("2026-01-01T00:00:00Z,m,0.001,2,3,4,1\n"), "book"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("book line 1")
                .hasMessageContaining("batch input 0.5 nano-dollars per token");
        // 6.25 x 1.1 / 2 = 3.4375 USD/MTok.
        assertThatThrownBy(() -> PriceBook.parse(new StringReader("2026-01-01T00:00:00Z,m,5,25,6.25,10,0.50,,,,,,,1.1,,\n"), "book"))
                .hasMessageContaining("batch+us 5-minute cache writes 3437.5 nano-dollars per token");
        PriceRow held = PriceBook.parse(new StringReader("2026-01-01T00:00:00Z,m,5,25,6.25,10,0.50,,,,,,,1.1,,yes\n"), "book").rows("m").get(0);
        assertThat(held.inexact()).containsExactly("batch+us 5-minute cache writes 3437.5 nano-dollars per token");
        assertThatThrownBy(() -> PriceBook.parse(new StringReader("2026-01-01T00:00:00Z,m,5,25,6.25,10,0.50,,,,,,,1.1,,maybe\n"), "book"))
                .hasMessageContaining("hold_inexact is yes, no or empty");
    }

    @Test
    void loaderRefusesMalformedRows() {
        assertThatThrownBy(() -> PriceBook.parse(new StringReader("2026-01-01T00:00:00Z,m,1,2,3\n"), "book"))
                .hasMessageContaining("expected 7 or 16 columns");
        assertThatThrownBy(() -> PriceBook.parse(new StringReader("yesterday,m,1,2,3,4,5\n"), "book"))
                .hasMessageContaining("bad effective_from");
        assertThatThrownBy(() -> PriceBook.parse(new StringReader("2026-01-01T00:00:00Z,m,-1,2,3,4,5\n"), "book"))
                .hasMessageContaining("negative rate");
        assertThatThrownBy(() -> PriceBook.parse(new StringReader("2026-01-01T00:00:00Z,,1,2,3,4,5\n"), "book"))
                .hasMessageContaining("empty model");
        assertThatThrownBy(() -> PriceBook.parse(new StringReader("2026-01-01T00:00:00Z,m,x,2,3,4,5\n"), "book"))
                .hasMessageContaining("not a number 'x'");
        assertThatThrownBy(() -> PriceBook.parse(new StringReader("2026-01-01T00:00:00Z,m,20000,2,3,4,5\n"), "book"))
                .hasMessageContaining("above the largest rate a row may carry (10000)");
        assertThatThrownBy(() -> PriceBook.parse(new StringReader("2026-01-01T00:00:00Z,m,2,2,2,2,2,ten,2,2,2,2,2,,,\n"), "book"))
                .hasMessageContaining("bad long_context_above 'ten'");
        assertThatThrownBy(() -> PriceBook.parse(new StringReader("2026-01-01T00:00:00Z,m,2,2,2,2,2,0,2,2,2,2,2,,,\n"), "book"))
                .hasMessageContaining("threshold must be at least 1");
        assertThatThrownBy(() -> PriceBook.parse(new StringReader("2026-01-01T00:00:00Z,m,2,2,2,2,2,,,,,,,x,,\n"), "book"))
                .hasMessageContaining("us_only_multiplier: not a number 'x'");
        assertThatThrownBy(() -> PriceBook.parse(new StringReader("2026-01-01T00:00:00Z,m,2,2,2,2,2,,,,,,,0.9,,\n"), "book"))
                .hasMessageContaining("usOnlyMultiplier: between 1 and 10");
        assertThatThrownBy(() -> PriceBook.parse(new StringReader("2026-01-01T00:00:00Z,m,2,2,2,2,2,,,,,,,1.00001,,\n"), "book"))
                .hasMessageContaining("at most 4 decimals");
        assertThatThrownBy(() -> PriceBook.parse(new StringReader("2026-01-01T00:00:00Z,m,2,2,2,2,2,,,,,,,,0.000000001,\n"), "book"))
                .hasMessageContaining("not a whole number of nano-dollars per search");
        assertThatThrownBy(() -> PriceBook.parse(new StringReader("2026-01-01T00:00:00Z,m,2,2,2,2,2,,,,,,,,1001,\n"), "book"))
                .hasMessageContaining("above 1000.000000000");
        assertThatThrownBy(() -> PriceBook.parse(new StringReader("2026-01-01T00:00:00Z,m,2,2,2,2,2\n2026-01-01T00:00:00Z,m,4,4,4,4,4\n"), "book"))
                .hasMessageContaining("two price rows for m at 2026-01-01T00:00:00Z");
    }

    @Test
    void samePricesIgnoresWhoRecordedTheRowAndWhen() {
        PriceRow row = PriceRow.of("m", NOW, ModelRates.of(2, 2, 2, 2, 2));
        assertThat(row.samePrices(row.recorded(NOW, "ops"))).isTrue();
        assertThat(row.samePrices(PriceRow.of("m", NOW, ModelRates.of(2, 2, 2, 2, 4)))).isFalse();
        assertThat(row.samePrices(PriceRow.of("n", NOW, ModelRates.of(2, 2, 2, 2, 2)))).isFalse();
        assertThat(row.samePrices(PriceRow.of("m", NOW.plusMillis(1), ModelRates.of(2, 2, 2, 2, 2)))).isFalse();
        PriceRow us = new PriceRow("m", NOW, ModelRates.of(20, 20, 20, 20, 20), null, new BigDecimal("1.10"), 0, false, null, null);
        assertThat(us.samePrices(new PriceRow("m", NOW, ModelRates.of(20, 20, 20, 20, 20), null, new BigDecimal("1.1"), 0, false, null, null)))
                .isTrue();
        assertThat(us.samePrices(new PriceRow("m", NOW, ModelRates.of(20, 20, 20, 20, 20), null, null, 0, false, null, null))).isFalse();
        assertThat(us.samePrices(new PriceRow("m", NOW, ModelRates.of(20, 20, 20, 20, 20), null, new BigDecimal("1.1"), 1000, false, null, null)))
                .isFalse();
        assertThat(us.samePrices(new PriceRow("m", NOW, ModelRates.of(20, 20, 20, 20, 20), null, new BigDecimal("1.1"), 0, true, null, null)))
                .isFalse();
        assertThat(us.samePrices(new PriceRow("m", NOW, ModelRates.of(20, 20, 20, 20, 20), new LongContext(5, ModelRates.of(20, 20, 20, 20, 20)),
                new BigDecimal("1.1"), 0, false, null, null))).isFalse();
    }

    @Test
    void usdPerMillionIsShownInItsShortestForm() {
        assertThat(ModelRates.usdPerMillion(6250)).isEqualTo("6.25");
        assertThat(ModelRates.usdPerMillion(5000)).isEqualTo("5");
        assertThat(ModelRates.usdPerMillion(10)).isEqualTo("0.01");
        assertThat(ModelRates.usdPerMillion(0)).isEqualTo("0");
    }

    @Test
    void costOverflowIsAnErrorNotAWrap() {
        PriceRow row = book.rowAt("claude-opus-4-1", NOW).orElseThrow();
        assertThatThrownBy(() -> Pricing.cost(row, RequestUsage.standard(new TokenUsage(0, Long.MAX_VALUE / 10, 0, 0, 0))))
                .isInstanceOf(ArithmeticException.class);
    }
}
