package dev.metering.core.data;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** Reads the small comma-separated data files (price book, plans, sources): '#' starts a comment. */
public final class CsvData {

    /** One data row with its line number, for error messages that point at the file. */
    public record Row(int line, List<String> cells) {
        public String cell(int index) {
            return cells.get(index);
        }
    }

    private CsvData() {}

    public static List<Row> read(Reader reader, String name, int columns) {
        return read(reader, name, new int[] {columns});
    }

    /** Rows of any of the given widths (a file whose later columns are optional). */
    public static List<Row> read(Reader reader, String name, int[] widths) {
        List<Row> rows = new ArrayList<>();
        try (BufferedReader in = new BufferedReader(reader)) {
            String line;
            int number = 0;
            while ((line = in.readLine()) != null) {
                number++;
                String trimmed = line.strip();
                if (trimmed.isEmpty() || trimmed.startsWith("#")) {
                    continue;
                }
                List<String> cells = new ArrayList<>();
                for (String cell : trimmed.split(",", -1)) {
                    cells.add(cell.strip());
                }
                if (java.util.Arrays.stream(widths).noneMatch(w -> w == cells.size())) {
                    throw new IllegalArgumentException(name + " line " + number + ": expected "
                            + java.util.Arrays.stream(widths).mapToObj(Integer::toString).collect(java.util.stream.Collectors.joining(" or "))
                            + " columns, got " + cells.size());
                }
                rows.add(new Row(number, List.copyOf(cells)));
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + name, e);
        }
        return rows;
    }

    public static Reader resource(String path) {
        InputStream in = CsvData.class.getClassLoader().getResourceAsStream(path);
        if (in == null) {
            throw new IllegalStateException("missing resource " + path);
        }
        return new InputStreamReader(in, StandardCharsets.UTF_8);
    }

    /** The file at {@code overridePath} when one is configured, else the bundled resource. */
    public static Reader fileOrResource(String overridePath, String resource) {
        if (overridePath == null || overridePath.isBlank()) {
            return resource(resource);
        }
        try {
            return Files.newBufferedReader(Path.of(overridePath), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + overridePath, e);
        }
    }
}
