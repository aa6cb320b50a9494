package dev.metering.testsupport;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The sample payloads of the repository's {@code events/} folder, which tests use so that the
 * samples stay true. Tests run with a module's folder as working directory, two levels below the
 * repository's root.
 */
public final class SampleEvents {

    private static final Path DIRECTORY = Path.of("../../events");

    private SampleEvents() {}

    public static Path directory() {
        return DIRECTORY;
    }

    public static Path path(String name) {
        Path sample = DIRECTORY.resolve(name);
        if (!Files.isRegularFile(sample)) {
            throw new IllegalStateException("no sample event " + name + " in " + DIRECTORY.toAbsolutePath().normalize());
        }
        return sample;
    }

    /** The sample's text. */
    public static String read(String name) {
        try {
            return Files.readString(path(name));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
