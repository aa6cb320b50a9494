package dev.metering.testsupport;

import java.util.Arrays;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * Which DynamoDB engine the tests and the local run talk to, from {@code METERING_TEST_ENGINE}.
 *
 * <p>Unset means moto, unless {@code QUARKUS_DYNAMODB_ENDPOINT_OVERRIDE} is set, which has always
 * meant "use that endpoint" and still does. A value that names no engine is refused rather than
 * read as the default: a suite that silently ran against moto would claim what it did not test.
 */
public enum EngineChoice {
    /** moto behind the one-lock wrapper; needs Python 3 only. */
    MOTO,
    /** LocalStack (the image of infra/versions.env) with only DynamoDB, through Testcontainers. */
    LOCALSTACK,
    /** Floci, through Testcontainers. */
    FLOCI,
    /** The endpoint in {@code QUARKUS_DYNAMODB_ENDPOINT_OVERRIDE}, as it is. */
    EXTERNAL;

    public static final String ENV = "METERING_TEST_ENGINE";

    public static EngineChoice fromEnvironment() {
        return from(System.getenv());
    }

    static EngineChoice from(Map<String, String> env) {
        String raw = env.get(ENV);
        boolean hasEndpoint = !blank(env.get(DynamoEngine.ENDPOINT_ENV));
        if (blank(raw)) {
            return hasEndpoint ? EXTERNAL : MOTO;
        }
        EngineChoice choice = Arrays.stream(values())
                .filter(c -> c.label().equals(raw.trim().toLowerCase(Locale.ROOT)))
                .findFirst()
                .orElseThrow(() -> new EngineUnavailableException(ENV + "=" + raw + " names no engine; use one of "
                        + Arrays.stream(values()).map(EngineChoice::label).collect(Collectors.joining(", ")) + "."));
        if (choice == EXTERNAL && !hasEndpoint) {
            throw new EngineUnavailableException(ENV + "=external needs the endpoint in " + DynamoEngine.ENDPOINT_ENV
                    + " (for example http://localhost:4566).");
        }
        return choice;
    }

    /** The value as written in {@code METERING_TEST_ENGINE}. */
    public String label() {
        return name().toLowerCase(Locale.ROOT);
    }

    boolean needsDocker() {
        return this == LOCALSTACK || this == FLOCI;
    }

    private static boolean blank(String s) {
        return s == null || s.isBlank();
    }
}
