package dev.metering.testsupport;

import java.net.URI;
import java.time.Duration;
import org.testcontainers.DockerClientFactory;
import org.testcontainers.containers.GenericContainer;
import org.testcontainers.containers.wait.strategy.Wait;
import org.testcontainers.localstack.LocalStackContainer;
import org.testcontainers.utility.DockerImageName;

/**
 * LocalStack or Floci in a container, for users who have Docker. The one place that starts
 * containers; every test reaches it through {@link DynamoEngine#shared()}.
 */
final class ContainerEngine {

    static final String LOCALSTACK_IMAGE = PinnedVersions.get("LOCALSTACK_IMAGE");
    static final String FLOCI_IMAGE = PinnedVersions.get("FLOCI_IMAGE");
    private static final int EDGE_PORT = 4566;
    private static final Duration START_TIMEOUT = Duration.ofMinutes(3);

    private final GenericContainer<?> container;
    private final URI endpoint;

    private ContainerEngine(GenericContainer<?> container, URI endpoint) {
        this.container = container;
        this.endpoint = endpoint;
    }

    URI endpoint() {
        return endpoint;
    }

    String image() {
        return container.getDockerImageName();
    }

    void stop() {
        container.stop();
    }

    static ContainerEngine start(EngineChoice choice) {
        requireDocker(choice);
        GenericContainer<?> container = switch (choice) {
            case LOCALSTACK -> new LocalStackContainer(DockerImageName.parse(image("METERING_LOCALSTACK_IMAGE", LOCALSTACK_IMAGE)))
                    .withServices("dynamodb")
                    // LocalStack releases after the community sunset ask for a token; pass one through when the user has it.
                    .withEnv("LOCALSTACK_AUTH_TOKEN", System.getenv().getOrDefault("LOCALSTACK_AUTH_TOKEN", ""));
            case FLOCI -> new GenericContainer<>(DockerImageName.parse(image("METERING_FLOCI_IMAGE", FLOCI_IMAGE)))
                    .withExposedPorts(EDGE_PORT)
                    .withEnv("FLOCI_STORAGE_MODE", "memory")
                    .waitingFor(Wait.forListeningPort());
            default -> throw new IllegalArgumentException(choice + " does not run in a container");
        };
        container.withStartupTimeout(START_TIMEOUT).start();
        URI endpoint = URI.create("http://" + container.getHost() + ":" + container.getMappedPort(EDGE_PORT));
        return new ContainerEngine(container, endpoint);
    }

    /** Fails with one sentence when no Docker engine answers; Testcontainers' own error is a page long. */
    static void requireDocker(EngineChoice choice) {
        if (!DockerClientFactory.instance().isDockerAvailable()) {
            throw new EngineUnavailableException(EngineChoice.ENV + "=" + choice.label()
                    + " needs a running Docker engine and none answered (DOCKER_HOST, the Docker socket, Testcontainers'"
                    + " settings); start Docker, or unset " + EngineChoice.ENV + " to test against moto, which needs no Docker.");
        }
    }

    private static String image(String overrideEnv, String pinned) {
        String override = System.getenv(overrideEnv);
        return override == null || override.isBlank() ? pinned : override;
    }
}
