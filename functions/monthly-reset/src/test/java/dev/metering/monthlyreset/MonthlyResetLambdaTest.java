package dev.metering.monthlyreset;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

import dev.metering.core.cycle.CyclePools;
import dev.metering.core.money.Money;
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
import java.time.ZoneId;
import java.time.ZoneOffset;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/** The packaged reset, fired through the Lambda mock event server with the scheduler sample from events/. */
@QuarkusTest
@QuarkusTestResource(DynamoEngineResource.class)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class MonthlyResetLambdaTest {

    private static final Instant CREATED = Instant.parse("2026-11-10T12:00:00Z");
    private MeteringStore store;

    @BeforeAll
    void accounts() {
        store = new MeteringStore(DynamoEngine.shared().newClient(), StoreConfig.defaults(DynamoEngineResource.table()));
        AccountService accounts = new AccountService(store, Catalogs.bundled().plans(), Clock.fixed(CREATED, ZoneOffset.UTC));
        accounts.create(new AccountService.NewAccount("acct_r1", "max-20x", null, Instant.parse("2026-10-20T00:00:00Z"), ZoneOffset.UTC, false, null));
        accounts.claimCredit("acct_r1");
        accounts.create(new AccountService.NewAccount("acct_r2", "pro", null, Instant.parse("2026-08-31T18:00:00Z"),
                ZoneId.of("Europe/Berlin"), false, null));
        accounts.claimCredit("acct_r2");
    }

    @Test
    void theSchedulerSampleClosesTheEndedCyclesAndASecondRunClosesNothing() throws Exception {
        String scheduled = SampleEvents.read("scheduled-reset.json");

        JsonPath dry = given().contentType("application/json").body("{\"asOf\": \"2026-12-01T01:00:00Z\", \"dryRun\": true}")
                .when().post().then().statusCode(200).extract().jsonPath();
        assertThat(dry.getBoolean("dryRun")).isTrue();
        assertThat(dry.getLong("cyclesClosed")).isEqualTo(2);
        assertThat(store.findCycle("acct_r1", Instant.parse("2026-10-20T00:00:00Z")).orElseThrow().isClosed()).as("a dry run writes nothing").isFalse();

        JsonPath report = given().contentType("application/json").body(scheduled).when().post().then().statusCode(200).extract().jsonPath();
        assertThat(report.getString("asOf")).isEqualTo("2026-12-01T01:00:00Z");
        assertThat(report.getLong("cyclesClosed")).isEqualTo(2);
        assertThat(report.getString("creditExpiredUsd")).isEqualTo("220.000000000");
        assertThat(report.getString("extraUsageBilledUsd")).isEqualTo("0.000000000");
        assertThat(report.getLong("alreadyClosed")).isZero();
        assertThat(report.getLong("remaining")).isZero();

        CyclePools closed = store.findCycle("acct_r1", Instant.parse("2026-10-20T00:00:00Z")).orElseThrow();
        assertThat(closed.isClosed()).isTrue();
        assertThat(closed.programmatic().expired()).isEqualTo(Money.ofUsd(200));
        CyclePools next = store.findCycle("acct_r1", Instant.parse("2026-11-20T00:00:00Z")).orElseThrow();
        assertThat(next.programmatic().granted()).isEqualTo(Money.ofUsd(200));
        // Berlin anchor on Aug 31, 20:00 local: the cycle from Oct 31 20:00 CET ends Nov 30 20:00 CET = 19:00Z.
        assertThat(store.findCycle("acct_r2", Instant.parse("2026-10-31T19:00:00Z")).orElseThrow().isClosed()).isTrue();

        JsonPath again = given().contentType("application/json").body(scheduled).when().post().then().statusCode(200).extract().jsonPath();
        assertThat(again.getLong("cyclesClosed")).isZero();
        assertThat(again.getString("creditExpiredUsd")).isEqualTo("0.000000000");
    }

    @Test
    void anAsOfYearsAheadIsRefusedAndClosesNothing() {
        String error = given().contentType("application/json").body("{\"asOf\": \"2036-12-01T01:00:00Z\"}")
                .when().post().then().statusCode(500).extract().asString();
        assertThat(error).contains("asOf: 2036-12-01T01:00:00Z is more than 5 minutes after now");
        assertThat(store.findCycle("acct_r1", Instant.parse("2026-11-20T00:00:00Z"))).as("the cycle containing now stays open")
                .hasValueSatisfying(c -> assertThat(c.isClosed()).isFalse());
    }

    @Test
    void aReconcileOfAClosedCycleFindsTheLedgerEqualToThePools() {
        given().contentType("application/json").body("{\"asOf\": \"2026-12-01T01:00:00Z\"}").when().post().then().statusCode(200);
        JsonPath answer = given().contentType("application/json")
                .body("{\"reconcile\": {\"accountId\": \"acct_r1\", \"cycleStart\": \"2026-10-20T00:00:00Z\"}}")
                .when().post().then().statusCode(200).extract().jsonPath();
        assertThat(answer.getString("accountId")).isEqualTo("acct_r1");
        assertThat(answer.getString("cycleStart")).isEqualTo("2026-10-20T00:00:00Z");
        assertThat(answer.getList("differences")).isEmpty();
    }

    @Test
    void aBadAsOfFailsTheInvocationWithTheReason() {
        String error = given().contentType("application/json").body("{\"asOf\": \"next tuesday\"}")
                .when().post().then().statusCode(500).extract().asString();
        assertThat(error).contains("asOf: not an ISO-8601 instant");
    }
}
