package dev.metering.core.price;

import dev.metering.core.data.CsvData;
import dev.metering.core.money.Money;
import java.io.IOException;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The bundled book's two files: the rows ({@code price-book.csv}: seven columns for a row with the
 * page's defaults, sixteen for one with long context, a residency multiplier, its own web-search fee
 * or inexact rates held) and the ids ({@code model-ids.csv}: the model, then one of its API ids).
 */
final class PriceBookFile {

    static final String ROWS_RESOURCE = "metering/price-book.csv";
    static final String IDS_RESOURCE = "metering/model-ids.csv";
    private static final int[] ROW_WIDTHS = {7, 16};
    private static final TokenType[] ORDER = {TokenType.INPUT, TokenType.OUTPUT, TokenType.CACHE_WRITE_5M, TokenType.CACHE_WRITE_1H,
            TokenType.CACHE_READ};

    private PriceBookFile() {}

    static PriceBook load(String rowsOverride, String idsOverride) {
        List<PriceRow> rows;
        try (Reader reader = CsvData.fileOrResource(rowsOverride, ROWS_RESOURCE)) {
            rows = rows(reader, blank(rowsOverride) ? ROWS_RESOURCE : rowsOverride);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        Map<String, String> ids;
        try (Reader reader = CsvData.fileOrResource(idsOverride, IDS_RESOURCE)) {
            ids = ids(reader, blank(idsOverride) ? IDS_RESOURCE : idsOverride);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return PriceBook.of(rows, ids);
    }

    static PriceBook parse(Reader rows, Reader ids, String name) {
        return PriceBook.of(rows(rows, name), ids == null ? Map.of() : ids(ids, name + " ids"));
    }

    static List<PriceRow> rows(Reader reader, String name) {
        List<PriceRow> rows = new ArrayList<>();
        for (CsvData.Row row : CsvData.read(reader, name, ROW_WIDTHS)) {
            String where = name + " line " + row.line();
            Instant from;
            try {
                from = Instant.parse(row.cell(0));
            } catch (DateTimeParseException e) {
                throw new IllegalArgumentException(where + ": bad effective_from '" + row.cell(0) + "'", e);
            }
            String model = row.cell(1);
            if (model.isEmpty()) {
                throw new IllegalArgumentException(where + ": empty model");
            }
            ModelRates base = rates(row, 2, where);
            LongContext longContext = null;
            BigDecimal multiplier = null;
            long webSearch = PriceRow.DEFAULT_WEB_SEARCH_NANOS_PER_1K;
            boolean hold = false;
            if (row.cells().size() == 16) {
                if (!row.cell(7).isEmpty()) {
                    long above;
                    try {
                        above = Long.parseLong(row.cell(7));
                    } catch (NumberFormatException e) {
                        throw new IllegalArgumentException(where + ": bad long_context_above '" + row.cell(7) + "'", e);
                    }
                    longContext = new LongContext(above, rates(row, 8, where + " long context"));
                }
                if (!row.cell(13).isEmpty()) {
                    multiplier = decimal(row.cell(13), where + " us_only_multiplier");
                }
                if (!row.cell(14).isEmpty()) {
                    webSearch = Money.parseUsd(row.cell(14)).nanos();
                }
                hold = switch (row.cell(15)) {
                    case "", "no" -> false;
                    case "yes" -> true;
                    default -> throw new IllegalArgumentException(where + ": hold_inexact is yes, no or empty, not '" + row.cell(15) + "'");
                };
            }
            try {
                rows.add(new PriceRow(model, from, base, longContext, multiplier, webSearch, hold, null, null));
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException(where + ": " + e.getMessage(), e);
            }
        }
        return rows;
    }

    static Map<String, String> ids(Reader reader, String name) {
        Map<String, String> ids = new HashMap<>();
        for (CsvData.Row row : CsvData.read(reader, name, 2)) {
            String model = row.cell(0);
            String id = row.cell(1);
            if (model.isEmpty() || id.isEmpty()) {
                throw new IllegalArgumentException(name + " line " + row.line() + ": empty model or id");
            }
            String before = ids.put(id, model);
            if (before != null && !before.equals(model)) {
                throw new IllegalArgumentException(name + " line " + row.line() + ": " + id + " already names " + before);
            }
        }
        return ids;
    }

    private static ModelRates rates(CsvData.Row row, int first, String where) {
        long[] rates = new long[ORDER.length];
        for (int i = 0; i < ORDER.length; i++) {
            rates[i] = ModelRates.nanosPerToken(row.cell(first + i), where + " " + ORDER[i].wire());
        }
        return ModelRates.of(rates[0], rates[1], rates[2], rates[3], rates[4]);
    }

    private static BigDecimal decimal(String text, String where) {
        try {
            return new BigDecimal(text);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(where + ": not a number '" + text + "'", e);
        }
    }

    private static boolean blank(String path) {
        return path == null || path.isBlank();
    }
}
