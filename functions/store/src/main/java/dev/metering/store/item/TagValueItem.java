package dev.metering.store.item;

import static software.amazon.awssdk.enhanced.dynamodb.mapper.StaticAttributeTags.primaryPartitionKey;
import static software.amazon.awssdk.enhanced.dynamodb.mapper.StaticAttributeTags.primarySortKey;

import java.time.Instant;
import software.amazon.awssdk.enhanced.dynamodb.Key;
import software.amazon.awssdk.enhanced.dynamodb.TableSchema;

/**
 * A tag value told apart in a cycle: written once, in the debit transaction that first counts it,
 * together with its key's count ({@link TagKeyItem}), on condition that neither says otherwise.
 */
public final class TagValueItem {

    static final String TYPE = "TAG_VALUE";

    String pk;
    String sk;
    String type;
    Instant cycleStart;
    String tagKey;
    String tagValue;

    public static final TableSchema<TagValueItem> SCHEMA = ItemSchema.of(TagValueItem.class, TagValueItem::new)
            .attr(String.class, Keys.PK, primaryPartitionKey())
            .attr(String.class, Keys.SK, primarySortKey())
            .attr(String.class, "type")
            .attr(Instant.class, "cycleStart")
            .attr(String.class, "tagKey")
            .attr(String.class, "tagValue")
            .build();

    public static Key key(String accountId, Instant cycleStart, String tag, String value) {
        return Key.builder().partitionValue(Keys.account(accountId)).sortValue(Keys.tagValue(cycleStart, tag, value)).build();
    }

    public static boolean isOne(String sortKey) {
        return sortKey.startsWith(Keys.TAG_VALUE_PREFIX);
    }

    public static TagValueItem of(String accountId, Instant cycleStart, String tag, String value) {
        TagValueItem item = new TagValueItem();
        item.pk = Keys.account(accountId);
        item.sk = Keys.tagValue(cycleStart, tag, value);
        item.type = TYPE;
        item.cycleStart = cycleStart;
        item.tagKey = tag;
        item.tagValue = value;
        return item;
    }

    public String tagKey() {
        return tagKey;
    }

    public String tagValue() {
        return tagValue;
    }

    public Instant cycleStart() {
        return cycleStart;
    }
}
