package dev.metering.monthlyreset;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import org.jboss.logging.Logger;

/**
 * Shard tasks as the queue delivers them (an SQS event), each run on its own: one that fails is
 * reported as a batch item failure and comes back, or reaches the dead-letter queue after its
 * receive count; the others are not held back.
 */
final class ShardDeliveries {

    private static final Logger LOG = Logger.getLogger(ShardDeliveries.class);

    private ShardDeliveries() {}

    static boolean isDelivery(JsonNode input) {
        return input != null && input.isObject() && input.path("Records").isArray() && input.get("Records").size() > 0
                && "aws:sqs".equals(input.get("Records").get(0).path("eventSource").asText());
    }

    /** Runs {@code close} on each task; the ids of the messages that failed. */
    static List<String> each(JsonNode input, Consumer<ShardTask> close) {
        List<String> failed = new ArrayList<>();
        for (JsonNode record : input.get("Records")) {
            String id = record.path("messageId").asText();
            try {
                close.accept(ShardTask.parse(record.path("body").asText()));
            } catch (RuntimeException e) {
                LOG.errorf(e, "shard task %s failed, left for redelivery: %s", id, e.toString());
                failed.add(id);
            }
        }
        return failed;
    }

    /** The partial batch response the event source mapping reads. */
    static Map<String, Object> answer(List<String> failed) {
        return Map.of("batchItemFailures", failed.stream().map(id -> Map.of("itemIdentifier", id)).toList());
    }
}
