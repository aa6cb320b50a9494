package dev.metering.bench;

import java.util.concurrent.atomic.AtomicLong;
import software.amazon.awssdk.core.SdkRequest;
import software.amazon.awssdk.core.interceptor.Context;
import software.amazon.awssdk.core.interceptor.ExecutionAttributes;
import software.amazon.awssdk.core.interceptor.ExecutionInterceptor;
import software.amazon.awssdk.services.dynamodb.model.BatchWriteItemRequest;
import software.amazon.awssdk.services.dynamodb.model.DeleteItemRequest;
import software.amazon.awssdk.services.dynamodb.model.PutItemRequest;
import software.amazon.awssdk.services.dynamodb.model.TransactWriteItem;
import software.amazon.awssdk.services.dynamodb.model.TransactWriteItemsRequest;
import software.amazon.awssdk.services.dynamodb.model.UpdateItemRequest;

/**
 * Counts at the SDK seam what a client asks of DynamoDB: HTTP round trips (retries included) and
 * item writes (each Put, Update or Delete, alone, in a batch or in a transaction). A transaction's
 * condition checks are counted apart: they cost capacity but write nothing.
 */
public final class RequestCounter implements ExecutionInterceptor {

    private final AtomicLong roundTrips = new AtomicLong();
    private final AtomicLong itemWrites = new AtomicLong();
    private final AtomicLong conditionChecks = new AtomicLong();
    private final AtomicLong transactions = new AtomicLong();

    @Override
    public void beforeTransmission(Context.BeforeTransmission context, ExecutionAttributes attributes) {
        roundTrips.incrementAndGet();
        SdkRequest request = context.request();
        if (request instanceof TransactWriteItemsRequest tx) {
            transactions.incrementAndGet();
            for (TransactWriteItem item : tx.transactItems()) {
                if (item.conditionCheck() != null) {
                    conditionChecks.incrementAndGet();
                } else {
                    itemWrites.incrementAndGet();
                }
            }
        } else if (request instanceof PutItemRequest || request instanceof UpdateItemRequest || request instanceof DeleteItemRequest) {
            itemWrites.incrementAndGet();
        } else if (request instanceof BatchWriteItemRequest batch) {
            batch.requestItems().values().forEach(writes -> itemWrites.addAndGet(writes.size()));
        }
    }

    public Snapshot snapshot() {
        return new Snapshot(roundTrips.get(), itemWrites.get(), conditionChecks.get(), transactions.get());
    }

    /** What was counted up to a moment; subtract two to measure what happened in between. */
    public record Snapshot(long roundTrips, long itemWrites, long conditionChecks, long transactions) {
        public Snapshot minus(Snapshot earlier) {
            return new Snapshot(roundTrips - earlier.roundTrips, itemWrites - earlier.itemWrites,
                    conditionChecks - earlier.conditionChecks, transactions - earlier.transactions);
        }
    }
}
