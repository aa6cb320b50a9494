package dev.metering.poolapi;

import static dev.metering.poolapi.Api.as;
import static dev.metering.poolapi.Api.problem;
import static org.assertj.core.api.Assertions.assertThat;

import dev.metering.testsupport.DynamoEngineResource;
import dev.metering.testsupport.ReadCounter;
import dev.metering.testsupport.RecordedOperations;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/** An organization's seats and totals, and who may see them; each test with an organization of its own. */
@QuarkusTest
@QuarkusTestResource(DynamoEngineResource.class)
class OrganizationsTest {

    private static String newOrganization() {
        return "org_" + UUID.randomUUID().toString().replace("-", "").substring(0, 12);
    }

    private static String seat(String org, String plan) {
        String id = "acct_" + UUID.randomUUID().toString().replace("-", "").substring(0, 16);
        as(Tokens.admin()).body(Map.of("plan", plan, "organizationId", org, "anchor", Api.ANCHOR.toString(), "timeZone", "UTC"))
                .put("/v1/accounts/" + id).then().statusCode(201);
        return id;
    }

    @Test
    void anOrganizationsAdminSeesEverySeatInPagesAndTheTotalsOverAll() {
        String org = newOrganization();
        String spender = seat(org, "pro");
        String claimed = seat(org, "pro");
        String unclaimed = seat(org, "max-5x");
        for (String s : List.of(spender, claimed)) {
            as(Tokens.owner(s)).post("/v1/accounts/" + s + "/credit-claim").then().statusCode(200);
        }
        Api.spend(spender, "agent-sdk", 2_000_000); // $2 of haiku input
        List<String> seats = new ArrayList<>(List.of(spender, claimed, unclaimed));
        seats.sort(null);
        String path = "/v1/organizations/" + org + "/pools";
        JsonPath before = as(Tokens.organizationAdmin(org)).get(path).then().statusCode(200).extract().jsonPath();
        assertThat(before.getString("totalsAsOf")).as("the stream has not been read yet").isNull();
        assertThat(before.getMap("totals")).containsEntry("seats", 0);
        Api.keepOrganizationTotals();

        JsonPath first = as(Tokens.organizationAdmin(org)).queryParam("limit", 2).get(path).then().statusCode(200).extract().jsonPath();
        assertThat(first.getString("organizationId")).isEqualTo(org);
        assertThat(first.getList("seats.accountId")).containsExactly(seats.get(0), seats.get(1));
        assertThat(first.getMap("seats[0].cycle")).containsKeys("start", "end", "timeZone");
        JsonPath second = as(Tokens.organizationAdmin(org)).queryParam("cursor", first.getString("nextCursor")).get(path)
                .then().statusCode(200).extract().jsonPath();
        assertThat(second.getList("seats.accountId")).containsExactly(seats.get(2));
        assertThat(second.getString("nextCursor")).isNull();
        List<Map<String, Object>> all = new ArrayList<>(first.getList("seats"));
        all.addAll(second.getList("seats"));
        Map<String, Object> spent = all.stream().filter(s -> spender.equals(s.get("accountId"))).findFirst().orElseThrow();
        assertThat(spent.get("usedUsd")).isEqualTo("2.000000000");
        assertThat(spent.get("state")).isEqualTo("CREDIT");

        Map<String, Object> totals = first.getMap("totals");
        assertThat(first.getString("totalsAsOf")).isNotNull();
        assertThat(second.getMap("totals")).as("the same totals on every page").isEqualTo(totals);
        assertThat(totals.get("seats")).isEqualTo(3);
        String granted = as(Tokens.admin()).get("/v1/accounts/" + spender + "/pools").then().extract().jsonPath()
                .getString("programmatic.grantedUsd");
        assertThat(totals.get("usedUsd")).isEqualTo("2.000000000");
        assertThat(dev.metering.core.money.Money.parseUsd((String) totals.get("grantedUsd")))
                .as("two claimed seats of one plan").isEqualTo(dev.metering.core.money.Money.parseUsd(granted).times(2));
        assertThat(as(Tokens.admin()).get(path).then().statusCode(200).extract().jsonPath().getList("seats")).hasSize(3);

        ReadCounter.Counts cost = RecordedOperations.cost(() -> as(Tokens.admin()).queryParam("limit", 2).get(path).then().statusCode(200));
        assertThat(cost.calls()).as("a page of seats, their cycles, the totals: whatever the organization's size")
                .containsExactlyInAnyOrderEntriesOf(Map.of("Query", 1L, "BatchGetItem", 1L, "GetItem", 1L));
        assertThat(cost.itemsRead()).as("two seats, two cycles, the totals").isEqualTo(5);
    }

