package dev.metering.poolapi;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

import dev.metering.testsupport.DynamoEngineResource;
import dev.metering.testsupport.SampleEvents;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import org.junit.jupiter.api.Test;

/** The usage page and what it loads, with no token, as a function URL delivers the requests. */
@QuarkusTest
@QuarkusTestResource(DynamoEngineResource.class)
class DashboardTest {

    /** A GET through the Lambda handler, built from the pools sample with its path and no token. */
    private static JsonPath viaFunctionUrl(String path) throws Exception {
        String event = SampleEvents.read("function-url-get-pools.json")
                .replace("/v1/accounts/acct_api/pools", path)
                .replace("\"authorization\": \"Bearer REPLACE_WITH_A_TOKEN\",", "")
                .replace("\"accept\": \"application/json\"", "\"accept\": \"text/html,*/*\"");
        return given().contentType("application/json").body(event).post("/_lambda_").then().statusCode(200).extract().jsonPath();
    }

    @Test
    void thePageItsScriptAndTheChartLibraryLoadWithoutAToken() throws Exception {
        JsonPath page = viaFunctionUrl("/dashboard");
        assertThat(page.getInt("statusCode")).isEqualTo(200);
        assertThat(page.getMap("headers").toString().toLowerCase()).contains("text/html");
        assertThat(page.getString("body")).contains("/webjars/uplot/1.6.30/dist/uPlot.iife.min.js").contains("/dashboard/app.js");

        JsonPath script = viaFunctionUrl("/dashboard/app.js");
        assertThat(script.getInt("statusCode")).isEqualTo(200);
        assertThat(script.getString("body")).contains("sessionStorage").contains("new uPlot(").doesNotContain("location.search");

        JsonPath chart = viaFunctionUrl("/webjars/uplot/1.6.30/dist/uPlot.iife.min.js");
        assertThat(chart.getInt("statusCode")).isEqualTo(200);
        String body = chart.getBoolean("isBase64Encoded") ? new String(java.util.Base64.getDecoder().decode(chart.getString("body")))
                : chart.getString("body");
        assertThat(body).contains("uPlot");
    }

    @Test
    void theApiStillNeedsAToken() {
        Api.problem(given().get("/v1/accounts/acct_x/pools"), 401, null);
    }
}
