package dev.metering.testsupport;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * A client that sends a request's headers and stops half-way through its body (as one whose SDK
 * abandoned the call on a timeout can) must not hold up anyone else: the engine serves the next
 * request at once. The one-lock wrapper reads each body before it takes its lock; reading it inside
 * once hung a whole test run behind one such request.
 */
class EngineStalledClientTest {

    @Test
    void aRequestWhoseBodyNeverArrivesHoldsUpNoOtherRequest() throws Exception {
        DynamoEngine engine = DynamoEngine.shared();
        try (Socket stalled = new Socket(engine.endpoint().getHost(), engine.endpoint().getPort())) {
            OutputStream out = stalled.getOutputStream();
            out.write(("POST / HTTP/1.1\r\nHost: " + engine.endpoint().getAuthority() + "\r\n"
                    + "Content-Type: application/x-amz-json-1.0\r\nX-Amz-Target: DynamoDB_20120810.ListTables\r\n"
                    + "Authorization: AWS4-HMAC-SHA256 Credential=test/20261206/us-east-1/dynamodb/aws4_request, SignedHeaders=host, Signature=0\r\n"
                    + "Content-Length: 1000\r\n\r\n{\"Limit\": ").getBytes(StandardCharsets.US_ASCII));
            out.flush();
            Thread.sleep(300); // the engine has the headers and part of the body, and waits for the rest

            var answered = CompletableFuture.supplyAsync(() -> engine.newClient().listTables(r -> r.limit(1)).tableNames());
            assertThat(answered.get(Duration.ofSeconds(20).toSeconds(), TimeUnit.SECONDS))
                    .as("another client's request is answered while the stalled one waits for its body").isNotNull();
        }
    }
}
