package dev.metering.recordusage;

import dev.metering.testsupport.faults.FaultInjector;
import software.amazon.awssdk.core.interceptor.Context;
import software.amazon.awssdk.core.interceptor.ExecutionAttributes;
import software.amazon.awssdk.core.interceptor.ExecutionInterceptor;

/**
 * The function's own DynamoDB client, with faults when a test turns them on: Quarkus builds its
 * interceptors by class name, so the injector in use is set here from the test.
 */
public class InjectedFaults implements ExecutionInterceptor {

    private static volatile FaultInjector current;

    static void use(FaultInjector faults) {
        current = faults;
    }

    static void off() {
        current = null;
    }

    @Override
    public void beforeTransmission(Context.BeforeTransmission context, ExecutionAttributes attributes) {
        FaultInjector faults = current;
        if (faults != null) {
            faults.beforeTransmission(context, attributes);
        }
    }

    @Override
    public void afterTransmission(Context.AfterTransmission context, ExecutionAttributes attributes) {
        FaultInjector faults = current;
        if (faults != null) {
            faults.afterTransmission(context, attributes);
        }
    }
}
