package dev.metering.poolapi;

import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPEvent;
import dev.metering.store.Catalogs;
import dev.metering.store.priming.SnapshotPriming;
import dev.metering.store.priming.StorePriming;
import io.quarkus.amazon.lambda.http.LambdaHttpHandler;
import io.quarkus.runtime.Startup;
import jakarta.annotation.PostConstruct;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.Map;

/**
 * Before a snapshot: requests through the whole HTTP path (function URL event, routing, the JWT check,
 * JSON and problem answers) that stop before any read (the usage page, and API calls with a token
 * that is not one), then the store's paths over a client that answers in process.
 */
@Startup
@ApplicationScoped
public class Priming extends SnapshotPriming {

    @PostConstruct
    void start() {
        register();
    }

    @Override
    protected void prime() {
        LambdaHttpHandler http = new LambdaHttpHandler();
        http.handleRequest(request("/dashboard", "", null), null);
        http.handleRequest(request("/v1/accounts/acct_priming/pools", "", "Bearer not-a-token"), null);
        http.handleRequest(request("/v1/accounts/acct_priming/authorization", "source=agent-sdk", "Bearer not-a-token"), null);
        StorePriming.exercise(Catalogs.fromEnvironment());
    }

    private static APIGatewayV2HTTPEvent request(String path, String query, String authorization) {
        Map<String, String> headers = authorization == null ? Map.of("accept", "text/html")
                : Map.of("accept", "application/json", "authorization", authorization);
        return APIGatewayV2HTTPEvent.builder().withVersion("2.0").withRouteKey("$default").withRawPath(path).withRawQueryString(query)
                .withHeaders(headers)
                .withRequestContext(APIGatewayV2HTTPEvent.RequestContext.builder()
                        .withHttp(APIGatewayV2HTTPEvent.RequestContext.Http.builder().withMethod("GET").withPath(path)
                                .withProtocol("HTTP/1.1").withSourceIp("127.0.0.1").build())
                        .withRequestId("priming").withRouteKey("$default").withStage("$default").build())
                .withIsBase64Encoded(false).build();
    }
}
