package dev.metering.notify;

import dev.metering.testsupport.DynamoEngine;
import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.services.eventbridge.EventBridgeClient;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sqs.model.Message;
import software.amazon.awssdk.services.sqs.model.QueueAttributeName;

/**
 * A bus of its own on the engine (which serves EventBridge and SQS too), a rule that sends every
 * metering event on it to a queue, a table of its own (with its stream), and the function pointed at
 * both: what reached the bus is what the queue received; the organizations' totals it keeps are in
 * the table.
 */
public class BusResource implements QuarkusTestResourceLifecycleManager {

    private static volatile String bus;
    private static volatile String queueUrl;
    private static volatile String table;

    /** The table the function keeps the organizations' totals in, whose stream the tests hand it. */
    static String table() {
        return table;
    }

    static String bus() {
        return bus;
    }

    static EventBridgeClient events() {
        DynamoEngine engine = DynamoEngine.shared();
        return EventBridgeClient.builder().endpointOverride(engine.endpoint()).region(engine.region())
                .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create("test", "test")))
                .httpClient(UrlConnectionHttpClient.create()).build();
    }

    static SqsClient sqs() {
        DynamoEngine engine = DynamoEngine.shared();
        return SqsClient.builder().endpointOverride(engine.endpoint()).region(engine.region())
                .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create("test", "test")))
                .httpClient(UrlConnectionHttpClient.create()).build();
    }

    /** Everything the queue holds now, removed from it. */
    static List<Message> drain() {
        List<Message> all = new ArrayList<>();
        try (SqsClient sqs = sqs()) {
            while (true) {
                List<Message> got = sqs.receiveMessage(b -> b.queueUrl(queueUrl).maxNumberOfMessages(10).waitTimeSeconds(0)).messages();
                if (got.isEmpty()) {
                    return all;
                }
                all.addAll(got);
                got.forEach(m -> sqs.deleteMessage(b -> b.queueUrl(queueUrl).receiptHandle(m.receiptHandle())));
            }
        }
    }

    @Override
    public Map<String, String> start() {
        DynamoEngine engine = DynamoEngine.shared();
        String suffix = UUID.randomUUID().toString().substring(0, 8);
        bus = "metering-test-" + suffix;
        try (SqsClient sqs = sqs(); EventBridgeClient events = events()) {
            queueUrl = sqs.createQueue(b -> b.queueName("notifications-" + suffix)).queueUrl();
            String queueArn = sqs.getQueueAttributes(b -> b.queueUrl(queueUrl).attributeNames(QueueAttributeName.QUEUE_ARN))
                    .attributes().get(QueueAttributeName.QUEUE_ARN);
            events.createEventBus(b -> b.name(bus));
            events.putRule(b -> b.name("all-notifications").eventBusName(bus).eventPattern("{\"source\": [\"metering\"]}"));
            events.putTargets(b -> b.rule("all-notifications").eventBusName(bus).targets(t -> t.id("queue").arn(queueArn)));
        }
        // The function builds its client from the default chains, as at AWS; here they read these.
        System.setProperty("aws.accessKeyId", "test");
        System.setProperty("aws.secretAccessKey", "test");
        System.setProperty("aws.region", engine.region().id());
        table = engine.createTable("notify");
        return Map.of("metering.event-bus", bus, "metering.eventbridge.endpoint-override", engine.endpoint().toString(),
                "metering.table", table, "quarkus.dynamodb.endpoint-override", engine.endpoint().toString(),
                "quarkus.dynamodb.aws.region", engine.region().id());
    }

    @Override
    public void stop() {
        System.clearProperty("aws.accessKeyId");
        System.clearProperty("aws.secretAccessKey");
        System.clearProperty("aws.region");
    }
}
