package dev.metering.testsupport;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Map;

/** {@code infra/versions.env}, every version pinned outside Maven, as the scripts read it too. */
public final class PinnedVersions {

    static final String RESOURCE = "metering-engine/versions.env";
    private static final Map<String, String> VERSIONS = load();

    private PinnedVersions() {}

    /** @throws IllegalStateException for a name the file does not pin */
    public static String get(String name) {
        String version = VERSIONS.get(name);
        if (version == null) {
            throw new IllegalStateException(name + " is not pinned in infra/versions.env");
        }
        return version;
    }

    private static Map<String, String> load() {
        try (InputStream in = PinnedVersions.class.getClassLoader().getResourceAsStream(RESOURCE)) {
            if (in == null) {
                throw new IllegalStateException("missing " + RESOURCE + " on the class path");
            }
            Map<String, String> versions = new HashMap<>();
            for (String line : new String(in.readAllBytes(), StandardCharsets.UTF_8).split("\n")) {
                String trimmed = line.strip();
                if (!trimmed.isEmpty() && !trimmed.startsWith("#")) {
                    int equals = trimmed.indexOf('=');
                    versions.put(trimmed.substring(0, equals).strip(), trimmed.substring(equals + 1).strip());
                }
            }
            return versions;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
