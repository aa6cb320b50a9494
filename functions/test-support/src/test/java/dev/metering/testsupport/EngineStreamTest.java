package dev.metering.testsupport;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.DynamoDbException;
import software.amazon.awssdk.services.dynamodb.model.Put;
import software.amazon.awssdk.services.dynamodb.model.TransactWriteItem;
import software.amazon.awssdk.services.dynamodb.model.Update;

/**
 * The engine's stream tells only of what committed, as DynamoDB's does: a transaction that fails,
 * however far the engine got in applying it, leaves no record and no change behind.
 */
class EngineStreamTest {

    private String table;

    @BeforeEach
    void table() {
        table = DynamoEngine.shared().createTable("stream");
        try (DynamoDbClient client = DynamoEngine.shared().newClient()) {
            client.putItem(b -> b.tableName(table).item(item("B", "text")));
        }
    }

    private static Map<String, AttributeValue> item(String id, String value) {
        return Map.of("pk", AttributeValue.fromS(id), "sk", AttributeValue.fromS("X"), "n", AttributeValue.fromS(value));
    }

    private static Map<String, AttributeValue> key(String id) {
        return Map.of("pk", AttributeValue.fromS(id), "sk", AttributeValue.fromS("X"));
    }

    private TransactWriteItem putA() {
        return TransactWriteItem.builder().put(Put.builder().tableName(table).item(item("A", "new")).build()).build();
    }

    private List<JsonNode> records() {
        return TableStream.of(DynamoEngine.shared(), table).all();
    }

    @Test
    void aCommittedTransactionIsOnTheStreamWithBothImages() {
        try (DynamoDbClient client = DynamoEngine.shared().newClient()) {
            client.transactWriteItems(b -> b.transactItems(putA(), TransactWriteItem.builder().update(Update.builder().tableName(table)
                    .key(key("B")).updateExpression("SET n = :v").expressionAttributeValues(Map.of(":v", AttributeValue.fromS("changed")))
                    .build()).build()));
        }
        List<JsonNode> records = records();
        assertThat(records).extracting(r -> r.path("eventName").asText()).containsExactly("INSERT", "INSERT", "MODIFY");
        assertThat(records.get(2).path("dynamodb").path("OldImage").path("n").path("S").asText()).isEqualTo("text");
        assertThat(records.get(2).path("dynamodb").path("NewImage").path("n").path("S").asText()).isEqualTo("changed");
    }

    @Test
    void aTransactionTheEngineFailsPartWayLeavesNoRecordAndNoChange() {
        int before = records().size();
        try (DynamoDbClient client = DynamoEngine.shared().newClient()) {
            // The put applies first; the update then fails (a number added to a string), after its condition held.
            assertThatThrownBy(() -> client.transactWriteItems(b -> b.transactItems(putA(), TransactWriteItem.builder()
                    .update(Update.builder().tableName(table).key(key("B")).updateExpression("SET n = n + :one")
                            .conditionExpression("attribute_exists(pk)")
                            .expressionAttributeValues(Map.of(":one", AttributeValue.fromN("1"))).build()).build())))
                    .isInstanceOf(DynamoDbException.class);
            assertThat(client.getItem(b -> b.tableName(table).key(key("A")).consistentRead(true)).hasItem()).isFalse();
            assertThat(client.getItem(b -> b.tableName(table).key(key("B")).consistentRead(true)).item().get("n").s()).isEqualTo("text");
        }
        assertThat(records()).hasSize(before);
    }

    @Test
    void aCancelledTransactionLeavesNoRecord() {
        int before = records().size();
        try (DynamoDbClient client = DynamoEngine.shared().newClient()) {
            assertThatThrownBy(() -> client.transactWriteItems(b -> b.transactItems(putA(), TransactWriteItem.builder()
                    .put(Put.builder().tableName(table).item(item("B", "again")).conditionExpression("attribute_not_exists(pk)").build())
                    .build()))).isInstanceOf(DynamoDbException.class);
        }
        assertThat(records()).hasSize(before);
    }
}
