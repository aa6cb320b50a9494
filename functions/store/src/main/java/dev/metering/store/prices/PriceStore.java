package dev.metering.store.prices;

import dev.metering.core.price.PriceRow;
import dev.metering.store.StoreConfig;
import dev.metering.store.item.Keys;
import dev.metering.store.item.MeteringTable;
import dev.metering.store.item.ModelIdItem;
import dev.metering.store.item.PriceModelItem;
import dev.metering.store.item.PriceRowItem;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import software.amazon.awssdk.enhanced.dynamodb.Expression;
import software.amazon.awssdk.enhanced.dynamodb.model.PutItemEnhancedRequest;
import software.amazon.awssdk.enhanced.dynamodb.model.TransactPutItemEnhancedRequest;
import software.amazon.awssdk.enhanced.dynamodb.model.TransactWriteItemsEnhancedRequest;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.QueryRequest;
import software.amazon.awssdk.services.dynamodb.model.QueryResponse;
import software.amazon.awssdk.services.dynamodb.model.TransactionCanceledException;

/**
 * The price rows and ids put at runtime, under one partition of the table. Read whole (it is
 * bounded: at most {@link #MAX_ROWS} rows and {@link #MAX_IDS} ids, so a read is at most a few
 * pages of 1 MB); written once each, never edited or deleted.
 */
public final class PriceStore {

    /** The most rows and ids the table may hold: what bounds every function's read of them. */
    public static final int MAX_ROWS = 1_000;
    public static final int MAX_IDS = 1_000;

    private final DynamoDbClient dynamo;
    private final StoreConfig config;
    private final MeteringTable table;

    public PriceStore(DynamoDbClient dynamo, StoreConfig config) {
        this.dynamo = dynamo;
        this.config = config;
        this.table = new MeteringTable(dynamo, config.tableName());
    }

    /** What the table holds: its rows, its ids (id to model), and each model's count of rows. */
    public record Snapshot(List<PriceRow> rows, Map<String, String> ids, Map<String, Long> rowCounts) {
        public static final Snapshot EMPTY = new Snapshot(List.of(), Map.of(), Map.of());
    }

    /** Everything under the prices' partition, read consistently. */
    public Snapshot read() {
        List<PriceRow> rows = new ArrayList<>();
        Map<String, String> ids = new HashMap<>();
        Map<String, Long> counts = new HashMap<>();
        Map<String, AttributeValue> start = null;
        do {
            QueryResponse page = dynamo.query(QueryRequest.builder().tableName(config.tableName()).consistentRead(true)
                    .keyConditionExpression("#pk = :pk").expressionAttributeNames(Map.of("#pk", Keys.PK))
                    .expressionAttributeValues(Map.of(":pk", AttributeValue.fromS(Keys.PRICES))).exclusiveStartKey(start).build());
            for (Map<String, AttributeValue> item : page.items()) {
                String sk = item.get(Keys.SK).s();
                if (PriceRowItem.isOne(sk)) {
                    rows.add(PriceRowItem.SCHEMA.mapToItem(item).toRow());
                } else if (ModelIdItem.isOne(sk)) {
                    ModelIdItem id = ModelIdItem.SCHEMA.mapToItem(item);
                    ids.put(id.id(), id.model());
                } else if (PriceModelItem.isOne(sk)) {
                    PriceModelItem model = PriceModelItem.SCHEMA.mapToItem(item);
                    counts.put(model.model(), model.rows());
                }
            }
            start = page.hasLastEvaluatedKey() && !page.lastEvaluatedKey().isEmpty() ? page.lastEvaluatedKey() : null;
        } while (start != null);
        return new Snapshot(List.copyOf(rows), Map.copyOf(ids), Map.copyOf(counts));
    }

    /** Another put changed what this one was checked against: nothing of it was written. */
    public static final class Concurrent extends RuntimeException {
        Concurrent(Throwable cause) {
            super("the prices changed while this was put", cause);
        }
    }

    /**
     * Writes a row (null: none, only ids) and new ids of {@code model} in one transaction: the row
     * only if its key is free, the model's count only if it is still {@code rowsBefore}, each id
     * only if it is free or already names this model.
     *
     * @throws Concurrent when a condition failed
     */
    public void put(String model, PriceRow row, long rowsBefore, List<String> newIds, Instant at, String by) {
        TransactWriteItemsEnhancedRequest.Builder tx = TransactWriteItemsEnhancedRequest.builder();
        if (row != null) {
            tx.addPutItem(table.priceRows(), TransactPutItemEnhancedRequest.builder(PriceRowItem.class).item(PriceRowItem.of(row))
                    .conditionExpression(Expression.builder().expression("attribute_not_exists(#pk)").putExpressionName("#pk", Keys.PK).build())
                    .build());
            Expression sameCount = rowsBefore == 0
                    ? Expression.builder().expression("attribute_not_exists(#pk)").putExpressionName("#pk", Keys.PK).build()
                    : Expression.builder().expression("#rows = :rows").putExpressionName("#rows", "rows")
                            .putExpressionValue(":rows", AttributeValue.fromN(Long.toString(rowsBefore))).build();
            tx.addPutItem(table.priceModels(), TransactPutItemEnhancedRequest.builder(PriceModelItem.class)
                    .item(PriceModelItem.of(model, rowsBefore + 1)).conditionExpression(sameCount).build());
        }
        for (String id : newIds) {
            tx.addPutItem(table.modelIds(), TransactPutItemEnhancedRequest.builder(ModelIdItem.class).item(ModelIdItem.of(id, model, at, by))
                    .conditionExpression(Expression.builder().expression("attribute_not_exists(#pk) OR #model = :model")
                            .putExpressionName("#pk", Keys.PK).putExpressionName("#model", "model")
                            .putExpressionValue(":model", AttributeValue.fromS(model)).build())
                    .build());
        }
        try {
            table.enhanced().transactWriteItems(tx.build());
        } catch (TransactionCanceledException e) {
            throw new Concurrent(e);
        }
    }

    /** A row written directly, for tests that set the table up (the API goes through {@link #put}). */
    void putRow(PriceRow row) {
        table.priceRows().putItem(PutItemEnhancedRequest.builder(PriceRowItem.class).item(PriceRowItem.of(row)).build());
    }
}
