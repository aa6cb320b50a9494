package dev.metering.core.price;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.StringReader;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Rows once shipped are history: events were priced with them. Every row any release has shipped is
 * listed here as it was shipped, and the bundled book must still hold each one unchanged (a
 * correction is a new row), and every id it has shipped must still name the same model.
 */
class ShippedRowsTest {

    /** Every row shipped so far, as shipped (1.0 first). Append; never edit. */
    private static final String SHIPPED = """
            2024-01-01T00:00:00Z,claude-opus-4-7,5,25,6.25,10,0.50
            2024-01-01T00:00:00Z,claude-opus-4-6,5,25,6.25,10,0.50
            2024-01-01T00:00:00Z,claude-opus-4-5,5,25,6.25,10,0.50
            2024-01-01T00:00:00Z,claude-opus-4-1,15,75,18.75,30,1.50
            2024-01-01T00:00:00Z,claude-sonnet-4-6,3,15,3.75,6,0.30
            2024-01-01T00:00:00Z,claude-sonnet-4-5,3,15,3.75,6,0.30
            2024-01-01T00:00:00Z,claude-haiku-4-5,1,5,1.25,2,0.10
            2024-01-01T00:00:00Z,claude-haiku-3-5,0.80,4,1,1.6,0.08
            2026-12-07T00:00:00Z,claude-opus-4-7,5,25,6.25,10,0.50,,,,,,,1.1,10,yes
            2026-12-07T00:00:00Z,claude-opus-4-6,5,25,6.25,10,0.50,,,,,,,1.1,10,yes
            2026-12-07T00:00:00Z,claude-sonnet-4-6,3,15,3.75,6,0.30,,,,,,,1.1,10,yes
            2026-12-07T00:00:00Z,claude-sonnet-4-5,3,15,3.75,6,0.30,200000,6,22.50,7.50,12,0.60,,10,
            2024-01-01T00:00:00Z,claude-fable-5-2,8,40,10,16,0.20,,,,,,,1.1,10,
            2024-01-01T00:00:00Z,claude-mythos-5-2,8,40,10,16,0.20,,,,,,,1.1,10,
            2024-01-01T00:00:00Z,claude-fable-5-1,10,50,12.50,20,0.25,,,,,,,1.1,10,yes
            2024-01-01T00:00:00Z,claude-mythos-5-1,10,50,12.50,20,0.25,,,,,,,1.1,10,yes
            2024-01-01T00:00:00Z,claude-fable-5,10,50,12.50,20,1,,,,,,,1.1,10,
            2024-01-01T00:00:00Z,claude-mythos-5,10,50,12.50,20,1,,,,,,,1.1,10,
            2024-01-01T00:00:00Z,claude-opus-5-5,4,20,5,8,0.20,,,,,,,1.1,10,
            2024-01-01T00:00:00Z,claude-opus-5,5,25,6.25,10,0.50,,,,,,,1.1,10,yes
            2024-01-01T00:00:00Z,claude-opus-4-8,5,25,6.25,10,0.50,,,,,,,1.1,10,yes
            2024-01-01T00:00:00Z,claude-sonnet-5-5,2,10,2.50,4,0.20,,,,,,,1.1,10,
            2026-10-07T00:00:00Z,claude-sonnet-5-5,2,10,2.50,4,0.10,,,,,,,1.1,10,
            2024-01-01T00:00:00Z,claude-sonnet-5,2,10,2.50,4,0.20,,,,,,,1.1,10,
            2024-01-01T00:00:00Z,claude-haiku-5-5,0.10,0.50,0.125,0.20,0.01,100000,0.50,2.50,0.625,1.00,0.05,1.1,10,yes
            2024-01-01T00:00:00Z,claude-opus-4-0,15,75,18.75,30,1.50
            2024-01-01T00:00:00Z,claude-sonnet-4-0,3,15,3.75,6,0.30,200000,6,22.50,7.50,12,0.60,,10,
            2024-01-01T00:00:00Z,claude-sonnet-3-7,3,15,3.75,6,0.30
            2024-01-01T00:00:00Z,claude-haiku-3,0.25,1.25,0.30,0.50,0.03
            2024-01-01T00:00:00Z,claude-opus-3,15,75,18.75,30,1.50
            """;

    /** Every id shipped so far and the model it names. Append; never edit. */
    private static final Map<String, String> SHIPPED_IDS = Map.ofEntries(
            Map.entry("claude-opus-4-5-20251101", "claude-opus-4-5"),
            Map.entry("claude-opus-4-1-20250805", "claude-opus-4-1"),
            Map.entry("claude-opus-4-20250514", "claude-opus-4-0"),
            Map.entry("claude-sonnet-4-5-20250929", "claude-sonnet-4-5"),
            Map.entry("claude-sonnet-4-20250514", "claude-sonnet-4-0"),
            Map.entry("claude-haiku-4-5-20251001", "claude-haiku-4-5"),
            Map.entry("claude-3-7-sonnet-20250219", "claude-sonnet-3-7"),
            Map.entry("claude-3-7-sonnet-latest", "claude-sonnet-3-7"),
            Map.entry("claude-3-5-haiku-20241022", "claude-haiku-3-5"),
            Map.entry("claude-3-5-haiku-latest", "claude-haiku-3-5"),
            Map.entry("claude-3-haiku-20240307", "claude-haiku-3"),
            Map.entry("claude-3-opus-20240229", "claude-opus-3"),
            Map.entry("claude-3-opus-latest", "claude-opus-3"));

    private final PriceBook bundled = PriceBook.load(null);

    @Test
    void everyShippedRowIsStillInTheBookUnchanged() {
        List<PriceRow> shipped = PriceBookFile.rows(new StringReader(SHIPPED), "shipped");
        assertThat(shipped).hasSize(30);
        for (PriceRow row : shipped) {
            assertThat(bundled.rows(row.model())).as("%s from %s", row.model(), row.effectiveFrom())
                    .anySatisfy(r -> assertThat(r.samePrices(row)).isTrue());
        }
    }

    @Test
    void aChangedRowIsCaught() {
        PriceRow edited = PriceBookFile.rows(new StringReader("2024-01-01T00:00:00Z,claude-opus-4-7,5,25,6.25,10,0.40\n"), "edited").get(0);
        assertThat(bundled.rows("claude-opus-4-7")).noneSatisfy(r -> assertThat(r.samePrices(edited)).isTrue());
    }

    @Test
    void everyShippedIdStillNamesItsModel() {
        SHIPPED_IDS.forEach((id, model) -> assertThat(bundled.resolve(id)).as(id).contains(model));
    }
}
