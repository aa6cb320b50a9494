package dev.metering.testsupport;

/**
 * Run by the build before any test: checks that the engine chosen in {@code METERING_TEST_ENGINE}
 * can be had, so a missing Docker engine stops the build with one sentence instead of failing
 * every test class with the same error.
 */
public final class EngineCheck {

    private EngineCheck() {
    }

    public static void main(String[] args) {
        try {
            EngineChoice choice = EngineChoice.fromEnvironment();
            if (choice.needsDocker()) {
                ContainerEngine.requireDocker(choice);
            }
            System.out.println("[metering-engine] tests will run against " + choice.label());
        } catch (EngineUnavailableException e) {
            System.err.println("[metering-engine] " + e.getMessage());
            System.exit(2);
        }
    }
}
