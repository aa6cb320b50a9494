package dev.metering.store;

import dev.metering.store.item.DueMarker;
import dev.metering.store.item.Keys;
import dev.metering.store.item.MeteringTable;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;
import software.amazon.awssdk.enhanced.dynamodb.DynamoDbIndex;
import software.amazon.awssdk.enhanced.dynamodb.model.QueryConditional;
import software.amazon.awssdk.enhanced.dynamodb.model.QueryEnhancedRequest;
import software.amazon.awssdk.services.dynamodb.model.Select;

/**
 * Open cycles by their end, through the due index ({@code gsi2}, keys only), one shard at a time.
 * The index is eventually consistent: a cycle listed may have closed meanwhile, which its close
 * finds out from the cycle item itself.
 */
public final class DueIndex {

    private final DynamoDbIndex<DueMarker> index;
    private final int shards;

    DueIndex(MeteringTable table, int shards) {
        this.index = table.dueIndex();
        this.shards = shards;
    }

    public int shards() {
        return shards;
    }

    /** The markers of one shard that end before {@code cutoff}, oldest first, a page at a time (lazily). */
    public Stream<List<DueMarker>> pages(int shard, Instant cutoff) {
        return index.query(before(shard, cutoff).build()).stream().map(page -> page.items());
    }

    /** How many markers of one shard end before {@code cutoff}; counted by the index, no item returned. */
    public long count(int shard, Instant cutoff) {
        return index.query(before(shard, cutoff).select(Select.COUNT).build()).stream().mapToLong(page -> page.count()).sum();
    }

    /** The marker of one shard that ends first, if it ends before {@code cutoff}: one query of one item. */
    public Optional<DueMarker> first(int shard, Instant cutoff) {
        return index.query(before(shard, cutoff).limit(1).build()).iterator().next().items().stream().findFirst();
    }

    private static QueryEnhancedRequest.Builder before(int shard, Instant cutoff) {
        return QueryEnhancedRequest.builder().queryConditional(QueryConditional.sortLessThan(
                k -> k.partitionValue(Keys.due(shard)).sortValue(Keys.time(cutoff))));
    }
}
