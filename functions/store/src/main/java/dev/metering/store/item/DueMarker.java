package dev.metering.store.item;

import static software.amazon.awssdk.enhanced.dynamodb.mapper.StaticAttributeTags.primaryPartitionKey;
import static software.amazon.awssdk.enhanced.dynamodb.mapper.StaticAttributeTags.primarySortKey;
import static software.amazon.awssdk.enhanced.dynamodb.mapper.StaticAttributeTags.secondaryPartitionKey;
import static software.amazon.awssdk.enhanced.dynamodb.mapper.StaticAttributeTags.secondarySortKey;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import software.amazon.awssdk.enhanced.dynamodb.TableSchema;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * An entry of {@code gsi2}: an open cycle as the due index shows it, or a closed one among the closes
 * (there {@code gsi2sk} is its close and its account). An open cycle as the due index ({@code gsi2}, keys only) shows it: the cycle item's keys and its
 * marker, which names the shard, the cycle's end and the account. Never written on its own: the
 * open {@link CycleItem} carries these attributes.
 */
public final class DueMarker {

    String pk;
    String sk;
    String gsi2pk;
    String gsi2sk;

    public static final TableSchema<DueMarker> SCHEMA = ItemSchema.of(DueMarker.class, DueMarker::new)
            .attr(String.class, Keys.PK, primaryPartitionKey())
            .attr(String.class, Keys.SK, primarySortKey())
            .attr(String.class, Keys.GSI2PK, secondaryPartitionKey(Keys.GSI2))
            .attr(String.class, Keys.GSI2SK, secondarySortKey(Keys.GSI2))
            .build();

    public String accountId() {
        return gsi2sk.substring(gsi2sk.indexOf('#') + 1);
    }

    /** The cycle the marker stands on: its item's sort key, which a keys-only index carries too. */
    public Instant cycleStart() {
        return Keys.cycleStart(sk);
    }

    public Instant cycleEnd() {
        return Instant.parse(gsi2sk.substring(0, gsi2sk.indexOf('#')));
    }

    /** Where a listing of the index stops at this entry. */
    public Map<String, AttributeValue> indexKey() {
        return SCHEMA.itemToMap(this, List.of(Keys.PK, Keys.SK, Keys.GSI2PK, Keys.GSI2SK));
    }

    public String cycleSortKey() {
        return sk;
    }
}
