package dev.metering.store.item;

import java.util.Collection;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import software.amazon.awssdk.enhanced.dynamodb.Expression;
import software.amazon.awssdk.enhanced.dynamodb.Key;
import software.amazon.awssdk.enhanced.dynamodb.MappedTableResource;
import software.amazon.awssdk.enhanced.dynamodb.TableMetadata;
import software.amazon.awssdk.enhanced.dynamodb.TableSchema;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.ConditionCheck;
import software.amazon.awssdk.services.dynamodb.model.Put;
import software.amazon.awssdk.services.dynamodb.model.ReturnValuesOnConditionCheckFailure;
import software.amazon.awssdk.services.dynamodb.model.TransactWriteItem;
import software.amazon.awssdk.services.dynamodb.model.Update;

/**
 * The actions of a {@code TransactWriteItems}, built from items and their static schemas straight
 * into the SDK's request types: the same puts, updates and checks the enhanced client's transaction
 * request makes of them (nulls left out, an update's counters added with {@code ADD} as
 * {@link AddCounters} makes them, every other attribute set), without its per-action operation
 * objects, extension chain and expression merging, which cost a debit transaction more CPU than
 * mapping its items.
 */
public final class TransactActions {

    private TransactActions() {}

    /** The whole item, on {@code condition} (null: none); a failed condition returns the stored item when {@code returnOld}. */
    public static <T> TransactWriteItem put(MappedTableResource<T> table, T item, Expression condition, boolean returnOld) {
        return put(table, table.tableSchema().itemToMap(item, true), condition, returnOld);
    }

    /** As {@link #put(MappedTableResource, Object, Expression, boolean)}, of attributes built as the table's schema builds them. */
    public static TransactWriteItem put(MappedTableResource<?> table, Map<String, AttributeValue> attributes, Expression condition,
                                        boolean returnOld) {
        Put.Builder put = Put.builder().tableName(table.tableName()).item(attributes);
        if (condition != null) {
            put.conditionExpression(condition.expression());
            if (condition.expressionNames() != null && !condition.expressionNames().isEmpty()) {
                put.expressionAttributeNames(condition.expressionNames());
            }
            if (condition.expressionValues() != null && !condition.expressionValues().isEmpty()) {
                put.expressionAttributeValues(condition.expressionValues());
            }
        }
        if (returnOld) {
            put.returnValuesOnConditionCheckFailure(ReturnValuesOnConditionCheckFailure.ALL_OLD);
        }
        return TransactWriteItem.builder().put(put.build()).build();
    }

    /**
     * The item's attributes that are not null, into the item at its key (created when absent): its
     * type's counters added to what is stored, the others set; on {@code condition} (null: none).
     */
    public static <T> TransactWriteItem update(MappedTableResource<T> table, T item, Expression condition) {
        return update(table, table.tableSchema().itemToMap(item, true), condition);
    }

    /** As {@link #update(MappedTableResource, Object, Expression)}, of attributes built as the table's schema builds them. */
    public static <T> TransactWriteItem update(MappedTableResource<T> table, Map<String, AttributeValue> attributes, Expression condition) {
        UpdateShape shape = UpdateShape.of(table.tableSchema(), attributes);
        Map<String, AttributeValue> key = new HashMap<>(4);
        Map<String, AttributeValue> values = new HashMap<>(attributes.size() * 2);
        attributes.forEach((name, value) -> {
            String placeholder = shape.placeholders().get(name);
            if (placeholder == null) {
                key.put(name, value);
            } else {
                values.put(placeholder, value);
            }
        });
        Map<String, String> names = shape.names();
        Update.Builder update = Update.builder().tableName(table.tableName()).key(key).updateExpression(shape.expression());
        if (condition != null) {
            update.conditionExpression(condition.expression());
            if (condition.expressionNames() != null && !condition.expressionNames().isEmpty()) {
                names = new HashMap<>(names);
                names.putAll(condition.expressionNames());
            }
            if (condition.expressionValues() != null) {
                values.putAll(condition.expressionValues());
            }
        }
        if (!names.isEmpty()) {
            update.expressionAttributeNames(names);
        }
        if (!values.isEmpty()) {
            update.expressionAttributeValues(values);
        }
        return TransactWriteItem.builder().update(update.build()).build();
    }

    /**
     * An update's expression for one set of attributes of an item type: which are added, which set,
     * under which placeholders. Built once per item type for the set it writes every time (all its
     * attributes), since most updates of a type are alike; built for the call otherwise.
     */
    private record UpdateShape(String expression, Map<String, String> names, Map<String, String> placeholders) {

        private static final Map<TableSchema<?>, UpdateShape> USUAL = new ConcurrentHashMap<>();

        static UpdateShape of(TableSchema<?> schema, Map<String, AttributeValue> attributes) {
            // Attributes are among the schema's names: as many as it has, they are all of them.
            if (attributes.size() != schema.attributeNames().size()) {
                return build(schema.tableMetadata(), attributes);
            }
            UpdateShape usual = USUAL.get(schema);
            if (usual == null) {
                usual = build(schema.tableMetadata(), attributes);
                USUAL.put(schema, usual);
            }
            return usual;
        }

        private static UpdateShape build(TableMetadata metadata, Map<String, AttributeValue> attributes) {
            Collection<String> keyNames = metadata.primaryKeys();
            Collection<String> counters = AddCounters.countersOf(metadata);
            Map<String, String> names = new HashMap<>();
            Map<String, String> placeholders = new HashMap<>();
            StringBuilder set = new StringBuilder();
            StringBuilder add = new StringBuilder();
            int i = 0;
            for (Map.Entry<String, AttributeValue> a : attributes.entrySet()) {
                if (keyNames.contains(a.getKey())) {
                    continue;
                }
                String name = "#u" + i;
                String value = ":u" + i;
                i++;
                names.put(name, a.getKey());
                placeholders.put(a.getKey(), value);
                if (counters.contains(a.getKey()) && a.getValue().n() != null) {
                    add.append(add.isEmpty() ? "ADD " : ", ").append(name).append(' ').append(value);
                } else {
                    set.append(set.isEmpty() ? "SET " : ", ").append(name).append(" = ").append(value);
                }
            }
            String expression = set.isEmpty() ? add.toString() : add.isEmpty() ? set.toString() : set + " " + add;
            return new UpdateShape(expression, Map.copyOf(names), Map.copyOf(placeholders));
        }
    }

    /** A check, writing nothing, of {@code condition} on the item at {@code key}. */
    public static TransactWriteItem check(MappedTableResource<?> table, Key key, Expression condition) {
        ConditionCheck.Builder check = ConditionCheck.builder().tableName(table.tableName())
                .key(key.keyMap(table.tableSchema(), TableMetadata.primaryIndexName())).conditionExpression(condition.expression());
        if (condition.expressionNames() != null && !condition.expressionNames().isEmpty()) {
            check.expressionAttributeNames(condition.expressionNames());
        }
        if (condition.expressionValues() != null && !condition.expressionValues().isEmpty()) {
            check.expressionAttributeValues(condition.expressionValues());
        }
        return TransactWriteItem.builder().conditionCheck(check.build()).build();
    }
}
