package dev.metering.store.item;

import static software.amazon.awssdk.enhanced.dynamodb.mapper.StaticAttributeTags.primaryPartitionKey;
import static software.amazon.awssdk.enhanced.dynamodb.mapper.StaticAttributeTags.primarySortKey;

import java.time.Instant;
import software.amazon.awssdk.enhanced.dynamodb.Key;
import software.amazon.awssdk.enhanced.dynamodb.TableSchema;

/** How many values of one tag key a cycle tells apart: raised by one with each value admitted, never past the limit. */
public final class TagKeyItem {

    static final String TYPE = "TAG_KEY";

    String pk;
    String sk;
    String type;
    Instant cycleStart;
    String tagKey;
    Long values;

    public static final TableSchema<TagKeyItem> SCHEMA = ItemSchema.of(TagKeyItem.class, TagKeyItem::new)
            .attr(String.class, Keys.PK, primaryPartitionKey())
            .attr(String.class, Keys.SK, primarySortKey())
            .attr(String.class, "type")
            .attr(Instant.class, "cycleStart")
            .attr(String.class, "tagKey")
            .attr(Long.class, "values")
            .tag(AddCounters.counters(java.util.List.of("values")))
            .build();

    /** Raises the key's count by {@code added} values, creating it with them when there is none. */
    public static TagKeyItem increment(String accountId, Instant cycleStart, String tag, long added) {
        TagKeyItem item = new TagKeyItem();
        item.pk = Keys.account(accountId);
        item.sk = Keys.tagKey(cycleStart, tag);
        item.type = TYPE;
        item.cycleStart = cycleStart;
        item.tagKey = tag;
        item.values = added;
        return item;
    }

    public static Key key(String accountId, Instant cycleStart, String tag) {
        return Key.builder().partitionValue(Keys.account(accountId)).sortValue(Keys.tagKey(cycleStart, tag)).build();
    }

    public static boolean isOne(String sortKey) {
        return sortKey.startsWith(Keys.TAG_KEY_PREFIX);
    }

    public String tagKey() {
        return tagKey;
    }

    public Instant cycleStart() {
        return cycleStart;
    }

    public long values() {
        return values == null ? 0 : values;
    }
}
