package dev.metering.recordusage;

import dev.metering.testsupport.OperationLog;
import software.amazon.awssdk.core.interceptor.Context;
import software.amazon.awssdk.core.interceptor.ExecutionAttributes;
import software.amazon.awssdk.core.interceptor.ExecutionInterceptor;

/** Records the DynamoDB calls of this function's client in its tests (see {@link OperationLog}). */
public class RecordedOperations implements ExecutionInterceptor {

    @Override
    public void beforeExecution(Context.BeforeExecution context, ExecutionAttributes attributes) {
        OperationLog.record(context, attributes);
    }
}
