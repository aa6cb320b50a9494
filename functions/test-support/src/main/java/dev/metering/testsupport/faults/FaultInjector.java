package dev.metering.testsupport.faults;

import java.util.EnumMap;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import software.amazon.awssdk.awscore.exception.AwsErrorDetails;
import software.amazon.awssdk.core.exception.ApiCallAttemptTimeoutException;
import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.core.interceptor.Context;
import software.amazon.awssdk.core.interceptor.ExecutionAttribute;
import software.amazon.awssdk.core.interceptor.ExecutionAttributes;
import software.amazon.awssdk.core.interceptor.ExecutionInterceptor;
import software.amazon.awssdk.core.interceptor.SdkExecutionAttribute;
import software.amazon.awssdk.services.dynamodb.model.CancellationReason;
import software.amazon.awssdk.services.dynamodb.model.ProvisionedThroughputExceededException;
import software.amazon.awssdk.services.dynamodb.model.TransactWriteItemsRequest;
import software.amazon.awssdk.services.dynamodb.model.TransactionCanceledException;

/**
 * Fails a share of a client's DynamoDB calls the ways DynamoDB does: throttling, a transaction
 * cancelled by a conflict, a timeout before the request left, and the worst one, a response lost
 * after the write committed. Faults happen before the engine sees the request, except the last.
 *
 * <p>On a client without the SDK's own retries every fault reaches the code under test; on one
 * with them (as the functions have) the SDK absorbs some, as it would in production.
 */
public final class FaultInjector implements ExecutionInterceptor {

    public enum Fault { THROTTLED, CONFLICT, TIMEOUT_BEFORE_SEND, RESPONSE_LOST_AFTER_COMMIT }

    private static final ExecutionAttribute<Boolean> LOSE_RESPONSE = new ExecutionAttribute<>("metering.fault.lose-response");

    private final Random random;
    private final double share;
    private final Set<String> operations;
    private final List<Fault> kinds;
    private final Map<Fault, AtomicLong> injected = new EnumMap<>(Fault.class);
    private volatile boolean enabled = true;

    /** Faults of every kind on a share of every call. */
    public FaultInjector(long seed, double share) {
        this(seed, share, Set.of(), EnumSet.allOf(Fault.class));
    }

    /** Faults of every kind on a share of the calls to the named operations only (all, when empty). */
    public FaultInjector(long seed, double share, Set<String> operations) {
        this(seed, share, operations, EnumSet.allOf(Fault.class));
    }

    /**
     * Faults of the given kinds on a share of the calls to the named operations (all, when empty).
     * A conflict drawn for a call that is not a transaction becomes throttling.
     */
    public FaultInjector(long seed, double share, Set<String> operations, Set<Fault> kinds) {
        if (kinds.isEmpty()) {
            throw new IllegalArgumentException("no fault kinds to inject");
        }
        this.random = new Random(seed);
        this.share = share;
        this.operations = Set.copyOf(operations);
        this.kinds = List.copyOf(EnumSet.copyOf(kinds));
        for (Fault f : Fault.values()) {
            injected.put(f, new AtomicLong());
        }
    }

    public void disable() {
        enabled = false;
    }

    public long injected(Fault fault) {
        return injected.get(fault).get();
    }

    public String summary() {
        return injected.entrySet().stream().map(e -> e.getKey() + "=" + e.getValue().get()).collect(Collectors.joining(", "));
    }

    @Override
    public void beforeTransmission(Context.BeforeTransmission context, ExecutionAttributes attributes) {
        String operation = attributes.getAttribute(SdkExecutionAttribute.OPERATION_NAME);
        if (!enabled || !(operations.isEmpty() || operations.contains(operation)) || random.nextDouble() >= share) {
            return;
        }
        boolean transaction = context.request() instanceof TransactWriteItemsRequest;
        Fault fault = kinds.get(random.nextInt(kinds.size()));
        if (fault == Fault.CONFLICT && !transaction) {
            fault = Fault.THROTTLED;
        }
        injected.get(fault).incrementAndGet();
        switch (fault) {
            case THROTTLED -> throw ProvisionedThroughputExceededException.builder()
                    .statusCode(400)
                    .awsErrorDetails(AwsErrorDetails.builder().errorCode("ProvisionedThroughputExceededException")
                            .serviceName("DynamoDb").errorMessage("injected: rate of requests exceeds the allowed throughput").build())
                    .message("injected throttling of " + operation)
                    .build();
            case CONFLICT -> throw conflict((TransactWriteItemsRequest) context.request());
            case TIMEOUT_BEFORE_SEND -> throw ApiCallAttemptTimeoutException.create(1000);
            case RESPONSE_LOST_AFTER_COMMIT -> attributes.putAttribute(LOSE_RESPONSE, true);
        }
    }

    @Override
    public void afterTransmission(Context.AfterTransmission context, ExecutionAttributes attributes) {
        if (Boolean.TRUE.equals(attributes.getAttribute(LOSE_RESPONSE))) {
            throw SdkClientException.create("injected: read timed out after the request reached DynamoDB");
        }
    }

    /** What DynamoDB answers when another transaction holds one of the items: TransactionConflict on it, None elsewhere. */
    private TransactionCanceledException conflict(TransactWriteItemsRequest request) {
        int items = request.transactItems().size();
        int conflicted = random.nextInt(items);
        return TransactionCanceledException.builder()
                .statusCode(400)
                .awsErrorDetails(AwsErrorDetails.builder().errorCode("TransactionCanceledException").serviceName("DynamoDb")
                        .errorMessage("injected: transaction cancelled").build())
                .message("injected transaction conflict")
                .cancellationReasons(IntStream.range(0, items)
                        .mapToObj(i -> CancellationReason.builder().code(i == conflicted ? "TransactionConflict" : "None").build())
                        .toList())
                .build();
    }
}
