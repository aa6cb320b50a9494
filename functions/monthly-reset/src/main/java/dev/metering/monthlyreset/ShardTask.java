package dev.metering.monthlyreset;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.metering.store.reset.ResetShare;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.Set;

/**
 * One closer's part of a fanned-out reset, as a queue message: {@code {"asOf", "dryRun", "closer", "closers"}}.
 * A message that is not one is refused by name, and goes to the queue's dead-letter queue.
 */
public record ShardTask(Instant asOf, boolean dryRun, ResetShare share) {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Set<String> FIELDS = Set.of("asOf", "dryRun", "closer", "closers");

    public String toJson() {
        ObjectNode node = JSON.createObjectNode();
        node.put("asOf", asOf.toString());
        node.put("dryRun", dryRun);
        node.put("closer", share.closer());
        node.put("closers", share.closers());
        return node.toString();
    }

    public static ShardTask parse(String body) {
        JsonNode node;
        try {
            node = JSON.readTree(body);
        } catch (Exception e) {
            throw new IllegalArgumentException("shard task: not JSON");
        }
        if (node == null || !node.isObject()) {
            throw new IllegalArgumentException("shard task: expected a JSON object");
        }
        node.fieldNames().forEachRemaining(name -> {
            if (!FIELDS.contains(name)) {
                throw new IllegalArgumentException("shard task: unknown field " + name);
            }
        });
        try {
            Instant asOf = Instant.parse(text(node, "asOf"));
            if (!node.path("dryRun").isBoolean() || !node.path("closer").isInt() || !node.path("closers").isInt()) {
                throw new IllegalArgumentException("shard task: dryRun must be a boolean, closer and closers whole numbers");
            }
            return new ShardTask(asOf, node.get("dryRun").booleanValue(), new ResetShare(node.get("closer").intValue(),
                    node.get("closers").intValue()));
        } catch (DateTimeParseException e) {
            throw new IllegalArgumentException("shard task: asOf is not an instant");
        }
    }

    private static String text(JsonNode node, String field) {
        if (!node.path(field).isTextual()) {
            throw new IllegalArgumentException("shard task: " + field + " is required, a string");
        }
        return node.get(field).textValue();
    }
}
