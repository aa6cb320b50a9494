package dev.metering.core.source;

import dev.metering.core.data.CsvData;
import java.io.IOException;
import java.io.Reader;
import java.io.UncheckedIOException;
import dev.metering.core.id.Identifier;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeSet;

/**
 * Which pool each usage source draws on. Exact names, plus prefixes (a name ending in ':') that
 * match any non-empty suffix, such as {@code third-party:<app>}. An unknown source has no pool:
 * it is an error for the caller, never a default.
 */
public final class SourceCatalog {

    public static final String RESOURCE = "metering/sources.csv";

    private final Map<String, PoolKind> exact;
    private final Map<String, PoolKind> prefixes;

    private SourceCatalog(Map<String, PoolKind> exact, Map<String, PoolKind> prefixes) {
        this.exact = Map.copyOf(exact);
        this.prefixes = Map.copyOf(prefixes);
    }

    public static SourceCatalog of(Map<String, PoolKind> sources) {
        Map<String, PoolKind> exact = new LinkedHashMap<>();
        Map<String, PoolKind> prefixes = new LinkedHashMap<>();
        sources.forEach((name, kind) -> {
            if (name.isEmpty()) {
                throw new IllegalArgumentException("empty source name");
            }
            (name.endsWith(":") ? prefixes : exact).put(name, kind);
        });
        return new SourceCatalog(exact, prefixes);
    }

    public static SourceCatalog load(String overridePath) {
        String name = overridePath == null || overridePath.isBlank() ? RESOURCE : overridePath;
        try (Reader reader = CsvData.fileOrResource(overridePath, RESOURCE)) {
            Map<String, PoolKind> sources = new LinkedHashMap<>();
            List<CsvData.Row> rows = CsvData.read(reader, name, 2);
            for (CsvData.Row row : rows) {
                try {
                    sources.put(row.cell(0), PoolKind.valueOf(row.cell(1)));
                } catch (IllegalArgumentException e) {
                    throw new IllegalArgumentException(name + " line " + row.line() + ": unknown pool '" + row.cell(1) + "'", e);
                }
            }
            return of(sources);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * Every source this catalog accepts, as one regular expression (of the flavour JSON Schema and
     * Java share): the names, and each prefix followed by what may complete it within the length
     * and alphabet of a source.
     */
    public String pattern() {
        return pattern(null);
    }

    /** As {@link #pattern()}, for the sources of one pool only (null: every source). */
    public String pattern(PoolKind pool) {
        List<String> choices = new ArrayList<>();
        new TreeSet<>(exact.keySet()).stream().filter(name -> pool == null || exact.get(name) == pool).forEach(name -> choices.add(escaped(name)));
        new TreeSet<>(prefixes.keySet()).stream().filter(prefix -> pool == null || prefixes.get(prefix) == pool)
                .forEach(prefix -> choices.add(escaped(prefix) + "[A-Za-z0-9._:-]{1," + (Identifier.SOURCE.maxLength() - prefix.length()) + "}"));
        return "^(" + String.join("|", choices) + ")$";
    }

    private static String escaped(String name) {
        return name.replace(".", "\\.");
    }

    /** One of the sources listed by full name for {@code pool} (a prefix is not a name one can send), if any is. */
    public Optional<String> anyFor(PoolKind pool) {
        return exact.entrySet().stream().filter(e -> e.getValue() == pool).map(Map.Entry::getKey).findFirst();
    }

    public Optional<PoolKind> poolOf(String source) {
        if (source == null) {
            return Optional.empty();
        }
        PoolKind kind = exact.get(source);
        if (kind != null) {
            return Optional.of(kind);
        }
        for (Map.Entry<String, PoolKind> prefix : prefixes.entrySet()) {
            if (source.length() > prefix.getKey().length() && source.startsWith(prefix.getKey())) {
                return Optional.of(prefix.getValue());
            }
        }
        return Optional.empty();
    }
}
