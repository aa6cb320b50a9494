package dev.metering.poolapi;

import static dev.metering.poolapi.Api.as;
import static dev.metering.poolapi.Api.problem;
import static io.restassured.RestAssured.given;

import dev.metering.testsupport.DynamoEngineResource;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import org.junit.jupiter.api.Test;

/** What the HTTP layer refuses comes back as problem+json too. */
@QuarkusTest
@QuarkusTestResource(DynamoEngineResource.class)
class HttpErrorsTest {

    @Test
    void aMethodARouteDoesNotTakeIs405() {
        problem(as(Tokens.admin()).delete("/v1/accounts/acct_x/pools"), 405, null);
        problem(as(Tokens.admin()).patch("/v1/accounts/acct_x"), 405, null);
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