    @Test
    void aSeatOwnerOrAnotherOrganizationsAdminIsRefused() {
        String org = newOrganization();
        String seat = seat(org, "pro");
        String path = "/v1/organizations/" + org + "/pools";
        problem(as(Tokens.owner(seat)).get(path), 403, null);
        problem(as(Tokens.organizationAdmin(newOrganization())).get(path), 403, null);
        problem(as(Tokens.organizationAdmin(org + "x")).get(path), 403, null);
        problem(as(Tokens.organizationAdmin(org)).get("/v1/organizations/" + newOrganization() + "/pools"), 403, null);
        problem(as(Tokens.admin()).get("/v1/organizations/" + newOrganization() + "/pools"), 404, null);
        problem(as(Tokens.admin()).get("/v1/organizations/org%231/pools"), 400, "org");
    }

    @Test
    void aSeatMovedToAnotherOrganizationLeavesTheFirst() {
        String org = newOrganization();
        String other = newOrganization();
        String stays = seat(org, "pro");
        String moves = seat(org, "pro");
        Api.keepOrganizationTotals();
        as(Tokens.admin()).body(Map.of("plan", "pro", "organizationId", other)).put("/v1/accounts/" + moves).then().statusCode(200);
        Api.keepOrganizationTotals();
        assertThat(as(Tokens.organizationAdmin(org)).get("/v1/organizations/" + org + "/pools").then().statusCode(200).extract().jsonPath()
                .getList("seats.accountId")).containsExactly(stays);
        assertThat(as(Tokens.organizationAdmin(other)).get("/v1/organizations/" + other + "/pools").then().statusCode(200).extract()
                .jsonPath().getList("seats.accountId")).containsExactly(moves);
        assertThat(as(Tokens.organizationAdmin(org)).get("/v1/organizations/" + org + "/pools").then().extract().jsonPath()
                .getInt("totals.seats")).isEqualTo(1);
        assertThat(as(Tokens.organizationAdmin(other)).get("/v1/organizations/" + other + "/pools").then().extract().jsonPath()
                .getInt("totals.seats")).isEqualTo(1);
    }

    @Test
    void aPlanChangeWithoutAnOrganizationKeepsTheSeatInItAndNullTakesItOut() {
        String org = newOrganization();
        String seat = seat(org, "pro");
        assertThat(as(Tokens.admin()).body(Map.of("plan", "max-5x")).put("/v1/accounts/" + seat).then().statusCode(200).extract()
                .jsonPath().getString("organizationId")).as("absent keeps it").isEqualTo(org);
        assertThat(as(Tokens.admin()).get("/v1/organizations/" + org + "/pools").then().statusCode(200).extract().jsonPath()
                .getList("seats.accountId")).containsExactly(seat);
        java.util.HashMap<String, Object> leave = new java.util.HashMap<>();
        leave.put("plan", "max-5x");
        leave.put("organizationId", null);
        as(Tokens.admin()).body(leave).put("/v1/accounts/" + seat).then().statusCode(200);
        problem(as(Tokens.admin()).get("/v1/organizations/" + org + "/pools"), 404, null);
    }
}
