package dev.metering.core.price;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.StringReader;
import java.time.Instant;
import org.junit.jupiter.api.Test;

/** Costs computed by hand from the list prices (USD per million tokens x 1000 = nano-dollars per token). */
class PriceBookTest {

    private static final Instant NOW = Instant.parse("2026-11-26T20:00:00Z");
    private final PriceBook book = PriceBook.load(null);

    private Cost cost(String model, ServiceTier tier, TokenUsage usage) {
        return book.ratesAt(model, NOW, tier).orElseThrow().cost(usage);
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
    void haiku45OneHourCacheWritesAndReads() {
        // 10000 x 1000 + 2000 x 5000 + 3000 x 2000 + 40000 x 100
        assertThat(cost("claude-haiku-4-5", ServiceTier.STANDARD, new TokenUsage(10_000, 2_000, 0, 3_000, 40_000)).total().toUsdString())
                .isEqualTo("0.030000000");
    }

    @Test
    void haiku35BatchHalvesEveryRate() {
        // 1000 x (400 + 2000 + 500 + 800 + 40)
        assertThat(cost("claude-haiku-3-5", ServiceTier.BATCH, new TokenUsage(1000, 1000, 1000, 1000, 1000)).total().nanos())
                .isEqualTo(3_740_000);
    }

    @Test
    void opus45BatchWithFiveMinuteWrites() {
        // 1,000,000 x 2500 + 8 x 3125
        assertThat(cost("claude-opus-4-5", ServiceTier.BATCH, new TokenUsage(1_000_000, 0, 8, 0, 0)).total().nanos())
                .isEqualTo(2_500_025_000L);
    }

    @Test
    void sonnet45SameRatesAsSonnet46() {
        TokenUsage usage = new TokenUsage(7, 11, 13, 17, 19);
        assertThat(cost("claude-sonnet-4-5", ServiceTier.STANDARD, usage)).isEqualTo(cost("claude-sonnet-4-6", ServiceTier.STANDARD, usage));
    }

    @Test
    void unknownModelHasNoPrice() {
        assertThat(book.knows("gpt-4")).isFalse();
        assertThat(book.ratesAt("gpt-4", NOW, ServiceTier.STANDARD)).isEmpty();
    }

    @Test
    void aPriceChangeAppliesFromItsInstant() {
        PriceBook changing = PriceBook.parse(new StringReader("""
                2026-01-01T00:00:00Z,m,1,2,3,4,0.5
                2026-11-20T12:00:00Z,m,2,4,6,8,1
                """), "test");
        TokenUsage oneInput = new TokenUsage(1, 0, 0, 0, 0);
        assertThat(changing.ratesAt("m", Instant.parse("2026-11-20T11:59:59.999Z"), ServiceTier.STANDARD).orElseThrow().cost(oneInput).total().nanos())
                .isEqualTo(1000);
        assertThat(changing.ratesAt("m", Instant.parse("2026-11-20T12:00:00Z"), ServiceTier.STANDARD).orElseThrow().cost(oneInput).total().nanos())
                .isEqualTo(2000);
        assertThat(changing.ratesAt("m", Instant.parse("2025-12-31T23:59:59Z"), ServiceTier.STANDARD)).isEmpty();
    }

    @Test
    void loaderRefusesARateThatIsNotWholeNanoDollarsPerToken() {
        assertThatThrownBy(() -> PriceBook.parse(new StringReader("2026-01-01T00:00:00Z,m,0.0005,2,3,4,1\n"), "book"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("book line 1")
                .hasMessageContaining("not a whole number of nano-dollars");
    }

    @Test
    void loaderRefusesABookWhoseBatchRateWouldNotBeWhole() {
        // 0.001 USD/MTok = 1 nano-dollar per token: whole, but half of it is not.
        assertThatThrownBy(() -> PriceBook.parse(new StringReader("2026-01-01T00:00:00Z,m,0.001,2,3,4,1\n"), "book"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("batch rate");
    }

    @Test
    void loaderRefusesMalformedRows() {
        assertThatThrownBy(() -> PriceBook.parse(new StringReader("2026-01-01T00:00:00Z,m,1,2,3\n"), "book"))
                .hasMessageContaining("expected 7 columns");
        assertThatThrownBy(() -> PriceBook.parse(new StringReader("yesterday,m,1,2,3,4,5\n"), "book"))
                .hasMessageContaining("bad effective_from");
        assertThatThrownBy(() -> PriceBook.parse(new StringReader("2026-01-01T00:00:00Z,m,-1,2,3,4,5\n"), "book"))
                .hasMessageContaining("negative rate");
    }

    @Test
    void costOverflowIsAnErrorNotAWrap() {
        ModelRates rates = book.ratesAt("claude-opus-4-1", NOW, ServiceTier.STANDARD).orElseThrow();
        assertThatThrownBy(() -> rates.cost(new TokenUsage(0, Long.MAX_VALUE / 10, 0, 0, 0))).isInstanceOf(ArithmeticException.class);
    }
}
