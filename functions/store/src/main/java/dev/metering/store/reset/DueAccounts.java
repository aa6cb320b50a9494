package dev.metering.store.reset;

import static dev.metering.store.item.Attrs.s;

import dev.metering.store.MeteringStore.AccountState;
import dev.metering.store.item.AccountItems;
import dev.metering.store.item.Keys;
import java.time.Instant;
import java.util.Iterator;
import java.util.Map;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.Select;

/**
 * Finds accounts whose oldest open cycle ended before a cutoff, through the due index: one query
 * per shard on {@code gsi1}, oldest first. The table is never scanned.
 */
final class DueAccounts {

    private final DynamoDbClient dynamo;
    private final String table;

    DueAccounts(DynamoDbClient dynamo, String table) {
        this.dynamo = dynamo;
        this.table = table;
    }

    /**
     * Accounts due in one shard, lazily paged, as the index holds them: eventually consistent, so
     * the close guards on the account's version and re-reads it if it moved on.
     */
    Iterator<AccountState> inShard(int shard, Instant cutoff) {
        return dynamo.queryPaginator(b -> b.tableName(table).indexName(Keys.GSI1)
                        .keyConditionExpression("gsi1pk = :pk AND gsi1sk < :cutoff")
                        .expressionAttributeValues(Map.of(":pk", s(Keys.due(shard)), ":cutoff", s(Keys.time(cutoff)))))
                .items().stream().map(item -> new AccountState(AccountItems.fromItem(item), AccountItems.dueCycleEnd(item))).iterator();
    }

    long count(Instant cutoff) {
        long total = 0;
        for (int shard = 0; shard < Keys.DUE_SHARDS; shard++) {
            int s = shard;
            total += dynamo.queryPaginator(b -> b.tableName(table).indexName(Keys.GSI1).select(Select.COUNT)
                            .keyConditionExpression("gsi1pk = :pk AND gsi1sk < :cutoff")
                            .expressionAttributeValues(Map.of(":pk", s(Keys.due(s)), ":cutoff", s(Keys.time(cutoff)))))
                    .stream().mapToLong(page -> page.count()).sum();
        }
        return total;
    }

    static int shards() {
        return Keys.DUE_SHARDS;
    }
}
