package dev.metering.hello;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestHandler;
import jakarta.inject.Inject;
import java.util.Map;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/** Reads one item and answers: the least a DynamoDB-backed function must do on its first event. */
public class HelloDynamoDb implements RequestHandler<Map<String, Object>, Map<String, Object>> {

    @Inject
    DynamoDbClient dynamo;

    @ConfigProperty(name = "metering.table")
    String table;

    @Override
    public Map<String, Object> handleRequest(Map<String, Object> event, Context context) {
        var item = dynamo.getItem(b -> b.tableName(table).key(Map.of("pk", AttributeValue.fromS("HELLO"), "sk", AttributeValue.fromS("HELLO"))));
        return Map.of("found", item.hasItem(), "requestId", context.getAwsRequestId());
    }
}
