package dev.metering.testsupport;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeDefinition;
import software.amazon.awssdk.services.dynamodb.model.BillingMode;
import software.amazon.awssdk.services.dynamodb.model.CreateTableRequest;
import software.amazon.awssdk.services.dynamodb.model.GlobalSecondaryIndex;
import software.amazon.awssdk.services.dynamodb.model.KeySchemaElement;
import software.amazon.awssdk.services.dynamodb.model.Projection;
import software.amazon.awssdk.services.dynamodb.model.ProjectionType;
import software.amazon.awssdk.services.dynamodb.model.ResourceInUseException;
import software.amazon.awssdk.services.dynamodb.model.StreamSpecification;
import software.amazon.awssdk.services.dynamodb.model.TimeToLiveSpecification;

/** The metering table as {@code infra/table.json} defines it, the single source for infra and tests. */
public final class TableDefinition {

    public static final String RESOURCE = "metering-engine/table.json";

    private final JsonNode json;

    private TableDefinition(JsonNode json) {
        this.json = json;
    }

    public static TableDefinition load() {
        try (InputStream in = TableDefinition.class.getClassLoader().getResourceAsStream(RESOURCE)) {
            if (in == null) {
                throw new IllegalStateException("missing " + RESOURCE + " on the class path");
            }
            return new TableDefinition(new ObjectMapper().readTree(in));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public String ttlAttribute() {
        return json.get("ttlAttribute").asText();
    }

    /** What the stream's records show of each write: the item before and after it. */
    public String streamViewType() {
        return json.get("streamViewType").asText();
    }

    public CreateTableRequest createRequest(String tableName) {
        return createRequest(tableName, true);
    }

    /** @param withStream false for tables whose writes nothing reads from the stream (benchmarks: the engine keeps every record) */
    public CreateTableRequest createRequest(String tableName, boolean withStream) {
        List<KeySchemaElement> keys = keySchema(json.get("keySchema"));
        List<AttributeDefinition> attributes = new ArrayList<>();
        json.get("attributeDefinitions").forEach(a -> attributes.add(AttributeDefinition.builder()
                .attributeName(a.get("attributeName").asText()).attributeType(a.get("attributeType").asText()).build()));
        List<GlobalSecondaryIndex> indexes = new ArrayList<>();
        json.get("globalSecondaryIndexes").forEach(i -> indexes.add(GlobalSecondaryIndex.builder()
                .indexName(i.get("indexName").asText())
                .keySchema(keySchema(i.get("keySchema")))
                .projection(Projection.builder().projectionType(ProjectionType.fromValue(i.get("projectionType").asText())).build())
                .build()));
        return CreateTableRequest.builder()
                .tableName(tableName)
                .keySchema(keys)
                .attributeDefinitions(attributes)
                .globalSecondaryIndexes(indexes)
                .billingMode(BillingMode.fromValue(json.get("billingMode").asText()))
                .streamSpecification(withStream
                        ? StreamSpecification.builder().streamEnabled(true).streamViewType(streamViewType()).build()
                        : null)
                .build();
    }

    /** Creates the table (and its TTL setting) and waits until it is active; an existing table is kept. */
    public void create(DynamoDbClient client, String tableName) {
        create(client, tableName, true);
    }

    public void create(DynamoDbClient client, String tableName, boolean withStream) {
        try {
            client.createTable(createRequest(tableName, withStream));
        } catch (ResourceInUseException alreadyThere) {
            return;
        }
        client.waiter().waitUntilTableExists(b -> b.tableName(tableName));
        client.updateTimeToLive(b -> b.tableName(tableName).timeToLiveSpecification(
                TimeToLiveSpecification.builder().attributeName(ttlAttribute()).enabled(true).build()));
    }

    private static List<KeySchemaElement> keySchema(JsonNode node) {
        List<KeySchemaElement> keys = new ArrayList<>();
        node.forEach(k -> keys.add(KeySchemaElement.builder()
                .attributeName(k.get("attributeName").asText()).keyType(k.get("keyType").asText()).build()));
        return keys;
    }
}
