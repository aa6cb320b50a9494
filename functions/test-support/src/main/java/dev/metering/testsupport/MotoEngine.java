package dev.metering.testsupport;

import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * moto's DynamoDB behind the repository's one-lock wrapper ({@code infra/local/moto_one_lock.py}),
 * in a virtual environment of its own that is created once and cached between runs.
 *
 * <p>The wrapper serialises requests: the stock threaded moto server is not linearizable, and the
 * concurrency tests of this project would pass or fail by chance on it.
 */
final class MotoEngine {

    static final String MOTO_REQUIREMENT = "moto[server]==" + PinnedVersions.get("MOTO_VERSION");
    private static final String WRAPPER_RESOURCE = "metering-engine/local/moto_one_lock.py";
    private static final Duration START_TIMEOUT = Duration.ofSeconds(60);

    private final Process process;
    private final URI endpoint;
    private final Path logFile;

    private MotoEngine(Process process, URI endpoint, Path logFile) {
        this.process = process;
        this.endpoint = endpoint;
        this.logFile = logFile;
    }

    URI endpoint() {
        return endpoint;
    }

    Path logFile() {
        return logFile;
    }

    static MotoEngine start() {
        Path venv = ensureVenv();
        try {
            Path work = Files.createTempDirectory("metering-moto-");
            Path wrapper = work.resolve("moto_one_lock.py");
            try (InputStream in = MotoEngine.class.getClassLoader().getResourceAsStream(WRAPPER_RESOURCE)) {
                if (in == null) {
                    throw new IllegalStateException("missing " + WRAPPER_RESOURCE + " on the class path");
                }
                Files.copy(in, wrapper, StandardCopyOption.REPLACE_EXISTING);
            }
            Path portFile = work.resolve("port");
            Path log = work.resolve("moto.log");
            Process process = new ProcessBuilder(venvPython(venv).toString(), wrapper.toString(),
                    "--host", "127.0.0.1", "--port", "0", "--port-file", portFile.toString())
                    .redirectErrorStream(true)
                    .redirectOutput(log.toFile())
                    .start();
            Instant deadline = Instant.now().plus(START_TIMEOUT);
            while (!Files.exists(portFile)) {
                if (!process.isAlive()) {
                    throw new IllegalStateException("the moto engine exited at start (code " + process.exitValue() + "):\n" + tail(log));
                }
                if (Instant.now().isAfter(deadline)) {
                    process.destroyForcibly();
                    throw new IllegalStateException("the moto engine did not start within " + START_TIMEOUT + ":\n" + tail(log));
                }
                TimeUnit.MILLISECONDS.sleep(50);
            }
            int port = Integer.parseInt(Files.readString(portFile).trim());
            return new MotoEngine(process, URI.create("http://127.0.0.1:" + port), log);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    void stop() {
        process.destroy();
        try {
            if (!process.waitFor(5, TimeUnit.SECONDS)) {
                process.destroyForcibly();
            }
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
        }
    }

    /** The cached venv with pinned moto; created under a file lock so parallel builds do not race. */
    static Path ensureVenv() {
        Path venv = cacheDir().resolve("moto-" + PinnedVersions.get("MOTO_VERSION"));
        Path marker = venv.resolve(".installed");
        if (Files.exists(marker)) {
            return venv;
        }
        try {
            Files.createDirectories(cacheDir());
            try (FileChannel channel = FileChannel.open(cacheDir().resolve("moto-" + PinnedVersions.get("MOTO_VERSION") + ".lock"),
                    StandardOpenOption.CREATE, StandardOpenOption.WRITE);
                 FileLock ignored = channel.lock()) {
                if (Files.exists(marker)) {
                    return venv;
                }
                String python = System.getenv().getOrDefault("METERING_PYTHON", "python3");
                System.err.println("[metering-engine] creating " + venv + " with " + MOTO_REQUIREMENT + " (once; cached afterwards)");
                run(List.of(python, "-m", "venv", "--clear", venv.toString()),
                        "Python 3 with the venv module is needed to run the default DynamoDB engine (set METERING_PYTHON to choose one)");
                run(List.of(venvPython(venv).toString(), "-m", "pip", "install", "--disable-pip-version-check", "-q", MOTO_REQUIREMENT),
                        "pip could not install " + MOTO_REQUIREMENT);
                Files.writeString(marker, MOTO_REQUIREMENT + "\n", StandardCharsets.UTF_8);
            }
            return venv;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static Path cacheDir() {
        String configured = System.getenv("METERING_ENGINE_CACHE");
        if (configured != null && !configured.isBlank()) {
            return Path.of(configured);
        }
        String xdg = System.getenv("XDG_CACHE_HOME");
        Path base = xdg != null && !xdg.isBlank() ? Path.of(xdg) : Path.of(System.getProperty("user.home"), ".cache");
        return base.resolve("usage-metering");
    }

    private static Path venvPython(Path venv) {
        return venv.resolve("bin").resolve("python");
    }

    private static void run(List<String> command, String failure) throws IOException {
        File log = File.createTempFile("metering-engine-setup", ".log");
        try {
            Process p = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log).start();
            if (!p.waitFor(15, TimeUnit.MINUTES) || p.exitValue() != 0) {
                throw new IllegalStateException(failure + " (" + String.join(" ", command) + "):\n" + tail(log.toPath()));
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        } catch (IOException e) {
            throw new IllegalStateException(failure + ": " + e.getMessage(), e);
        }
    }

    private static String tail(Path log) {
        try {
            List<String> lines = Files.readAllLines(log);
            return String.join("\n", lines.subList(Math.max(0, lines.size() - 30), lines.size()));
        } catch (IOException e) {
            return "(no log: " + e.getMessage() + ")";
        }
    }
}
