package dev.metering.testsupport;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * A table's stream read from its start, and its records handed over as Lambda's poller hands them to
 * a function: a DynamoDB stream event ({@code {"Records": [...]}}). The records are the Streams API's
 * own JSON, which is the shape Lambda delivers (images in DynamoDB JSON), so nothing is converted on
 * the way: what a test hands to a function is what the engine's stream holds.
 */
public final class TableStream {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String TARGET = "DynamoDBStreams_20120810.";

    private final HttpClient http = HttpClient.newHttpClient();
    private final URI endpoint;
    private final String authorization;
    private final String streamArn;

    private TableStream(URI endpoint, String region, String streamArn) {
        this.endpoint = endpoint;
        // The engine routes by the signing scope and does not check the signature.
        this.authorization = "AWS4-HMAC-SHA256 Credential=test/20260101/" + region + "/dynamodb/aws4_request, SignedHeaders=host, Signature=0";
        this.streamArn = streamArn;
    }

    public static TableStream of(DynamoEngine engine, String table) {
        String arn;
        try (var client = engine.newClient()) {
            arn = client.describeTable(b -> b.tableName(table)).table().latestStreamArn();
        }
        if (arn == null) {
            throw new IllegalStateException("table " + table + " has no stream");
        }
        return new TableStream(engine.endpoint(), engine.region().id(), arn);
    }

    public String arn() {
        return streamArn;
    }

    /** Every record the stream holds, oldest first, over all its shards, as the Streams API gives them. */
    public List<JsonNode> all() {
        List<JsonNode> records = new ArrayList<>();
        for (JsonNode shard : call("DescribeStream", Map.of("StreamArn", streamArn)).path("StreamDescription").path("Shards")) {
            String iterator = call("GetShardIterator", Map.of("StreamArn", streamArn, "ShardId", shard.path("ShardId").asText(),
                    "ShardIteratorType", "TRIM_HORIZON")).path("ShardIterator").asText(null);
            while (iterator != null) {
                JsonNode page = call("GetRecords", Map.of("ShardIterator", iterator, "Limit", 1000));
                if (page.path("Records").isEmpty()) {
                    break;
                }
                page.path("Records").forEach(records::add);
                iterator = page.path("NextShardIterator").asText(null);
            }
        }
        return records;
    }

    /** The records as one stream event, the batch Lambda's poller would deliver. */
    public ObjectNode event(List<JsonNode> records) {
        ObjectNode event = JSON.createObjectNode();
        ArrayNode list = event.putArray("Records");
        records.forEach(r -> list.add(((ObjectNode) r.deepCopy()).put("eventSourceARN", streamArn)));
        return event;
    }

    private JsonNode call(String action, Map<String, Object> body) {
        try {
            HttpRequest request = HttpRequest.newBuilder(endpoint)
                    .header("Content-Type", "application/x-amz-json-1.0")
                    .header("X-Amz-Target", TARGET + action)
                    .header("Authorization", authorization)
                    .POST(HttpRequest.BodyPublishers.ofString(JSON.writeValueAsString(body))).build();
            HttpResponse<String> answer = http.send(request, HttpResponse.BodyHandlers.ofString());
            if (answer.statusCode() != 200) {
                throw new IllegalStateException(action + " answered " + answer.statusCode() + ": " + answer.body());
            }
            return JSON.readTree(answer.body());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
