package dev.metering.poolapi;

import static dev.metering.poolapi.Api.as;
import static org.assertj.core.api.Assertions.assertThat;

import dev.metering.core.cycle.CycleOpening;
import dev.metering.store.Catalogs;
import dev.metering.store.Deadline;
import dev.metering.store.MeteringStore;
import dev.metering.store.StoreConfig;
import dev.metering.store.accounts.AccountService;
import dev.metering.store.reset.MonthlyReset;
import dev.metering.testsupport.DynamoEngine;
import dev.metering.testsupport.DynamoEngineResource;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Billing pulls the invoice lines of a window of closes. The cycles closed here were opened and
 * closed in the past (their own clock), so no other test's current cycle is touched.
 */
@QuarkusTest
@QuarkusTestResource(DynamoEngineResource.class)
class InvoiceLinesTest {

    private static final Instant CREATED = Instant.now().minus(Duration.ofDays(120)).truncatedTo(ChronoUnit.SECONDS);
    private static final Instant CLOSED = CREATED.plus(Duration.ofDays(45));
    private static final List<String> ACCOUNTS = new ArrayList<>();

    @BeforeAll
    static void closedCycles() {
        MeteringStore store = new MeteringStore(DynamoEngine.shared().newClient(), StoreConfig.defaults(DynamoEngineResource.table()));
        AccountService accounts = new AccountService(store, Catalogs.bundled().plans(), Clock.fixed(CREATED, ZoneOffset.UTC));
        for (int i = 0; i < 3; i++) {
            String id = "acct_inv" + UUID.randomUUID().toString().replace("-", "").substring(0, 12);
            accounts.create(new AccountService.NewAccount(id, "pro", "org_7", CREATED.minus(Duration.ofDays(3)), ZoneOffset.UTC, false, null));
            accounts.claimCredit(id);
            ACCOUNTS.add(id);
        }
        new MonthlyReset(store, new CycleOpening(Catalogs.bundled().plans()), MonthlyReset.DEFAULT_GRACE, Clock.fixed(CLOSED, ZoneOffset.UTC))
                .run(CLOSED, false, Deadline.none());
    }

    private static JsonPath page(String cursor) {
        var request = as(Tokens.admin()).queryParam("closedFrom", CLOSED.toString()).queryParam("closedTo", CLOSED.plusSeconds(1).toString())
                .queryParam("limit", 2);
        if (cursor != null) {
            request.queryParam("cursor", cursor);
        }
        return request.get("/v1/invoice-lines").then().statusCode(200).extract().jsonPath();
    }

    @Test
    void anAdminPullsEveryLineOfTheWindowOnceInPages() {
        List<Map<String, Object>> lines = new ArrayList<>();
        String cursor = null;
        do {
            JsonPath page = page(cursor);
            assertThat(page.getList("lines")).hasSizeLessThanOrEqualTo(2);
            lines.addAll(page.getList("lines"));
            cursor = page.getString("nextCursor");
        } while (cursor != null);

        assertThat(lines).extracting(l -> l.get("accountId")).containsExactlyInAnyOrderElementsOf(ACCOUNTS);
        assertThat(page(null).getString("completeThrough")).as("the window is long settled").isEqualTo(CLOSED.plusSeconds(1).toString());
        Map<String, Object> line = lines.get(0);
        assertThat(line).containsEntry("organizationId", "org_7").containsEntry("plan", "pro").containsEntry("closedAt", CLOSED.toString())
                .containsEntry("creditGrantedUsd", "20.000000000").containsEntry("creditExpiredUsd", "20.000000000")
                .containsEntry("extraUsageUsd", "0.000000000").containsEntry("extraUsageByModelUsd", Map.of());
        @SuppressWarnings("unchecked")
        Map<String, Object> cycle = (Map<String, Object>) line.get("cycle");
        assertThat(cycle).containsKeys("start", "end", "timeZone");
    }

    @Test
    void onlyAnAdminMayPull() {
        as(Tokens.owner(ACCOUNTS.get(0))).queryParam("closedFrom", CLOSED.toString()).queryParam("closedTo", CLOSED.plusSeconds(1).toString())
                .get("/v1/invoice-lines").then().statusCode(403).contentType("application/problem+json");
    }

    @Test
    void theWindowIsRequiredAndInOrder() {
        Api.problem(as(Tokens.admin()).queryParam("closedTo", CLOSED.toString()).get("/v1/invoice-lines"), 400, "closedFrom");
        Api.problem(as(Tokens.admin()).queryParam("closedFrom", CLOSED.toString()).queryParam("closedTo", CLOSED.minusSeconds(1).toString())
                .get("/v1/invoice-lines"), 400, "closedTo");
        Api.problem(as(Tokens.admin()).queryParam("closedFrom", "2026-13-01T00:00:00Z").queryParam("closedTo", CLOSED.toString())
                .get("/v1/invoice-lines"), 400, "closedFrom");
        String otherWindow = page(null).getString("nextCursor");
        Api.problem(as(Tokens.admin()).queryParam("closedFrom", CLOSED.minusSeconds(1).toString())
                .queryParam("closedTo", CLOSED.plusSeconds(1).toString()).queryParam("cursor", otherWindow).get("/v1/invoice-lines"), 400, "cursor");
    }
}
