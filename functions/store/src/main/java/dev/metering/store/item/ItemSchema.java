package dev.metering.store.item;

import java.lang.reflect.Field;
import java.util.function.BiConsumer;
import java.util.function.Function;
import java.util.function.Supplier;
import software.amazon.awssdk.enhanced.dynamodb.AttributeConverter;
import software.amazon.awssdk.enhanced.dynamodb.TableSchema;
import software.amazon.awssdk.enhanced.dynamodb.mapper.StaticAttributeTag;
import software.amazon.awssdk.enhanced.dynamodb.mapper.StaticTableSchema;
import software.amazon.awssdk.enhanced.dynamodb.mapper.StaticTableTag;

/**
 * A static table schema, one line per attribute: its type, its stored name and the item's field
 * that holds it. Static rather than bean schemas: no bean introspection when a function starts,
 * and the stored names stay exactly those of the items already in the table. Fields are reached
 * through {@link Field} rather than a getter and a setter lambda per attribute: two hundred
 * lambdas cost a cold start about 40 ms of class spinning, the fields a few. A field that is
 * missing or of another type fails when the schema is built, that is, on the first use of the item class.
 */
final class ItemSchema<T> {

    private final Class<T> type;
    private final StaticTableSchema.Builder<T> builder;

    private ItemSchema(Class<T> type, Supplier<T> newItem) {
        this.type = type;
        this.builder = StaticTableSchema.builder(type).newItemSupplier(newItem)
                .attributeConverterProviders(StoreConverters.INSTANCE);
    }

    static <T> ItemSchema<T> of(Class<T> type, Supplier<T> newItem) {
        return new ItemSchema<>(type, newItem);
    }

    /** An attribute held by the field of the same name. */
    <R> ItemSchema<T> attr(Class<R> valueType, String name, StaticAttributeTag... tags) {
        return attr(valueType, name, name, tags);
    }

    <R> ItemSchema<T> attr(Class<R> valueType, String name, String field, StaticAttributeTag... tags) {
        FieldAccess<T, R> access = new FieldAccess<>(type, field, valueType);
        builder.addAttribute(valueType, a -> a.name(name).getter(access).setter(access).tags(tags));
        return this;
    }

    <R> ItemSchema<T> attr(AttributeConverter<R> converter, String name) {
        return attr(converter, name, name);
    }

    <R> ItemSchema<T> attr(AttributeConverter<R> converter, String name, String field) {
        FieldAccess<T, R> access = new FieldAccess<>(type, field, converter.type().rawClass());
        builder.addAttribute(converter.type(), a -> a.name(name).getter(access).setter(access).attributeConverter(converter));
        return this;
    }

    /** Another schema's attributes stored on this item's top level, as if they were its own. */
    <R> ItemSchema<T> flatten(TableSchema<R> part, String field) {
        FieldAccess<T, R> access = new FieldAccess<>(type, field, part.itemType().rawClass());
        builder.flatten(part, access, access);
        return this;
    }

    /** A tag on the whole item type, read by the client's extensions. */
    ItemSchema<T> tag(StaticTableTag tag) {
        builder.addTag(tag);
        return this;
    }

    StaticTableSchema<T> build() {
        return builder.build();
    }

    /** Reads and writes one field of an item. */
    private static final class FieldAccess<T, R> implements Function<T, R>, BiConsumer<T, R> {

        private final Field field;
        private final Class<R> valueType;

        FieldAccess(Class<T> owner, String name, Class<R> valueType) {
            try {
                this.field = owner.getDeclaredField(name);
            } catch (NoSuchFieldException e) {
                throw new IllegalStateException(owner.getSimpleName() + " has no field " + name, e);
            }
            if (field.getType() != valueType) {
                throw new IllegalStateException(owner.getSimpleName() + "." + name + " is a " + field.getType().getSimpleName()
                        + ", not a " + valueType.getSimpleName());
            }
            // Checked once here rather than on every read and write: an unchecked field is a plain load on the hot path.
            field.setAccessible(true);
            this.valueType = valueType;
        }

        @Override
        public R apply(T item) {
            try {
                return valueType.cast(field.get(item));
            } catch (IllegalAccessException e) {
                throw new IllegalStateException(e);
            }
        }

        @Override
        public void accept(T item, R value) {
            try {
                field.set(item, value);
            } catch (IllegalAccessException e) {
                throw new IllegalStateException(e);
            }
        }
    }
}
