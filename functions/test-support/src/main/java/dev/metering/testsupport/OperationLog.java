package dev.metering.testsupport;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import software.amazon.awssdk.core.interceptor.Context;
import software.amazon.awssdk.core.interceptor.ExecutionAttribute;
import software.amazon.awssdk.core.interceptor.ExecutionAttributes;
import software.amazon.awssdk.core.interceptor.SdkExecutionAttribute;
import software.amazon.awssdk.services.dynamodb.model.QueryRequest;
import software.amazon.awssdk.services.dynamodb.model.ScanRequest;
import software.amazon.awssdk.services.dynamodb.model.TransactWriteItemsRequest;

/**
 * Records, as IAM action names, the DynamoDB calls that the code under test makes, so that a test
 * can check the deployment template grants each function exactly what its code needs. A function's
 * tests register an interceptor that calls {@link #record} on the function's own client, in the test
 * profile ({@code quarkus.dynamodb.interceptors}; the class must be one of the module's own, which
 * Quarkus indexes);
 * clients that tests build for their own setup and checks carry {@link #TEST_CLIENT} and are left
 * out. A query or scan of a secondary index is also recorded as {@code index/<name>}, since IAM
 * grants an index as a resource of its own. Written to {@code target/dynamodb-operations.txt} of the
 * module when the JVM exits.
 */
public final class OperationLog {

    /**
     * Named per class loader: a module whose tests restart Quarkus loads this class again, while the
     * SDK's registry of attribute names, loaded once, refuses a name it has seen.
     */
    public static final ExecutionAttribute<Boolean> TEST_CLIENT = new ExecutionAttribute<>("metering.testClient@"
            + Integer.toHexString(System.identityHashCode(OperationLog.class.getClassLoader())));
    public static final Path FILE = Path.of("target", "dynamodb-operations.txt");
    /** The prefix of a recorded index, as its resource ends in an IAM policy: {@code <table arn>/index/<name>}. */
    public static final String INDEX = "index/";
    /**
     * The record is kept for the whole JVM, not per copy of this class: a module whose tests restart
     * Quarkus holds one copy per class loader, and a hook per copy, all writing one file at once,
     * would leave one copy's calls, or a torn line.
     */
    static final String RECORD = "metering.dynamodb.operations";
    private static final String SEPARATOR = ",";
    /**
     * What this copy has already put in the record: the shared lock is then taken once per action,
     * not on every call of the tests that fire many concurrent writers.
     */
    private static final Set<String> PUBLISHED = ConcurrentHashMap.newKeySet();

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
                    add("dynamodb:PutItem");
                }
                if (item.update() != null) {
                    add("dynamodb:UpdateItem");
                }
                if (item.delete() != null) {
                    add("dynamodb:DeleteItem");
                }
                if (item.conditionCheck() != null) {
                    add("dynamodb:ConditionCheckItem");
                }
            });
            return;
        }
        add("dynamodb:" + attributes.getAttribute(SdkExecutionAttribute.OPERATION_NAME));
        String index = context.request() instanceof QueryRequest query ? query.indexName()
                : context.request() instanceof ScanRequest scan ? scan.indexName() : null;
        if (index != null) {
            add(INDEX + index);
        }
    }

    static void add(String action) {
        if (PUBLISHED.add(action)) {
            publish(action);
        }
    }

    private static void publish(String action) {
        // A string literal is one object in the whole JVM, whichever class loader loaded this class.
        synchronized (RECORD) {
            String recorded = System.getProperty(RECORD);
            if (recorded == null) {
                Runtime.getRuntime().addShutdownHook(new Thread(() -> write(FILE), "metering-operation-log"));
            }
            Set<String> actions = recorded();
            if (actions.add(action)) {
                System.setProperty(RECORD, String.join(SEPARATOR, actions));
            }
        }
    }

    /** Every call recorded in this JVM so far, from every copy of this class. */
    static Set<String> recorded() {
        synchronized (RECORD) {
            String recorded = System.getProperty(RECORD, "");
            return recorded.isEmpty() ? new TreeSet<>() : new TreeSet<>(List.of(recorded.split(SEPARATOR)));
        }
    }

    static void write(Path file) {
        synchronized (RECORD) {
            Set<String> actions = recorded();
            if (actions.isEmpty() || !Files.isDirectory(file.toAbsolutePath().getParent())) {
                return;
            }
            try {
                Files.write(file, actions);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
    }
}
