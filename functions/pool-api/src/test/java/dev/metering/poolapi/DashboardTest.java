package dev.metering.poolapi;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

import dev.metering.testsupport.DynamoEngineResource;
import dev.metering.testsupport.SampleEvents;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import java.util.List;
import java.util.Map;
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
        assertThat(page.getString("body")).as("the claims the page reads the account and the roles from")
                .contains("<meta name=\"metering-identity\" content=\"{&quot;ownerClaim&quot;:&quot;sub&quot;,"
                        + "&quot;groupsClaims&quot;:[&quot;groups&quot;]}\">");

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
    void thePageAndEveryAssetCarryAPolicyThatAllowsNothingInlineNoFramingNoSniffingNoReferrer() throws Exception {
        for (String path : List.of("/dashboard", "/dashboard/app.js", "/dashboard/app.css", "/webjars/uplot/1.6.30/dist/uPlot.min.css")) {
            JsonPath answer = viaFunctionUrl(path);
            assertThat(answer.getInt("statusCode")).as(path).isEqualTo(200);
            Map<String, String> headers = new java.util.TreeMap<>(String.CASE_INSENSITIVE_ORDER);
            headers.putAll(answer.getMap("headers"));
            assertThat(headers.get("Content-Security-Policy")).as(path).isEqualTo("default-src 'none'; script-src 'self'; style-src 'self'; "
                    + "connect-src 'self'; img-src 'self' data:; frame-ancestors 'none'; base-uri 'none'; form-action 'none'");
            assertThat(headers.get("X-Content-Type-Options")).as(path).isEqualTo("nosniff");
            assertThat(headers.get("Referrer-Policy")).as(path).isEqualTo("no-referrer");
        }
        String page = viaFunctionUrl("/dashboard").getString("body");
        assertThat(page).as("no inline script or style for the policy to refuse").doesNotContain("<style").doesNotContain("style=")
                .doesNotContainPattern("<script>").doesNotContainPattern("<script(?![^>]*\\bsrc=)[^>]*>");
    }

    @Test
    void thePageIgnoresAQueryEvenFromACallerWithAToken() {
        given().header("Authorization", "Bearer " + Tokens.admin()).accept("text/html").queryParam("v", "2").get("/dashboard")
                .then().statusCode(200);
    }

    @Test
    void theApiStillNeedsAToken() {
        Api.problem(given().get("/v1/accounts/acct_x/pools"), 401, null);
    }
}
