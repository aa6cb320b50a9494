package dev.metering.testsupport.faults;

import java.util.concurrent.atomic.AtomicInteger;
import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.core.interceptor.Context;
import software.amazon.awssdk.core.interceptor.ExecutionAttributes;
import software.amazon.awssdk.core.interceptor.ExecutionInterceptor;
import software.amazon.awssdk.services.dynamodb.model.TransactWriteItemsRequest;

/**
 * Kills the "process" partway: transaction number {@code commitsBeforeDeath + 1} reaches the
 * engine and commits, and from then on nothing more does. The SDK turns whatever an interceptor
 * throws into a client exception, so the code under test sees failures and goes on; a test treats
 * whatever it returns after the death as lost, as a real kill would lose it.
 */
public final class KillSwitch implements ExecutionInterceptor {

    private final int commitsBeforeDeath;
    private final AtomicInteger transactions = new AtomicInteger();
    private final AtomicInteger refusedAfterDeath = new AtomicInteger();
    private volatile boolean dead;

    public KillSwitch(int commitsBeforeDeath) {
        this.commitsBeforeDeath = commitsBeforeDeath;
    }

    public boolean isDead() {
        return dead;
    }

    /** Transactions that reached the engine, the fatal one included. */
    public int transactionsSent() {
        return transactions.get();
    }

    /** Calls the dead process still attempted; none of them reached the engine. */
    public int refusedAfterDeath() {
        return refusedAfterDeath.get();
    }

    @Override
    public void beforeExecution(Context.BeforeExecution context, ExecutionAttributes attributes) {
        if (dead) {
            refusedAfterDeath.incrementAndGet();
            throw SdkClientException.create("the process is gone");
        }
    }

    @Override
    public void afterTransmission(Context.AfterTransmission context, ExecutionAttributes attributes) {
        if (context.request() instanceof TransactWriteItemsRequest && transactions.incrementAndGet() > commitsBeforeDeath) {
            dead = true;
            throw SdkClientException.create("killed after transaction " + transactions.get() + " reached the engine");
        }
    }
}
