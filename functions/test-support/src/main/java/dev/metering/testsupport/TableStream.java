package dev.metering.testsupport;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.Record;
import software.amazon.awssdk.services.dynamodb.model.Shard;
import software.amazon.awssdk.services.dynamodb.model.ShardIteratorType;
import software.amazon.awssdk.services.dynamodb.streams.DynamoDbStreamsClient;

/**
 * A table's stream read from its start, and its records handed over as Lambda's poller hands them
 * to a function: a DynamoDB stream event ({@code {"Records": [...]}}, images in DynamoDB JSON).
 */
public final class TableStream implements AutoCloseable {

    private static final ObjectMapper JSON = new ObjectMapper();

    private final DynamoDbStreamsClient streams;
    private final String streamArn;

    private TableStream(DynamoDbStreamsClient streams, String streamArn) {
        this.streams = streams;
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
        return new TableStream(engine.newStreamsClient(), arn);
    }

    public String arn() {
        return streamArn;
    }

    /** Every record the stream holds, oldest first, over all its shards. */
    public List<Record> all() {
        List<Record> records = new ArrayList<>();
        for (Shard shard : streams.describeStream(b -> b.streamArn(streamArn)).streamDescription().shards()) {
            String iterator = streams.getShardIterator(b -> b.streamArn(streamArn).shardId(shard.shardId())
                    .shardIteratorType(ShardIteratorType.TRIM_HORIZON)).shardIterator();
            while (iterator != null) {
                String at = iterator;
                var page = streams.getRecords(b -> b.shardIterator(at).limit(1000));
                if (page.records().isEmpty()) {
                    break;
                }
                records.addAll(page.records());
                iterator = page.nextShardIterator();
            }
        }
        return records;
    }

    /** The records as one stream event, the batch Lambda's poller would deliver. */
    public ObjectNode event(List<Record> records) {
        ObjectNode event = JSON.createObjectNode();
        ArrayNode list = event.putArray("Records");
        records.forEach(r -> list.add(record(r)));
        return event;
    }

    private ObjectNode record(Record r) {
        ObjectNode record = JSON.createObjectNode();
        record.put("eventID", r.eventID());
        record.put("eventName", r.eventNameAsString());
        record.put("eventVersion", r.eventVersion());
        record.put("eventSource", "aws:dynamodb");
        record.put("awsRegion", r.awsRegion());
        record.put("eventSourceARN", streamArn);
        ObjectNode change = record.putObject("dynamodb");
        var sr = r.dynamodb();
        change.put("ApproximateCreationDateTime", BigDecimal.valueOf(sr.approximateCreationDateTime().toEpochMilli()).movePointLeft(3));
        change.set("Keys", image(sr.keys()));
        if (sr.hasNewImage()) {
            change.set("NewImage", image(sr.newImage()));
        }
        if (sr.hasOldImage()) {
            change.set("OldImage", image(sr.oldImage()));
        }
        change.put("SequenceNumber", sr.sequenceNumber());
        change.put("SizeBytes", sr.sizeBytes());
        change.put("StreamViewType", sr.streamViewTypeAsString());
        return record;
    }

    private static ObjectNode image(Map<String, AttributeValue> item) {
        ObjectNode image = JSON.createObjectNode();
        item.forEach((name, value) -> image.set(name, value(value)));
        return image;
    }

    private static ObjectNode value(AttributeValue v) {
        ObjectNode node = JSON.createObjectNode();
        switch (v.type()) {
            case S -> node.put("S", v.s());
            case N -> node.put("N", v.n());
            case B -> node.put("B", Base64.getEncoder().encodeToString(v.b().asByteArray()));
            case BOOL -> node.put("BOOL", v.bool());
            case NUL -> node.put("NULL", true);
            case M -> node.set("M", image(v.m()));
            case L -> {
                ArrayNode list = node.putArray("L");
                v.l().forEach(element -> list.add(value(element)));
            }
            case SS -> v.ss().forEach(node.putArray("SS")::add);
            case NS -> v.ns().forEach(node.putArray("NS")::add);
            case BS -> v.bs().forEach(b -> node.withArray("BS").add(Base64.getEncoder().encodeToString(b.asByteArray())));
            default -> throw new IllegalArgumentException("unknown attribute type " + v.type());
        }
        return node;
    }

    @Override
    public void close() {
        streams.close();
    }
}
