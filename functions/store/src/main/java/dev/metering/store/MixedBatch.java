package dev.metering.store;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.BatchGetItemResponse;
import software.amazon.awssdk.services.dynamodb.model.KeysAndAttributes;

/**
 * Consistent batch reads of items of several kinds in one request (an account and its budgets, a
 * cycle and its tag counts), which the enhanced client cannot mix: the caller tells each item's kind
 * by its sort key. At most 100 keys a request; keys left unprocessed are asked again after a backoff.
 */
final class MixedBatch {

    private static final int LIMIT = 100;

    private MixedBatch() {}

    static List<Map<String, AttributeValue>> read(DynamoDbClient dynamo, StoreConfig config, List<Map<String, AttributeValue>> keys) {
        List<Map<String, AttributeValue>> found = new ArrayList<>();
        for (int start = 0; start < keys.size(); start += LIMIT) {
            List<Map<String, AttributeValue>> pending = keys.subList(start, Math.min(keys.size(), start + LIMIT));
            int rounds = 0;
            while (!pending.isEmpty()) {
                List<Map<String, AttributeValue>> asked = pending;
                BatchGetItemResponse page = dynamo.batchGetItem(b -> b.requestItems(Map.of(config.tableName(),
                        KeysAndAttributes.builder().keys(asked).consistentRead(true).build())));
                found.addAll(page.responses().getOrDefault(config.tableName(), List.of()));
                KeysAndAttributes left = page.hasUnprocessedKeys() ? page.unprocessedKeys().get(config.tableName()) : null;
                pending = left == null ? List.of() : left.keys();
                if (!pending.isEmpty()) {
                    Backoff.sleep(config, ++rounds);
                }
            }
        }
        return found;
    }
}
