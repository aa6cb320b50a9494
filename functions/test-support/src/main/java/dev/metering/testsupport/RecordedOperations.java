package dev.metering.testsupport;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import software.amazon.awssdk.core.interceptor.Context;
import software.amazon.awssdk.core.interceptor.ExecutionAttributes;
import software.amazon.awssdk.core.interceptor.ExecutionInterceptor;
import software.amazon.awssdk.core.interceptor.SdkExecutionAttribute;

/**
 * Records the DynamoDB calls of this function's client in its tests: as IAM actions for the
 * template's check (see {@link OperationLog}), and one by one, so that a test can count what a route costs.
 */
public class RecordedOperations implements ExecutionInterceptor {

    private static final List<String> CALLS = new CopyOnWriteArrayList<>();
    private static final ReadCounter READS = new ReadCounter();

    @Override
    public void beforeExecution(Context.BeforeExecution context, ExecutionAttributes attributes) {
        OperationLog.record(context, attributes);
        if (!Boolean.TRUE.equals(attributes.getAttribute(OperationLog.TEST_CLIENT))) {
            CALLS.add(attributes.getAttribute(SdkExecutionAttribute.OPERATION_NAME));
            READS.beforeExecution(context, attributes);
        }
    }

    @Override
    public void beforeTransmission(Context.BeforeTransmission context, ExecutionAttributes attributes) {
        if (!Boolean.TRUE.equals(attributes.getAttribute(OperationLog.TEST_CLIENT))) {
            READS.beforeTransmission(context, attributes);
        }
    }

    @Override
    public void afterExecution(Context.AfterExecution context, ExecutionAttributes attributes) {
        if (!Boolean.TRUE.equals(attributes.getAttribute(OperationLog.TEST_CLIENT))) {
            READS.afterExecution(context, attributes);
        }
    }

    /** What the function's client read while {@code action} ran: calls, round trips and items (tests run one at a time). */
    public static ReadCounter.Counts cost(Runnable action) {
        return READS.during(action);
    }

    /** The calls made while {@code action} ran (tests run one at a time). */
    public static List<String> during(Runnable action) {
        CALLS.clear();
        action.run();
        return List.copyOf(CALLS);
    }
}
