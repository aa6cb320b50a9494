package dev.metering.store;

import java.util.List;
import software.amazon.awssdk.enhanced.dynamodb.DynamoDbEnhancedClient;
import software.amazon.awssdk.enhanced.dynamodb.DynamoDbTable;
import software.amazon.awssdk.enhanced.dynamodb.model.BatchWriteItemEnhancedRequest;
import software.amazon.awssdk.enhanced.dynamodb.model.BatchWriteResult;
import software.amazon.awssdk.enhanced.dynamodb.model.WriteBatch;

/**
 * Puts many items of one kind at once, for tests that need a table as large as production's worst
 * case: batch writes of 25 (what one BatchWriteItem takes), with what the engine left unprocessed
 * sent again. Far cheaper on the engine than the transactions that write them in production.
 */
final class TableSeed {

    private TableSeed() {}

    static <T> void put(DynamoDbEnhancedClient enhanced, DynamoDbTable<T> table, Class<T> type, List<T> items) {
        for (int from = 0; from < items.size(); from += 25) {
            List<T> batch = items.subList(from, Math.min(items.size(), from + 25));
            WriteBatch.Builder<T> write = WriteBatch.builder(type).mappedTableResource(table);
            batch.forEach(write::addPutItem);
            BatchWriteResult result = enhanced.batchWriteItem(BatchWriteItemEnhancedRequest.builder().writeBatches(write.build()).build());
            List<T> left = result.unprocessedPutItemsForTable(table);
            if (!left.isEmpty()) {
                put(enhanced, table, type, left);
            }
        }
    }
}
