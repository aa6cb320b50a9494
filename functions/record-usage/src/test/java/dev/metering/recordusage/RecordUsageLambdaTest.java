package dev.metering.recordusage;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

import dev.metering.core.cycle.CyclePools;
import dev.metering.core.money.Money;
import dev.metering.store.Catalogs;
import dev.metering.store.MeteringStore;
import dev.metering.store.QuarantineStore;
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
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;

/** The packaged handler, invoked through the Lambda mock event server with the samples in events/. */
@QuarkusTest
@QuarkusTestResource(DynamoEngineResource.class)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class RecordUsageLambdaTest {

    private DynamoDbClient client;
    private MeteringStore store;

    @BeforeAll
    void account() {
        client = DynamoEngine.shared().newClient();
        store = new MeteringStore(client, StoreConfig.defaults(DynamoEngineResource.table()));
        AccountService accounts = new AccountService(store, Catalogs.bundled().plans(), Clock.systemUTC());
        accounts.create(new AccountService.NewAccount("acct_42", "max-5x", "org_7", Instant.parse("2026-11-17T08:00:00Z"),
                ZoneOffset.UTC, true, Money.parseUsd("50")));
        accounts.claimCredit("acct_42");
    }

    private static String sample(String name) throws Exception {
        return SampleEvents.read(name);
    }

    private CyclePools currentPools() {
        Instant start = store.findAccount("acct_42").orElseThrow().calendar().cycleContaining(Instant.now()).start();
        return store.findCycle("acct_42", start).orElseThrow();
    }

    @Test
    void sqsBatchSampleAppliesTheValidEventsAndQuarantinesTheBadOne() throws Exception {
        Money programmaticBefore = currentPools().programmatic().used();
        Money interactiveBefore = currentPools().interactive().used();

        JsonPath response = given().contentType("application/json").body(sample("usage-sqs-batch.json"))
                .when().post().then().statusCode(200).extract().jsonPath();

        assertThat(response.getList("batchItemFailures")).as("nothing to redeliver").isEmpty();
        CyclePools after = currentPools();
        // opus-4-7: 2000x5000 + 800x25000 + 1000x6250 + 2000x10000 + 12000x500 nano-dollars
        assertThat(after.programmatic().used().minus(programmaticBefore)).isEqualTo(Money.parseUsd("0.06225"));
        // haiku-4-5 on the web: 500x1000 + 1500x5000
        assertThat(after.interactive().used().minus(interactiveBefore)).isEqualTo(Money.parseUsd("0.008"));

        JsonPath again = given().contentType("application/json").body(sample("usage-sqs-batch.json"))
                .when().post().then().statusCode(200).extract().jsonPath();
        assertThat(again.getList("batchItemFailures")).isEmpty();
        assertThat(currentPools().programmatic().used()).as("redelivery counts nothing twice").isEqualTo(after.programmatic().used());
    }

    @Test
    void directSampleReportsItsSplit() throws Exception {
        JsonPath first = given().contentType("application/json").body(sample("usage-direct.json"))
                .when().post().then().statusCode(200).extract().jsonPath();
        List<Map<String, Object>> results = first.getList("results");
        assertThat(results).hasSize(1);
        assertThat(results.get(0)).containsEntry("eventId", "evt_01JDX9V4").containsEntry("status", "APPLIED")
                .containsEntry("pool", "PROGRAMMATIC").containsEntry("creditUsd", "0.010200000")
                .containsEntry("extraUsageUsd", "0.000000000").containsEntry("overrunUsd", "0.000000000");

        JsonPath second = given().contentType("application/json").body("{\"events\": [" + sample("usage-direct.json") + "]}")
                .when().post().then().statusCode(200).extract().jsonPath();
        assertThat(second.getString("results[0].status")).isEqualTo("DUPLICATE");
    }

    @Test
    void apiResponseSampleIsPricedAsTheApiBillsIt() throws Exception {
        JsonPath response = given().contentType("application/json").body(sample("usage-api-response.json"))
                .when().post().then().statusCode(200).extract().jsonPath();
        // Sonnet 4.5 by its snapshot id: 2095 x 3000 + 503 x 15000 + 2051 x 3750 + 2051 x 300, and 2 web searches at $10 a thousand.
        assertThat(response.getString("results[0].status")).isEqualTo("APPLIED");
        assertThat(response.getString("results[0].creditUsd")).isEqualTo("0.042136550");
        // Sonnet 5, batch (from usage.service_tier), US-only: every token rate x 1.1 / 2.
        assertThat(response.getString("results[1].status")).isEqualTo("APPLIED");
        assertThat(response.getString("results[1].creditUsd")).isEqualTo("0.036300000");
        Instant start = store.findAccount("acct_42").orElseThrow().calendar().cycleContaining(Instant.parse("2026-11-26T20:05:00Z")).start();
        assertThat(store.ledger("acct_42", start)).filteredOn(e -> "evt_msg_01XFDUDYJgAACzvnptvVoYEL".equals(e.eventId()))
                .singleElement().satisfies(e -> assertThat(e.model()).as("the canonical id").isEqualTo("claude-sonnet-4-5"));
        JsonPath again = given().contentType("application/json").body(sample("usage-api-response.json"))
                .when().post().then().statusCode(200).extract().jsonPath();
        assertThat(again.getList("results.status")).containsExactly("DUPLICATE", "DUPLICATE");
    }

    @Test
    void aDirectBatchWithABadEventQuarantinesItAndAppliesTheRest() {
        String body = """
                {"events": [
                  {"eventId": "evt_direct_ok", "accountId": "acct_42", "occurredAt": "%s", "source": "cowork",
                   "model": "claude-haiku-3-5", "usage": {"input_tokens": 1000, "output_tokens": 0}},
                  {"eventId": "evt_direct_bad", "accountId": "acct_42", "occurredAt": "%s", "source": "fax-machine",
                   "model": "claude-haiku-3-5", "usage": {"input_tokens": 1000, "output_tokens": 0}}
                ]}""".formatted(Instant.now().minusSeconds(30), Instant.now().minusSeconds(30));
        JsonPath response = given().contentType("application/json").body(body).when().post().then().statusCode(200).extract().jsonPath();
        assertThat(response.getString("results[0].status")).isEqualTo("APPLIED");
        assertThat(response.getString("results[0].creditUsd")).isEqualTo("0.000800000");
        assertThat(response.getString("results[1].status")).isEqualTo("QUARANTINED");
        assertThat(response.getString("results[1].reason")).isEqualTo("source: unknown source 'fax-machine'");
    }

    @Test
    void aDirectEventWithADuplicateKeyIsQuarantinedAsSentNotAppliedLastWins() {
        String sent = """
                {"eventId": "evt_direct_dup", "accountId": "acct_42", "occurredAt": "%s", "source": "agent-sdk",
                 "model": "claude-haiku-3-5", "usage": {"input_tokens": 1000, "input_tokens": 9, "output_tokens": 0}}"""
                .formatted(Instant.now().minusSeconds(30));
        JsonPath response = given().contentType("application/json").body("{\"events\": [" + sent + "]}").when().post().then()
                .statusCode(200).extract().jsonPath();
        assertThat(response.getString("results[0].status")).isEqualTo("QUARANTINED");
        assertThat(response.getString("results[0].reason")).startsWith("duplicate field");
        assertThat(new QuarantineStore(client, StoreConfig.defaults(DynamoEngineResource.table())).since(Instant.now().minusSeconds(120), 100))
                .as("kept as its own characters, as received").anySatisfy(q -> assertThat(q.raw()).isEqualTo(sent));
    }
}
