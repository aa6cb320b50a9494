package dev.metering.core.price;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.SortedSet;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * Effective-dated list prices per model, and the API ids that name each model. A model's row
 * applies from its instant until the model's next row, so a price change in the middle of a cycle
 * applies from that instant on. Ids belong to the model, not to a row: an id names its model at
 * every instant, and a model's canonical id is always one of its ids.
 */
public final class PriceBook {

    public static final String RESOURCE = PriceBookFile.ROWS_RESOURCE;

    private final Map<String, List<PriceRow>> rowsByModel;
    private final Map<String, String> modelById;

    private PriceBook(Map<String, List<PriceRow>> rowsByModel, Map<String, String> modelById) {
        this.rowsByModel = rowsByModel;
        this.modelById = modelById;
    }

    /**
     * @param ids API id to canonical model id; every model with a row is an id of itself as well
     * @throws IllegalArgumentException for two rows of a model at one instant, or an id that would name two models
     */
    public static PriceBook of(Collection<PriceRow> rows, Map<String, String> ids) {
        Map<String, List<PriceRow>> byModel = new HashMap<>();
        for (PriceRow row : rows) {
            byModel.computeIfAbsent(row.model(), m -> new ArrayList<>()).add(row);
        }
        Map<String, List<PriceRow>> sorted = new HashMap<>();
        byModel.forEach((model, list) -> {
            list.sort(Comparator.comparing(PriceRow::effectiveFrom));
            for (int i = 1; i < list.size(); i++) {
                if (list.get(i).effectiveFrom().equals(list.get(i - 1).effectiveFrom())) {
                    throw new IllegalArgumentException("two price rows for " + model + " at " + list.get(i).effectiveFrom());
                }
            }
            sorted.put(model, List.copyOf(list));
        });
        Map<String, String> modelById = new HashMap<>();
        Set<String> models = new TreeSet<>(sorted.keySet());
        models.addAll(ids.values());
        models.forEach(model -> modelById.put(model, model));
        ids.forEach((id, model) -> {
            String named = modelById.putIfAbsent(id, model);
            if (named != null && !named.equals(model)) {
                throw new IllegalArgumentException("the id " + id + " cannot name " + model + ": it names " + named);
            }
        });
        return new PriceBook(Map.copyOf(sorted), Map.copyOf(modelById));
    }

    /**
     * This book with rows and ids kept elsewhere (the table's, put at runtime) laid over it: one
     * dated list per model, the other's row winning a tie. An id that already names another model
     * keeps naming it (ids are never moved).
     */
    public PriceBook with(Collection<PriceRow> rows, Map<String, String> ids) {
        Map<String, PriceRow> merged = new LinkedHashMap<>();
        rowsByModel.values().forEach(list -> list.forEach(row -> merged.put(row.model() + "@" + row.effectiveFrom(), row)));
        rows.forEach(row -> merged.put(row.model() + "@" + row.effectiveFrom(), row));
        Map<String, String> allIds = new HashMap<>();
        modelById.forEach(allIds::put);
        ids.forEach(allIds::putIfAbsent);
        return of(merged.values(), allIds);
    }

    /** The book bundled with the code, or the files the environment names instead (either may be null). */
    public static PriceBook load(String rowsOverride, String idsOverride) {
        return PriceBookFile.load(rowsOverride, idsOverride);
    }

    /** The bundled book's rows, or the file at {@code rowsOverride}, with the bundled ids. */
    public static PriceBook load(String rowsOverride) {
        return PriceBookFile.load(rowsOverride, null);
    }

    /** Rows in the file's form, with no ids beyond the models' own (tests, and a book given whole). */
    public static PriceBook parse(java.io.Reader rows, String name) {
        return PriceBookFile.parse(rows, null, name);
    }

    /** The canonical model an API id names, if any: an exact match. */
    public Optional<String> resolve(String id) {
        return Optional.ofNullable(modelById.get(id));
    }

    public boolean knows(String id) {
        return modelById.containsKey(id);
    }

    /** The row of {@code model} (canonical) in effect at {@code at}. */
    public Optional<PriceRow> rowAt(String model, Instant at) {
        List<PriceRow> rows = rowsByModel.get(model);
        if (rows == null) {
            return Optional.empty();
        }
        PriceRow current = null;
        for (PriceRow row : rows) {
            if (row.effectiveFrom().isAfter(at)) {
                break;
            }
            current = row;
        }
        return Optional.ofNullable(current);
    }

    /** The base rates of {@code model} at {@code at}, for callers that price standard requests only. */
    public Optional<ModelRates> ratesAt(String model, Instant at) {
        return rowAt(model, at).map(PriceRow::rates);
    }

    /** Every row of a model, oldest first. */
    public List<PriceRow> rows(String model) {
        return rowsByModel.getOrDefault(model, List.of());
    }

    public boolean hasPrice(String model) {
        return rowsByModel.containsKey(model);
    }

    /** The canonical ids: every model with a row or an id. */
    public SortedSet<String> models() {
        return new TreeSet<>(modelById.values());
    }

    /** The ids that name {@code model}, its canonical id among them. */
    public SortedSet<String> idsOf(String model) {
        SortedSet<String> ids = new TreeSet<>();
        modelById.forEach((id, named) -> {
            if (named.equals(model)) {
                ids.add(id);
            }
        });
        return ids;
    }

    /** Every id and the model it names, sorted by id. */
    public Map<String, String> ids() {
        return new TreeMap<>(modelById);
    }

    /** Every row, model by model, oldest first. */
    public List<PriceRow> allRows() {
        List<PriceRow> all = new ArrayList<>();
        new TreeMap<>(rowsByModel).values().forEach(all::addAll);
        return all;
    }
}
