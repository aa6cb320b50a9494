package dev.metering.store.item;

import static software.amazon.awssdk.enhanced.dynamodb.mapper.StaticAttributeTags.primaryPartitionKey;
import static software.amazon.awssdk.enhanced.dynamodb.mapper.StaticAttributeTags.primarySortKey;

import software.amazon.awssdk.enhanced.dynamodb.TableSchema;

/**
 * How many rows a model has in the table: each put of a row writes the next count on condition that
 * the count is still the one its checks were made against, so two puts for one model never both
 * pass the rule "a model with a price takes a new one only from ahead".
 */
public final class PriceModelItem {

    static final String TYPE = "PRICE_MODEL";

    String pk;
    String sk;
    String type;
    String model;
    Long rows;

    public static final TableSchema<PriceModelItem> SCHEMA = ItemSchema.of(PriceModelItem.class, PriceModelItem::new)
            .attr(String.class, Keys.PK, primaryPartitionKey())
            .attr(String.class, Keys.SK, primarySortKey())
            .attr(String.class, "type")
            .attr(String.class, "model")
            .attr(Long.class, "rows")
            .build();

    public static boolean isOne(String sortKey) {
        return sortKey.startsWith("MODEL#");
    }

    public static PriceModelItem of(String model, long rows) {
        PriceModelItem item = new PriceModelItem();
        item.pk = Keys.PRICES;
        item.sk = Keys.priceModel(model);
        item.type = TYPE;
        item.model = model;
        item.rows = rows;
        return item;
    }

    public String model() {
        return model;
    }

    public long rows() {
        return rows == null ? 0 : rows;
    }
}
