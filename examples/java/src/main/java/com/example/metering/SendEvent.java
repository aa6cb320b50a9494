package com.example.metering;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sqs.model.SendMessageRequest;

/**
 * Sends one usage event to the metering usage queue with the AWS SDK for Java 2.x.
 *
 * <p>The queue is the stack's UsageQueueUrl output ({@code METERING_USAGE_QUEUE_URL}); credentials, region and, for a
 * local run, {@code AWS_ENDPOINT_URL} come from the environment as for any SDK client.
 *
 * <pre>METERING_USAGE_QUEUE_URL=... java -cp "target/classes:target/lib/*" com.example.metering.SendEvent acct_42 agent-sdk claude-opus-4-7 1200 340</pre>
 */
public final class SendEvent {

    private static final ObjectMapper JSON = new ObjectMapper();

    private SendEvent() {}

    /** The usage event, as events/schemas/usage-event.json states it; the eventId makes a retry count once. */
    static Map<String, Object> usageEvent(String accountId, String source, String model, long inputTokens, long outputTokens,
                                          Map<String, String> tags) {
        Map<String, Object> event = new LinkedHashMap<>();
        event.put("eventId", "evt_" + UUID.randomUUID());
        event.put("accountId", accountId);
        event.put("occurredAt", Instant.now().truncatedTo(ChronoUnit.MILLIS).toString());
        event.put("source", source);
        event.put("model", model);
        event.put("tags", tags);
        event.put("usage", Map.of("input_tokens", inputTokens, "output_tokens", outputTokens));
        return event;
    }

    static String send(SqsClient sqs, String queueUrl, Map<String, Object> event) throws Exception {
        sqs.sendMessage(SendMessageRequest.builder().queueUrl(queueUrl).messageBody(JSON.writeValueAsString(event)).build());
        return (String) event.get("eventId");
    }

    public static void main(String[] args) throws Exception {
        String queueUrl = System.getenv("METERING_USAGE_QUEUE_URL");
        if (queueUrl == null || args.length != 5) {
            System.err.println("usage: METERING_USAGE_QUEUE_URL=... SendEvent ACCOUNT SOURCE MODEL INPUT_TOKENS OUTPUT_TOKENS");
            System.exit(2);
        }
        try (SqsClient sqs = SqsClient.builder().httpClient(UrlConnectionHttpClient.create()).build()) {
            Map<String, Object> event = usageEvent(args[0], args[1], args[2], Long.parseLong(args[3]), Long.parseLong(args[4]),
                    Map.of("example", "java"));
            System.out.println(send(sqs, queueUrl, event));
        }
    }
}
