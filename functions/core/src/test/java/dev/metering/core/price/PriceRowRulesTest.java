package dev.metering.core.price;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** A row's own rules at their edges, and a book built from rows in any order and laid over another. */
class PriceRowRulesTest {

    private static final Instant T = Instant.parse("2026-12-01T00:00:00Z");
    private static final ModelRates EVEN = ModelRates.of(3000, 15000, 3750, 6000, 300);

    private static PriceRow row(BigDecimal us, long webSearchPer1k) {
        return new PriceRow("m", T, EVEN, null, us, webSearchPer1k, true, null, null);
    }

    @Test
    void theUsOnlyMultiplierLiesBetweenOneAndTenWithFourDecimalsAtMost() {
        assertThat(row(new BigDecimal("1"), 0).rate(ServiceTier.STANDARD, InferenceGeo.US, false, TokenType.INPUT)).isEqualTo(3000);
        assertThat(row(new BigDecimal("10"), 0).rate(ServiceTier.STANDARD, InferenceGeo.US, false, TokenType.INPUT)).isEqualTo(30_000);
        assertThat(row(new BigDecimal("1.0001"), 0).inexact()).isNotEmpty();
        assertThatThrownBy(() -> row(new BigDecimal("0.9999"), 0)).hasMessageStartingWith("usOnlyMultiplier: between 1 and 10");
        assertThatThrownBy(() -> row(new BigDecimal("10.0001"), 0)).hasMessageStartingWith("usOnlyMultiplier: between 1 and 10");
        assertThatThrownBy(() -> row(new BigDecimal("1.00001"), 0)).hasMessageContaining("with at most 4 decimals, not 1.00001");
    }

    @Test
    void theWebSearchFeeIsAWholeNanoDollarPerSearchUpToAThousandDollarsAThousand() {
        assertThat(row(null, 0).webSearchNanosPerSearch()).isZero();
        assertThat(row(null, PriceRow.MAX_WEB_SEARCH_NANOS_PER_1K).webSearchNanosPerSearch()).isEqualTo(1_000_000_000L);
        assertThatThrownBy(() -> row(null, -1000)).hasMessageStartingWith("webSearchPer1kUsd");
        assertThatThrownBy(() -> row(null, PriceRow.MAX_WEB_SEARCH_NANOS_PER_1K + 1000)).hasMessageStartingWith("webSearchPer1kUsd");
        assertThatThrownBy(() -> row(null, 1500)).hasMessageStartingWith("webSearchPer1kUsd");
    }

    @Test
    void aRowTellsWhatItHoldsWhoPutItAndWhen() {
        PriceRow held = new PriceRow("m", T, EVEN, null, new BigDecimal("1.1"), 10_000_000_000L, true, null, null);
        assertThat(held.holdInexact()).isTrue();
        assertThat(PriceRow.of("m", T, EVEN).holdInexact()).isFalse();
        PriceRow recorded = held.recorded(T.plusSeconds(5), "ops-alice");
        assertThat(recorded.recordedAt()).isEqualTo(T.plusSeconds(5));
        assertThat(recorded.by()).isEqualTo("ops-alice");
        assertThat(recorded.samePrices(held)).isTrue();
        assertThat(held.toString()).isEqualTo("PriceRow[m from 2026-12-01T00:00:00Z: " + EVEN.nanosPerToken()
                + ", us x1.1, web search 10000000000/1k, holds inexact]");
        assertThat(PriceRow.of("m", T, EVEN).toString()).isEqualTo("PriceRow[m from 2026-12-01T00:00:00Z: " + EVEN.nanosPerToken()
                + ", web search 10000000000/1k]");
        PriceRow longContext = new PriceRow("m", T, EVEN, new LongContext(200_000, ModelRates.of(6000, 22500, 7500, 12000, 600)), null,
                10_000_000_000L, false, null, null);
        assertThat(longContext.toString()).contains(", " + longContext.longContext() + ", web search");
    }

    @Test
    void aBookSortsEachModelsRowsAndKnowsItsIds() {
        PriceRow later = PriceRow.of("m", T.plusSeconds(3600), ModelRates.of(4000, 15000, 3750, 6000, 300));
        PriceRow earlier = PriceRow.of("m", T, EVEN);
        PriceBook book = PriceBook.of(List.of(later, earlier), Map.of("m-2026", "m"));
        assertThat(book.rows("m")).containsExactly(earlier, later);
        assertThat(book.rowAt("m", T.plusSeconds(60)).orElseThrow()).isEqualTo(earlier);
        assertThat(book.rowAt("m", T.plusSeconds(3600)).orElseThrow()).isEqualTo(later);
        assertThat(book.knows("m-2026")).isTrue();
        assertThat(book.knows("m")).isTrue();
        assertThat(book.knows("n")).isFalse();
        assertThat(book.ids()).containsExactlyEntriesOf(new java.util.TreeMap<>(Map.of("m", "m", "m-2026", "m")));
        assertThat(book.allRows()).containsExactly(earlier, later);
    }

    @Test
    void aBookLaidOverAnotherKeepsItsRowsAndAddsTheOthers() {
        PriceBook bundled = PriceBook.of(List.of(PriceRow.of("a", T, EVEN), PriceRow.of("b", T, EVEN)), Map.of());
        PriceRow put = PriceRow.of("c", T.minusSeconds(60), EVEN).recorded(T, "ops");
        PriceBook both = bundled.with(List.of(put), Map.of("c-1", "c"));
        assertThat(both.allRows()).extracting(PriceRow::model).containsExactly("a", "b", "c");
        assertThat(both.resolve("c-1")).contains("c");
        assertThat(both.rowAt("a", T)).isPresent();
    }

    @Test
    void theBundledBookLoadsWithItsIds() {
        PriceBook bundled = PriceBook.load(null, null);
        assertThat(bundled.resolve("claude-sonnet-4-5-20250929")).contains("claude-sonnet-4-5");
        assertThat(bundled.allRows()).hasSizeGreaterThan(20);
    }
}
