package dev.metering.monthlyreset;

import dev.metering.testsupport.DynamoEngine;
import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import java.util.Map;
import java.util.UUID;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.services.sqs.SqsClient;

/** A shard queue of its own on the engine (which serves SQS too), and the function pointed at it. */
public class ShardQueueResource implements QuarkusTestResourceLifecycleManager {

    static final int CLOSERS = 4;
    private static volatile String url;

    static String url() {
        return url;
    }

    static SqsClient client() {
        DynamoEngine engine = DynamoEngine.shared();
        return SqsClient.builder().endpointOverride(engine.endpoint()).region(engine.region())
                .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create("test", "test")))
                .httpClient(UrlConnectionHttpClient.create()).build();
    }

    @Override
    public Map<String, String> start() {
        DynamoEngine engine = DynamoEngine.shared();
        try (SqsClient sqs = client()) {
            url = sqs.createQueue(b -> b.queueName("reset-shards-" + UUID.randomUUID().toString().substring(0, 8))).queueUrl();
        }
        // The function builds its SQS client from the default chains, as at AWS; here they read these.
        System.setProperty("aws.accessKeyId", "test");
        System.setProperty("aws.secretAccessKey", "test");
        System.setProperty("aws.region", engine.region().id());
        return Map.of(
                "metering.reset.shard-queue", url,
                "metering.sqs.endpoint-override", engine.endpoint().toString(),
                "metering.reset.closers", Integer.toString(CLOSERS));
    }

    @Override
    public void stop() {
        System.clearProperty("aws.accessKeyId");
        System.clearProperty("aws.secretAccessKey");
        System.clearProperty("aws.region");
    }
}
