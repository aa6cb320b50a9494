package dev.metering.store.item;

import java.util.Collection;
import java.util.List;
import software.amazon.awssdk.enhanced.dynamodb.TableMetadata;
import software.amazon.awssdk.enhanced.dynamodb.mapper.StaticTableTag;

/**
 * The counter attributes of an item type, which an update adds to rather than sets
 * ({@link TransactActions#update}): the update carries the increments, and the stored totals grow
 * by them without being read first. That is what lets many writers add to one usage cell, each in
 * its own debit transaction, with nothing lost and no read. Only item types that name their
 * counters ({@link #counters}) have any.
 */
final class AddCounters {

    private static final String METADATA = "metering:addCounters";

    private AddCounters() {}

    /** The table tag naming an item type's counters. */
    static StaticTableTag counters(List<String> attributes) {
        Object names = List.copyOf(attributes);
        return () -> metadata -> metadata.addCustomMetadataObject(METADATA, names);
    }

    /** The counters an item type names (none: an empty list). */
    @SuppressWarnings("unchecked")
    static Collection<String> countersOf(TableMetadata metadata) {
        return metadata.customMetadataObject(METADATA, Collection.class).map(c -> (Collection<String>) c).orElse(List.of());
    }
}
