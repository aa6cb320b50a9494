package dev.metering.testsupport;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.ConditionalCheckFailedException;
import software.amazon.awssdk.services.dynamodb.model.Put;
import software.amazon.awssdk.services.dynamodb.model.TransactWriteItem;
import software.amazon.awssdk.services.dynamodb.model.TransactionCanceledException;
import software.amazon.awssdk.services.dynamodb.model.Update;

/**
 * Guards the engine itself: a non-linearizable engine (such as the stock threaded moto server)
 * lets two conditional decrements both pass and overspends; this test then fails.
 */
class EngineLinearizabilityTest {

    private static final int THREADS = 32;
    private static final int ATTEMPTS_PER_THREAD = 8;
    private static final int BALANCE = 100;
    private static String table;

    @BeforeAll
    static void table() {
        table = DynamoEngine.shared().createTable("linearizability");
    }

    private static Map<String, AttributeValue> key(String id) {
        return Map.of("pk", AttributeValue.fromS(id), "sk", AttributeValue.fromS("BALANCE"));
    }

    private static void seed(String id) {
        try (DynamoDbClient client = DynamoEngine.shared().newClient()) {
            client.putItem(b -> b.tableName(table).item(Map.of(
                    "pk", AttributeValue.fromS(id), "sk", AttributeValue.fromS("BALANCE"), "balance", AttributeValue.fromN(String.valueOf(BALANCE)))));
        }
    }

    private static long balance(String id) {
        try (DynamoDbClient client = DynamoEngine.shared().newClient()) {
            return Long.parseLong(client.getItem(b -> b.tableName(table).key(key(id)).consistentRead(true)).item().get("balance").n());
        }
    }

    interface Attempt {
        boolean run(DynamoDbClient client, int thread, int attempt);
    }

    private static int race(Attempt attempt) throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(THREADS);
        CountDownLatch start = new CountDownLatch(1);
        AtomicInteger successes = new AtomicInteger();
        List<Future<?>> futures = new ArrayList<>();
        for (int t = 0; t < THREADS; t++) {
            int thread = t;
            futures.add(pool.submit(() -> {
                try (DynamoDbClient client = DynamoEngine.shared().newClient()) {
                    start.await();
                    for (int a = 0; a < ATTEMPTS_PER_THREAD; a++) {
                        if (attempt.run(client, thread, a)) {
                            successes.incrementAndGet();
                        }
                    }
                }
                return null;
            }));
        }
        start.countDown();
        for (Future<?> f : futures) {
            f.get(5, TimeUnit.MINUTES);
        }
        pool.shutdown();
        return successes.get();
    }

    @Test
    void conditionalDecrementsNeverOverspend() throws Exception {
        seed("conditional");
        int successes = race((client, thread, attempt) -> {
            try {
                client.updateItem(b -> b.tableName(table).key(key("conditional"))
                        .updateExpression("SET balance = balance - :one")
                        .conditionExpression("balance >= :one")
                        .expressionAttributeValues(Map.of(":one", AttributeValue.fromN("1"))));
                return true;
            } catch (ConditionalCheckFailedException e) {
                return false;
            }
        });
        System.out.printf("engine linearizability: %d of %d conditional decrements succeeded on a balance of %d%n",
                successes, THREADS * ATTEMPTS_PER_THREAD, BALANCE);
        assertThat(THREADS * ATTEMPTS_PER_THREAD).isGreaterThan(BALANCE);
        assertThat(successes).isEqualTo(BALANCE);
        assertThat(balance("conditional")).isZero();
    }

    @Test
    void cancelledTransactionsLoseNoOtherWrite() throws Exception {
        seed("transactional");
        int successes = race((client, thread, attempt) -> {
            String marker = "MARK#" + thread + "#" + attempt;
            try {
                client.transactWriteItems(b -> b.transactItems(
                        TransactWriteItem.builder().update(Update.builder().tableName(table).key(key("transactional"))
                                .updateExpression("SET balance = balance - :one")
                                .conditionExpression("balance >= :one")
                                .expressionAttributeValues(Map.of(":one", AttributeValue.fromN("1"))).build()).build(),
                        TransactWriteItem.builder().put(Put.builder().tableName(table).item(Map.of(
                                "pk", AttributeValue.fromS("transactional"), "sk", AttributeValue.fromS(marker)))
                                .conditionExpression("attribute_not_exists(pk)").build()).build()));
                return true;
            } catch (TransactionCanceledException e) {
                return false;
            }
        });
        assertThat(successes).isEqualTo(BALANCE);
        assertThat(balance("transactional")).isZero();
        try (DynamoDbClient client = DynamoEngine.shared().newClient()) {
            int markers = client.queryPaginator(b -> b.tableName(table).keyConditionExpression("pk = :pk AND begins_with(sk, :m)")
                            .expressionAttributeValues(Map.of(":pk", AttributeValue.fromS("transactional"), ":m", AttributeValue.fromS("MARK#"))))
                    .items().stream().mapToInt(i -> 1).sum();
            assertThat(markers).as("every committed transaction left its marker, no cancelled one did").isEqualTo(BALANCE);
        }
    }

    @Test
    void aTransactionThatFailsValidationPartWayLeavesNothingBehind() {
        try (DynamoDbClient client = DynamoEngine.shared().newClient()) {
            org.assertj.core.api.Assertions.assertThatThrownBy(() -> client.transactWriteItems(b -> b.transactItems(
                            TransactWriteItem.builder().put(Put.builder().tableName(table).item(Map.of(
                                    "pk", AttributeValue.fromS("partial"), "sk", AttributeValue.fromS("FIRST"))).build()).build(),
                            TransactWriteItem.builder().update(Update.builder().tableName(table).key(key("partial"))
                                    .updateExpression("SET balance = balance - :undefined").build()).build())))
                    .isInstanceOf(software.amazon.awssdk.services.dynamodb.model.DynamoDbException.class);
            assertThat(client.getItem(b -> b.tableName(table).consistentRead(true).key(Map.of(
                    "pk", AttributeValue.fromS("partial"), "sk", AttributeValue.fromS("FIRST")))).hasItem())
                    .as("the first action was rolled back").isFalse();
        }
    }
}
