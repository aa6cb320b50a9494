package dev.metering.bench;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import software.amazon.awssdk.core.SdkRequest;
import software.amazon.awssdk.core.interceptor.Context;
import software.amazon.awssdk.core.interceptor.ExecutionAttributes;
import software.amazon.awssdk.core.interceptor.ExecutionInterceptor;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.BatchWriteItemRequest;
import software.amazon.awssdk.services.dynamodb.model.DeleteItemRequest;
import software.amazon.awssdk.services.dynamodb.model.PutItemRequest;
import software.amazon.awssdk.services.dynamodb.model.TransactWriteItem;
import software.amazon.awssdk.services.dynamodb.model.TransactWriteItemsRequest;
import software.amazon.awssdk.services.dynamodb.model.UpdateItemRequest;

/**
 * Counts at the SDK seam what a client asks of DynamoDB: HTTP round trips (retries included) and
 * item writes (each Put, Update or Delete, alone, in a batch or in a transaction). A transaction's
 * condition checks are counted apart: they cost capacity but write nothing. Each transactional
 * write is also kept (its table, key and, for a put, its item), so that its capacity can be
 * reckoned from the item sizes afterwards ({@link #writeUnitsSince}).
 */
public final class RequestCounter implements ExecutionInterceptor {

    private final AtomicLong roundTrips = new AtomicLong();
    private final AtomicLong itemWrites = new AtomicLong();
    private final AtomicLong conditionChecks = new AtomicLong();
    private final AtomicLong transactions = new AtomicLong();
    private final List<Write> writes = new ArrayList<>();

    /** One transactional write: the item it put, or null for an update or a delete. */
    private record Write(String table, Map<String, AttributeValue> key, Map<String, AttributeValue> put) {}

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
                    keep(item);
                }
            }
        } else if (request instanceof PutItemRequest || request instanceof UpdateItemRequest || request instanceof DeleteItemRequest) {
            itemWrites.incrementAndGet();
        } else if (request instanceof BatchWriteItemRequest batch) {
            batch.requestItems().values().forEach(writes -> itemWrites.addAndGet(writes.size()));
        }
    }

    private void keep(TransactWriteItem item) {
        Write write;
        if (item.put() != null) {
            Map<String, AttributeValue> key = new HashMap<>();
            key.put("pk", item.put().item().get("pk"));
            key.put("sk", item.put().item().get("sk"));
            write = new Write(item.put().tableName(), key, item.put().item());
        } else if (item.update() != null) {
            write = new Write(item.update().tableName(), item.update().key(), null);
        } else {
            write = new Write(item.delete().tableName(), item.delete().key(), null);
        }
        synchronized (writes) {
            writes.add(write);
        }
    }

    public Snapshot snapshot() {
        synchronized (writes) {
            return new Snapshot(roundTrips.get(), itemWrites.get(), conditionChecks.get(), transactions.get(), writes.size());
        }
    }

    /**
     * The write capacity units the table charged for the transactional writes since {@code earlier},
     * from item sizes: each write at the larger of the item it put and the item as stored now, read
     * through {@code reader} (an upper bound: DynamoDB charges the larger of the item before and
     * after, and these items only grow), twice for a transaction.
     */
    public long writeUnitsSince(Snapshot earlier, DynamoDbClient reader) {
        List<Write> since;
        synchronized (writes) {
            since = List.copyOf(writes.subList((int) earlier.writes(), writes.size()));
        }
        Map<Map<String, AttributeValue>, Long> stored = new HashMap<>();
        long units = 0;
        for (Write w : since) {
            long now = stored.computeIfAbsent(w.key(), k -> {
                Map<String, AttributeValue> item = reader.getItem(b -> b.tableName(w.table()).key(k).consistentRead(true)).item();
                return item == null || item.isEmpty() ? 0L : ItemSize.of(item);
            });
            long bytes = Math.max(now, w.put() == null ? 0 : ItemSize.of(w.put()));
            units += 2L * ItemSize.writeUnits((int) bytes);
        }
        return units;
    }

    /** What was counted up to a moment; subtract two to measure what happened in between. */
    public record Snapshot(long roundTrips, long itemWrites, long conditionChecks, long transactions, long writes) {
        public Snapshot minus(Snapshot earlier) {
            return new Snapshot(roundTrips - earlier.roundTrips, itemWrites - earlier.itemWrites,
                    conditionChecks - earlier.conditionChecks, transactions - earlier.transactions, writes - earlier.writes);
        }
    }
}
