package dev.metering.poolapi;

import static dev.metering.poolapi.Api.as;
import static org.assertj.core.api.Assertions.assertThat;

import dev.metering.core.money.Money;
import dev.metering.testsupport.DynamoEngineResource;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The pools carry the forecast from the cycle's usage cells; usage groups by source name the pool each source draws on. */
@QuarkusTest
@QuarkusTestResource(DynamoEngineResource.class)
class ForecastReadTest {

    @Test
    void thePoolsForecastFromTheProgrammaticCostPerElapsedDay() {
        String id = Api.newAccount("pro");
        as(Tokens.owner(id)).post("/v1/accounts/" + id + "/credit-claim").then().statusCode(200);
        JsonPath fresh = as(Tokens.owner(id)).get("/v1/accounts/" + id + "/pools").then().statusCode(200).extract().jsonPath();
        assertThat(fresh.getString("forecast.dailyBurnUsd")).isEqualTo("0.000000000");
        assertThat(fresh.getString("forecast.creditDepletesAt")).isNull();
        assertThat(fresh.getString("forecast.basis")).contains("no programmatic usage");

        Api.spend(id, "agent-sdk", 5_000_000);
        Api.spend(id, "claude-code", 2_000_000);
        JsonPath pools = as(Tokens.owner(id)).get("/v1/accounts/" + id + "/pools").then().statusCode(200).extract().jsonPath();

        LocalDate first = Instant.parse(pools.getString("cycle.start")).atZone(ZoneOffset.UTC).toLocalDate();
        long days = ChronoUnit.DAYS.between(first, LocalDate.now(ZoneOffset.UTC)) + 1;
        assertThat(pools.getString("forecast.dailyBurnUsd")).as("$5 of programmatic cost over %d days; interactive does not count", days)
                .isEqualTo(Money.ofNanos(Money.ofUsd(5).nanos() / days).toUsdString());
        assertThat(pools.getString("forecast.basis")).contains("5.000000000").contains(days + (days == 1 ? " day" : " days"));
        assertThat(pools.getString("forecast.capReachedAt")).isNull();

        var cost = dev.metering.testsupport.RecordedOperations.cost(() -> as(Tokens.owner(id)).get("/v1/accounts/" + id + "/pools")
                .then().statusCode(200));
        assertThat(cost.calls()).as("the account and the cycle: the forecast reads nothing more, whatever the cycle holds")
                .isEqualTo(Map.of("GetItem", 2L));
    }

    @Test
    void usageGroupedBySourceNamesEachSourcesPool() {
        String id = Api.newAccount("pro");
        as(Tokens.owner(id)).post("/v1/accounts/" + id + "/credit-claim").then().statusCode(200);
        Api.spend(id, "agent-sdk", 1_000_000);
        Api.spend(id, "claude-code", 1_000_000);

        List<Map<String, Object>> bySource = as(Tokens.owner(id)).queryParam("groupBy", "day,source").get("/v1/accounts/" + id + "/usage")
                .then().statusCode(200).extract().jsonPath().getList("groups");
        assertThat(bySource).extracting(g -> ((Map<?, ?>) g.get("key")).get("source") + "=" + g.get("pool"))
                .containsExactlyInAnyOrder("agent-sdk=PROGRAMMATIC", "claude-code=INTERACTIVE");
        List<Map<String, Object>> byDay = as(Tokens.owner(id)).queryParam("groupBy", "day").get("/v1/accounts/" + id + "/usage")
                .then().statusCode(200).extract().jsonPath().getList("groups");
        assertThat(byDay).allMatch(g -> g.containsKey("pool") && g.get("pool") == null);
    }
}
