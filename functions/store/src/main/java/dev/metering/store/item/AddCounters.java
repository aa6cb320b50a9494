package dev.metering.store.item;

import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import software.amazon.awssdk.enhanced.dynamodb.DynamoDbEnhancedClientExtension;
import software.amazon.awssdk.enhanced.dynamodb.DynamoDbExtensionContext;
import software.amazon.awssdk.enhanced.dynamodb.extensions.WriteModification;
import software.amazon.awssdk.enhanced.dynamodb.mapper.StaticTableTag;
import software.amazon.awssdk.enhanced.dynamodb.update.AddAction;
import software.amazon.awssdk.enhanced.dynamodb.update.UpdateAction;
import software.amazon.awssdk.enhanced.dynamodb.update.UpdateExpression;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * Turns the counter attributes of an item type into {@code ADD} on update: the update carries the
 * increments, and the stored totals grow by them without being read first. That is what lets many
 * writers add to one usage cell, each in its own debit transaction, with nothing lost and no read.
 * Only item types that name their counters ({@link #counters}) are touched, and only on update.
 */
final class AddCounters implements DynamoDbEnhancedClientExtension {

    static final AddCounters INSTANCE = new AddCounters();
    private static final String METADATA = "metering:addCounters";

    private AddCounters() {}

    /** The table tag naming an item type's counters. */
    static StaticTableTag counters(List<String> attributes) {
        Object names = List.copyOf(attributes);
        return () -> metadata -> metadata.addCustomMetadataObject(METADATA, names);
    }

    @Override
    @SuppressWarnings("unchecked")
    public WriteModification beforeWrite(DynamoDbExtensionContext.BeforeWrite context) {
        Optional<Collection<String>> counters = context.tableMetadata().customMetadataObject(METADATA, Collection.class)
                .map(c -> (Collection<String>) c);
        if (counters.isEmpty() || !"UPDATE_ITEM".equals(String.valueOf(context.operationName()))) {
            return WriteModification.builder().build();
        }
        Map<String, AttributeValue> rest = new HashMap<>(context.items());
        List<UpdateAction> adds = new ArrayList<>();
        int i = 0;
        for (String name : counters.get()) {
            AttributeValue increment = rest.remove(name);
            if (increment != null && increment.n() != null) {
                adds.add(AddAction.builder().path("#add" + i).putExpressionName("#add" + i, name)
                        .value(":add" + i).putExpressionValue(":add" + i, increment).build());
                i++;
            }
        }
        return WriteModification.builder().transformedItem(rest).updateExpression(UpdateExpression.builder().actions(adds).build()).build();
    }
}
