package dev.metering.bench;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.BatchGetItemRequest;
import software.amazon.awssdk.services.dynamodb.model.BatchGetItemResponse;
import software.amazon.awssdk.services.dynamodb.model.GetItemRequest;
import software.amazon.awssdk.services.dynamodb.model.GetItemResponse;
import software.amazon.awssdk.services.dynamodb.model.KeysAndAttributes;
import software.amazon.awssdk.services.dynamodb.model.QueryRequest;
import software.amazon.awssdk.services.dynamodb.model.QueryResponse;
import software.amazon.awssdk.services.dynamodb.model.TransactWriteItemsRequest;
import software.amazon.awssdk.services.dynamodb.model.TransactWriteItemsResponse;

/**
 * The store's I/O stubbed for the CPU benchmark: reads answer from a snapshot of a real table,
 * writes are accepted and dropped. Every batch therefore meets the same state and does the same
 * work, which is what a steady-state loop needs. Nothing here is used where the store is tested.
 */
final class SnapshotDynamoDb implements DynamoDbClient {

    private final Map<String, Map<String, AttributeValue>> items = new HashMap<>();

    SnapshotDynamoDb(DynamoDbClient source, String table) {
        source.scanPaginator(b -> b.tableName(table)).items().forEach(item -> items.put(key(item), item));
    }

    private static String key(Map<String, AttributeValue> item) {
        return item.get("pk").s() + "\u0000" + item.get("sk").s();
    }

    @Override
    public BatchGetItemResponse batchGetItem(BatchGetItemRequest request) {
        Map<String, List<Map<String, AttributeValue>>> found = new HashMap<>();
        for (Map.Entry<String, KeysAndAttributes> table : request.requestItems().entrySet()) {
            found.put(table.getKey(), table.getValue().keys().stream().map(k -> items.get(key(k)))
                    .filter(item -> item != null).toList());
        }
        return BatchGetItemResponse.builder().responses(found).build();
    }

    @Override
    public GetItemResponse getItem(GetItemRequest request) {
        Map<String, AttributeValue> item = items.get(key(request.key()));
        return item == null ? GetItemResponse.builder().build() : GetItemResponse.builder().item(item).build();
    }

    /** The one query the recorder makes, for the price rows put at runtime (read once a minute): those of the snapshot. */
    @Override
    public QueryResponse query(QueryRequest request) {
        String partition = request.expressionAttributeValues().get(":pk").s();
        List<Map<String, AttributeValue>> found = items.values().stream().filter(item -> item.get("pk").s().equals(partition)).toList();
        return QueryResponse.builder().items(found).count(found.size()).build();
    }

    @Override
    public TransactWriteItemsResponse transactWriteItems(TransactWriteItemsRequest request) {
        return TransactWriteItemsResponse.builder().build();
    }

    @Override
    public String serviceName() {
        return SERVICE_NAME;
    }

    @Override
    public void close() {
    }
}
