package dev.metering.testsupport;

import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.auth.credentials.DefaultCredentialsProvider;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.core.client.config.ClientOverrideConfiguration;
import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;

/**
 * The DynamoDB engine that tests (and the local run) talk to, started once per JVM.
 *
 * <p>{@link EngineChoice} picks it: moto behind the one-lock wrapper on a free port (the default),
 * LocalStack or Floci in a container, or the endpoint in {@code QUARKUS_DYNAMODB_ENDPOINT_OVERRIDE}
 * as it is. Engines started here stop when the JVM exits.
 */
public final class DynamoEngine {

    public static final String ENDPOINT_ENV = "QUARKUS_DYNAMODB_ENDPOINT_OVERRIDE";
    private static final Duration READY_TIMEOUT = Duration.ofSeconds(60);
    private static volatile DynamoEngine shared;

    private final URI endpoint;
    private final String description;
    private final Region region;
    private final AwsCredentialsProvider credentials;

    private DynamoEngine(URI endpoint, String description, AwsCredentialsProvider credentials) {
        this.endpoint = endpoint;
        this.description = description;
        this.region = Region.of(System.getenv().getOrDefault("AWS_REGION", "us-east-1"));
        this.credentials = credentials;
    }

    /** The engine for this JVM, started on first use. */
    public static DynamoEngine shared() {
        DynamoEngine engine = shared;
        if (engine == null) {
            synchronized (DynamoEngine.class) {
                engine = shared;
                if (engine == null) {
                    engine = start();
                    shared = engine;
                }
            }
        }
        return engine;
    }

    private static DynamoEngine start() {
        EngineChoice choice = EngineChoice.fromEnvironment();
        DynamoEngine engine = switch (choice) {
            case EXTERNAL -> {
                String endpoint = System.getenv(ENDPOINT_ENV);
                boolean hasKeys = System.getenv("AWS_ACCESS_KEY_ID") != null;
                yield new DynamoEngine(URI.create(endpoint), "external endpoint " + endpoint,
                        hasKeys ? DefaultCredentialsProvider.builder().build() : dummyCredentials());
            }
            case LOCALSTACK, FLOCI -> {
                ContainerEngine container = ContainerEngine.start(choice);
                Runtime.getRuntime().addShutdownHook(new Thread(container::stop, "metering-container-stop"));
                yield new DynamoEngine(container.endpoint(), choice.label() + " (" + container.image() + ") at "
                        + container.endpoint(), dummyCredentials());
            }
            case MOTO -> {
                MotoEngine moto = MotoEngine.start();
                Runtime.getRuntime().addShutdownHook(new Thread(moto::stop, "metering-moto-stop"));
                yield new DynamoEngine(moto.endpoint(), "moto (one-lock) at " + moto.endpoint() + ", log " + moto.logFile(),
                        dummyCredentials());
            }
        };
        engine.awaitReady();
        System.err.println("[metering-engine] " + engine.description);
        return engine;
    }

    private static AwsCredentialsProvider dummyCredentials() {
        return StaticCredentialsProvider.create(AwsBasicCredentials.create("test", "test"));
    }

    public URI endpoint() {
        return endpoint;
    }

    public Region region() {
        return region;
    }

    public String description() {
        return description;
    }

    /** A new client of its own: concurrency tests give each writer one, as separate Lambda instances have. */
    public DynamoDbClient newClient() {
        return newClient(c -> { });
    }

    /** A new client with more settings: fault injection and counting interceptors, a retry strategy. */
    public DynamoDbClient newClient(Consumer<ClientOverrideConfiguration.Builder> settings) {
        return DynamoDbClient.builder()
                .endpointOverride(endpoint)
                .region(region)
                .credentialsProvider(credentials)
                .overrideConfiguration(c -> settings.accept(c.putExecutionAttribute(OperationLog.TEST_CLIENT, true)))
                .httpClient(UrlConnectionHttpClient.builder()
                        .connectionTimeout(Duration.ofSeconds(10))
                        .socketTimeout(Duration.ofSeconds(60))
                        .build())
                .build();
    }

    /** Creates a fresh table from the single table definition, with a unique name. */
    public String createTable(String prefix) {
        return createTable(prefix, true);
    }

    /** @param withStream false where nothing reads the stream and many writes would keep the engine's memory busy */
    public String createTable(String prefix, boolean withStream) {
        String name = prefix + "-" + UUID.randomUUID().toString().substring(0, 8);
        try (DynamoDbClient client = newClient()) {
            TableDefinition.load().create(client, name, withStream);
        }
        return name;
    }

    private void awaitReady() {
        Instant deadline = Instant.now().plus(READY_TIMEOUT);
        try (DynamoDbClient client = newClient()) {
            while (true) {
                try {
                    client.listTables(b -> b.limit(1));
                    return;
                } catch (SdkClientException e) {
                    if (Instant.now().isAfter(deadline)) {
                        throw new IllegalStateException("DynamoDB engine at " + endpoint + " did not answer within " + READY_TIMEOUT, e);
                    }
                    TimeUnit.MILLISECONDS.sleep(100);
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
