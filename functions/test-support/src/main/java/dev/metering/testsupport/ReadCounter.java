package dev.metering.testsupport;

import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import software.amazon.awssdk.core.SdkResponse;
import software.amazon.awssdk.core.interceptor.Context;
import software.amazon.awssdk.core.interceptor.ExecutionAttributes;
import software.amazon.awssdk.core.interceptor.ExecutionInterceptor;
import software.amazon.awssdk.core.interceptor.SdkExecutionAttribute;
import software.amazon.awssdk.services.dynamodb.model.BatchGetItemResponse;
import software.amazon.awssdk.services.dynamodb.model.GetItemResponse;
import software.amazon.awssdk.services.dynamodb.model.QueryResponse;
import software.amazon.awssdk.services.dynamodb.model.ScanResponse;

/**
 * Counts at the SDK seam what a client reads: calls by operation, HTTP round trips (retries
 * included) and items read, each as the engine charges them (a query or scan by the items it
 * examined, before any filter; a get by the item it found; a batch get by the items it returned).
 * What a route or a page costs is shown by these counts, whatever the code above the client does.
 */
public final class ReadCounter implements ExecutionInterceptor {

    private final Map<String, AtomicLong> calls = new ConcurrentHashMap<>();
    private final AtomicLong roundTrips = new AtomicLong();
    private final AtomicLong itemsRead = new AtomicLong();

    @Override
    public void beforeExecution(Context.BeforeExecution context, ExecutionAttributes attributes) {
        calls.computeIfAbsent(attributes.getAttribute(SdkExecutionAttribute.OPERATION_NAME), k -> new AtomicLong()).incrementAndGet();
    }

    @Override
    public void beforeTransmission(Context.BeforeTransmission context, ExecutionAttributes attributes) {
        roundTrips.incrementAndGet();
    }

    @Override
    public void afterExecution(Context.AfterExecution context, ExecutionAttributes attributes) {
        itemsRead.addAndGet(itemsIn(context.response()));
    }

    static long itemsIn(SdkResponse response) {
        if (response instanceof QueryResponse query) {
            return query.scannedCount() == null ? query.count() : query.scannedCount();
        }
        if (response instanceof ScanResponse scan) {
            return scan.scannedCount() == null ? scan.count() : scan.scannedCount();
        }
        if (response instanceof GetItemResponse get) {
            return get.hasItem() && !get.item().isEmpty() ? 1 : 0;
        }
        if (response instanceof BatchGetItemResponse batch) {
            return batch.responses().values().stream().mapToLong(java.util.List::size).sum();
        }
        return 0;
    }

    /** What was counted up to now; subtract an earlier one to see what happened in between. */
    public Counts counts() {
        Map<String, Long> byOperation = new TreeMap<>();
        calls.forEach((operation, n) -> byOperation.put(operation, n.get()));
        return new Counts(byOperation, roundTrips.get(), itemsRead.get());
    }

    /** Calls by operation, round trips and items read. */
    public record Counts(Map<String, Long> calls, long roundTrips, long itemsRead) {

        public long calls(String operation) {
            return calls.getOrDefault(operation, 0L);
        }

        public Counts minus(Counts earlier) {
            Map<String, Long> byOperation = new TreeMap<>(calls);
            earlier.calls.forEach((operation, n) -> byOperation.merge(operation, -n, Long::sum));
            byOperation.values().removeIf(n -> n == 0);
            return new Counts(byOperation, roundTrips - earlier.roundTrips, itemsRead - earlier.itemsRead);
        }
    }

    /** What {@code action} cost on this counter's client (nothing else may use it meanwhile). */
    public Counts during(Runnable action) {
        Counts before = counts();
        action.run();
        return counts().minus(before);
    }
}
