package dev.metering.testsupport;

import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import java.util.Map;

/**
 * Points a Quarkus function under test at the shared engine and a fresh table of its own. Use with
 * {@code @QuarkusTestResource(DynamoEngineResource.class)}; {@link #table()} names the table.
 */
public class DynamoEngineResource implements QuarkusTestResourceLifecycleManager {

    private static volatile String table;

    public static String table() {
        if (table == null) {
            throw new IllegalStateException("the DynamoEngineResource has not started");
        }
        return table;
    }

    @Override
    public Map<String, String> start() {
        DynamoEngine engine = DynamoEngine.shared();
        table = engine.createTable("function");
        return Map.of(
                "quarkus.dynamodb.endpoint-override", engine.endpoint().toString(),
                "quarkus.dynamodb.aws.region", engine.region().id(),
                "metering.table", table);
    }

    @Override
    public void stop() {
        // The engine lives as long as the JVM; its tables go with it.
    }
}
