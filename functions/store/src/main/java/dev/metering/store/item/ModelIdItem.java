package dev.metering.store.item;

import static software.amazon.awssdk.enhanced.dynamodb.mapper.StaticAttributeTags.primaryPartitionKey;
import static software.amazon.awssdk.enhanced.dynamodb.mapper.StaticAttributeTags.primarySortKey;

import java.time.Instant;
import software.amazon.awssdk.enhanced.dynamodb.TableSchema;

/** An API id put at runtime and the model it names: written once, never moved (its put is conditioned on that). */
public final class ModelIdItem {

    static final String TYPE = "MODEL_ID";

    String pk;
    String sk;
    String type;
    String id;
    String model;
    Instant recordedAt;
    String by;

    public static final TableSchema<ModelIdItem> SCHEMA = ItemSchema.of(ModelIdItem.class, ModelIdItem::new)
            .attr(String.class, Keys.PK, primaryPartitionKey())
            .attr(String.class, Keys.SK, primarySortKey())
            .attr(String.class, "type")
            .attr(String.class, "id")
            .attr(String.class, "model")
            .attr(Instant.class, "recordedAt")
            .attr(String.class, "by")
            .build();

    public static boolean isOne(String sortKey) {
        return sortKey.startsWith("ID#");
    }

    public static ModelIdItem of(String id, String model, Instant recordedAt, String by) {
        ModelIdItem item = new ModelIdItem();
        item.pk = Keys.PRICES;
        item.sk = Keys.modelId(id);
        item.type = TYPE;
        item.id = id;
        item.model = model;
        item.recordedAt = recordedAt;
        item.by = by;
        return item;
    }

    public String id() {
        return id;
    }

    public String model() {
        return model;
    }
}
