package dev.metering.poolapi;

import static dev.metering.poolapi.Api.as;
import static dev.metering.poolapi.Api.problem;
import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

import dev.metering.testsupport.DynamoEngineResource;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.Response;
import org.junit.jupiter.api.Test;

/** What the HTTP layer refuses comes back as problem+json too. */
@QuarkusTest
@QuarkusTestResource(DynamoEngineResource.class)
class HttpErrorsTest {

    @Test
    void aMethodARouteDoesNotTakeIs405WithTheMethodsItTakes() {
        Response delete = as(Tokens.admin()).delete("/v1/accounts/acct_x/pools");
        problem(delete, 405, null);
        assertThat(allowed(delete)).containsExactlyInAnyOrder("GET", "HEAD");
        Response patch = as(Tokens.admin()).patch("/v1/accounts/acct_x");
        problem(patch, 405, null);
        assertThat(allowed(patch)).containsExactlyInAnyOrder("GET", "PUT", "HEAD");
        Response options = as(Tokens.admin()).options("/v1/accounts/acct_x/adjustments");
        problem(options, 405, null);
        assertThat(allowed(options)).containsExactly("POST");
        for (String path : java.util.List.of("/v1/organizations/org_x/pools", "/v1/quarantine", "/v1/invoice-lines")) {
            Response put = as(Tokens.admin()).put(path);
            problem(put, 405, null);
            assertThat(allowed(put)).as(path).containsExactlyInAnyOrder("GET", "HEAD");
        }
    }

    /** The methods an Allow header lists, whether in one line or several. */
    private static java.util.List<String> allowed(Response response) {
        return response.getHeaders().getValues("Allow").stream().flatMap(v -> java.util.Arrays.stream(v.split(",")))
                .map(String::trim).toList();
    }

    @Test
    void anAnswerTheCallerCannotAcceptIs406() {
        problem(as(Tokens.admin()).accept("text/html").get("/v1/accounts/acct_x/pools"), 406, null);
    }

    @Test
    void aBodyThatIsNotJsonIs415() {
        problem(as(Tokens.admin()).contentType("text/plain").body("plan=pro").put("/v1/accounts/acct_x"), 415, null);
    }

    @Test
    void aBodyLargerThanTheApiTakesIs413() {
        problem(as(Tokens.admin()).body("{\"plan\": \"" + "p".repeat(RequestLimits.MAX_BODY_BYTES) + "\"}").put("/v1/accounts/acct_x"), 413, null);
    }

    @Test
    void anUnknownRouteIs404() {
        problem(as(Tokens.admin()).get("/v1/nothing-here"), 404, null);
    }

    @Test
    void theApiDocumentIsNotServed() {
        given().get("/q/openapi").then().statusCode(404);
    }
}
