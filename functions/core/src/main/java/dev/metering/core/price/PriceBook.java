package dev.metering.core.price;

import dev.metering.core.data.CsvData;
import java.io.Reader;
import java.math.BigDecimal;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;

/**
 * Effective-dated list prices per model. A model's rates apply from their instant until the
 * model's next entry, so a price change in the middle of a cycle applies from that instant on.
 */
public final class PriceBook {

    public static final String RESOURCE = "metering/price-book.csv";
    private static final BigDecimal NANOS_PER_TOKEN_PER_USD_PER_MTOK = BigDecimal.valueOf(1_000);

    /** Rates of one model from one instant. */
    public record Entry(String model, Instant effectiveFrom, ModelRates rates) {}

    private final Map<String, List<Entry>> entriesByModel;

    private PriceBook(Map<String, List<Entry>> entriesByModel) {
        this.entriesByModel = entriesByModel;
    }

    public static PriceBook of(List<Entry> entries) {
        Map<String, List<Entry>> byModel = new HashMap<>();
        for (Entry entry : entries) {
            // Refuse a book whose batch tier would not be exact, at load time rather than at the first batch event.
            entry.rates().forTier(ServiceTier.BATCH);
            byModel.computeIfAbsent(entry.model(), m -> new ArrayList<>()).add(entry);
        }
        Map<String, List<Entry>> sorted = new HashMap<>();
        byModel.forEach((model, list) -> {
            list.sort(Comparator.comparing(Entry::effectiveFrom));
            for (int i = 1; i < list.size(); i++) {
                if (list.get(i).effectiveFrom().equals(list.get(i - 1).effectiveFrom())) {
                    throw new IllegalArgumentException("two price entries for " + model + " at " + list.get(i).effectiveFrom());
                }
            }
            sorted.put(model, List.copyOf(list));
        });
        return new PriceBook(Map.copyOf(sorted));
    }

    /** The book bundled with the code (DESIGN.md's list prices), or the file at {@code overridePath}. */
    public static PriceBook load(String overridePath) {
        try (Reader reader = CsvData.fileOrResource(overridePath, RESOURCE)) {
            return parse(reader, overridePath == null || overridePath.isBlank() ? RESOURCE : overridePath);
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    public static PriceBook parse(Reader reader, String name) {
        List<Entry> entries = new ArrayList<>();
        for (CsvData.Row row : CsvData.read(reader, name, 7)) {
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
            EnumMap<TokenType, Long> rates = new EnumMap<>(TokenType.class);
            TokenType[] order = {TokenType.INPUT, TokenType.OUTPUT, TokenType.CACHE_WRITE_5M, TokenType.CACHE_WRITE_1H, TokenType.CACHE_READ};
            for (int i = 0; i < order.length; i++) {
                rates.put(order[i], nanosPerToken(row.cell(2 + i), where + " " + order[i]));
            }
            entries.add(new Entry(model, from, new ModelRates(rates)));
        }
        return of(entries);
    }

    /** USD per million tokens to nano-dollars per token; refuses a rate that is not whole there. */
    static long nanosPerToken(String usdPerMillionTokens, String where) {
        BigDecimal usd;
        try {
            usd = new BigDecimal(usdPerMillionTokens);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(where + ": not a number '" + usdPerMillionTokens + "'", e);
        }
        if (usd.signum() < 0) {
            throw new IllegalArgumentException(where + ": negative rate " + usdPerMillionTokens);
        }
        BigDecimal nanos = usd.multiply(NANOS_PER_TOKEN_PER_USD_PER_MTOK);
        try {
            return nanos.stripTrailingZeros().longValueExact();
        } catch (ArithmeticException e) {
            throw new IllegalArgumentException(
                    where + ": " + usdPerMillionTokens + " USD/MTok is not a whole number of nano-dollars per token", e);
        }
    }

    /** The rates of {@code model} in effect at {@code at}, for the given tier. */
    public Optional<ModelRates> ratesAt(String model, Instant at, ServiceTier tier) {
        List<Entry> entries = entriesByModel.get(model);
        if (entries == null) {
            return Optional.empty();
        }
        Entry current = null;
        for (Entry entry : entries) {
            if (entry.effectiveFrom().isAfter(at)) {
                break;
            }
            current = entry;
        }
        return Optional.ofNullable(current).map(e -> e.rates().forTier(tier));
    }

    public boolean knows(String model) {
        return entriesByModel.containsKey(model);
    }

    public Set<String> models() {
        return new TreeSet<>(entriesByModel.keySet());
    }
}
