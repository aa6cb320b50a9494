package dev.metering.monthlyreset;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.metering.store.Catalogs;
import dev.metering.store.MeteringStore;
import dev.metering.store.StoreConfig;
import dev.metering.store.accounts.AccountService;
import dev.metering.testsupport.DynamoEngine;
import dev.metering.testsupport.DynamoEngineResource;
import dev.metering.testsupport.SampleEvents;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sqs.model.Message;

/**
 * The reset fanned out through its shard queue: the scheduled run hands one task per closer to the
 * queue and closes nothing itself; the function fed those tasks closes every due cycle, each once;
 * a task that is not one fails alone.
 */
@QuarkusTest
@QuarkusTestResource(DynamoEngineResource.class)
@QuarkusTestResource(value = ShardQueueResource.class, restrictToAnnotatedClass = true)
class FanOutLambdaTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Instant CREATED = Instant.parse("2026-11-10T12:00:00Z");
    private static final Instant FIRST = Instant.parse("2026-10-20T00:00:00Z");

    @Test
    void theScheduledRunHandsEachCloserItsShareAndTheClosersCloseEveryDueCycleOnce() throws Exception {
        MeteringStore store = new MeteringStore(DynamoEngine.shared().newClient(), StoreConfig.defaults(DynamoEngineResource.table()));
        AccountService accounts = new AccountService(store, Catalogs.bundled().plans(), Clock.fixed(CREATED, ZoneOffset.UTC));
        List<String> ids = new ArrayList<>();
        for (int i = 0; i < 12; i++) {
            String id = "acct_fan" + i;
            accounts.create(new AccountService.NewAccount(id, "pro", null, FIRST, ZoneOffset.UTC, false, null));
            accounts.claimCredit(id);
            ids.add(id);
        }

        JsonPath dispatched = given().contentType("application/json").body(SampleEvents.read("scheduled-reset.json"))
                .when().post().then().statusCode(200).extract().jsonPath();
        assertThat(dispatched.getInt("closersQueued")).isEqualTo(ShardQueueResource.CLOSERS);
        assertThat(dispatched.getLong("remaining")).as("due, handed out").isEqualTo(12);
        assertThat(dispatched.getLong("cyclesClosed")).isZero();
        assertThat(store.findCycle(ids.get(0), FIRST).orElseThrow().isClosed()).as("the dispatcher closes nothing").isFalse();

        List<Message> tasks = receive(ShardQueueResource.CLOSERS);
        assertThat(tasks).extracting(m -> JSON.readTree(m.body()).get("closer").intValue()).containsExactlyInAnyOrder(0, 1, 2, 3);

        ObjectNode delivery = sqsEvent(tasks);
        ((ArrayNode) delivery.get("Records")).add(record("not-a-task", "{\"shard\": 3}"));
        JsonPath answer = given().contentType("application/json").body(delivery.toString()).when().post().then().statusCode(200)
                .extract().jsonPath();
        assertThat(answer.getList("batchItemFailures.itemIdentifier")).as("only the bad message fails").containsExactly("not-a-task");
        for (String id : ids) {
            assertThat(store.findCycle(id, FIRST).orElseThrow().isClosed()).as(id + " closed").isTrue();
            assertThat(store.findCycle(id, Instant.parse("2026-11-20T00:00:00Z")).orElseThrow().programmatic().granted().nanos())
                    .as(id + " next cycle granted").isEqualTo(20_000_000_000L);
        }

        // The sample delivery from events/ (two closers of two), delivered after everything closed: nothing to do, no failure.
        JsonPath again = given().contentType("application/json").body(SampleEvents.read("reset-shard-tasks-sqs.json"))
                .when().post().then().statusCode(200).extract().jsonPath();
        assertThat(again.getList("batchItemFailures")).isEmpty();
        assertThat(store.ledger(ids.get(0), FIRST).stream().filter(e -> e.kind() == dev.metering.core.ledger.EntryKind.EXPIRY)).hasSize(1);
        assertThat(receive(0)).as("no closer ran out of time: nothing handed back").isEmpty();
    }

    private static List<Message> receive(int atLeast) {
        List<Message> got = new ArrayList<>();
        try (SqsClient sqs = ShardQueueResource.client()) {
            for (int attempt = 0; attempt < 5 && (got.size() < atLeast || attempt == 0); attempt++) {
                List<Message> batch = sqs.receiveMessage(b -> b.queueUrl(ShardQueueResource.url()).maxNumberOfMessages(10).waitTimeSeconds(1))
                        .messages();
                // Taken off the queue as the event source mapping does once the function has answered.
                batch.forEach(m -> sqs.deleteMessage(b -> b.queueUrl(ShardQueueResource.url()).receiptHandle(m.receiptHandle())));
                got.addAll(batch);
            }
        }
        return got;
    }

    private static ObjectNode sqsEvent(List<Message> messages) {
        ObjectNode event = JSON.createObjectNode();
        ArrayNode records = event.putArray("Records");
        messages.forEach(m -> records.add(record(m.messageId(), m.body())));
        return event;
    }

    private static ObjectNode record(String id, String body) {
        ObjectNode r = JSON.createObjectNode();
        r.put("messageId", id);
        r.put("receiptHandle", "handle-" + id);
        r.put("body", body);
        r.put("eventSource", "aws:sqs");
        r.put("eventSourceARN", "arn:aws:sqs:us-east-1:123456789012:reset-shards");
        return r;
    }
}
