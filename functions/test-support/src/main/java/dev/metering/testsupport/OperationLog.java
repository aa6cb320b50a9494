package dev.metering.testsupport;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentSkipListSet;
import software.amazon.awssdk.core.interceptor.Context;
import software.amazon.awssdk.core.interceptor.ExecutionAttribute;
import software.amazon.awssdk.core.interceptor.ExecutionAttributes;
import software.amazon.awssdk.core.interceptor.SdkExecutionAttribute;
import software.amazon.awssdk.services.dynamodb.model.TransactWriteItemsRequest;

/**
 * Records, as IAM action names, the DynamoDB calls that the code under test makes, so that a test
 * can check the deployment template grants each function exactly what its code needs. A function's
 * tests register an interceptor that calls {@link #record} on the function's own client, in the test
 * profile ({@code quarkus.dynamodb.interceptors}; the class must be one of the module's own, which
 * Quarkus indexes);
 * clients that tests build for their own setup and checks carry {@link #TEST_CLIENT} and are left
 * out. Written to {@code target/dynamodb-operations.txt} of the module when the JVM exits.
 */
public final class OperationLog {

    /**
     * Named per class loader: a module whose tests restart Quarkus loads this class again, while the
     * SDK's registry of attribute names, loaded once, refuses a name it has seen.
     */
    public static final ExecutionAttribute<Boolean> TEST_CLIENT = new ExecutionAttribute<>("metering.testClient@"
            + Integer.toHexString(System.identityHashCode(OperationLog.class.getClassLoader())));
    public static final Path FILE = Path.of("target", "dynamodb-operations.txt");
    private static final Set<String> ACTIONS = new ConcurrentSkipListSet<>();

    static {
        Runtime.getRuntime().addShutdownHook(new Thread(OperationLog::write, "metering-operation-log"));
    }

    private OperationLog() {}

    /** Call from an {@link software.amazon.awssdk.core.interceptor.ExecutionInterceptor#beforeExecution}. */
    public static void record(Context.BeforeExecution context, ExecutionAttributes attributes) {
        if (Boolean.TRUE.equals(attributes.getAttribute(TEST_CLIENT))
                || !"DynamoDb".equals(attributes.getAttribute(SdkExecutionAttribute.SERVICE_NAME))) {
            return;
        }
        if (context.request() instanceof TransactWriteItemsRequest transaction) {
            // A transaction is authorised action by action.
            transaction.transactItems().forEach(item -> {
                if (item.put() != null) {
                    ACTIONS.add("dynamodb:PutItem");
                }
                if (item.update() != null) {
                    ACTIONS.add("dynamodb:UpdateItem");
                }
                if (item.delete() != null) {
                    ACTIONS.add("dynamodb:DeleteItem");
                }
                if (item.conditionCheck() != null) {
                    ACTIONS.add("dynamodb:ConditionCheckItem");
                }
            });
            return;
        }
        ACTIONS.add("dynamodb:" + attributes.getAttribute(SdkExecutionAttribute.OPERATION_NAME));
    }

    private static void write() {
        if (ACTIONS.isEmpty() || !Files.isDirectory(FILE.getParent())) {
            return;
        }
        try {
            Files.write(FILE, new TreeSet<>(ACTIONS));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
