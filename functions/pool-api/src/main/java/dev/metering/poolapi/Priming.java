package dev.metering.poolapi;

import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPEvent;
import dev.metering.store.Catalogs;
import dev.metering.store.priming.SnapshotPriming;
import dev.metering.store.priming.StorePriming;
import io.quarkus.amazon.lambda.http.LambdaHttpHandler;
import io.smallrye.jwt.auth.principal.DefaultJWTParser;
import io.smallrye.jwt.auth.principal.JWTAuthContextInfo;
import io.smallrye.jwt.util.KeyUtils;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.context.Initialized;
import jakarta.enterprise.event.Observes;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.Set;

/**
 * While Quarkus starts: a token verified (with a key of the warm-up's own) and the API's reads over a
 * client that answers in process. Before a snapshot: also requests through the whole HTTP path
 * (function URL event, routing, the JWT check, JSON and problem answers) that stop before any read
 * (the usage page, and API calls with a token that is not one), then every store path.
 */
@ApplicationScoped
public class Priming extends SnapshotPriming {

    /** A token signed by a key that was discarded once it had signed; only the warm-up's own parser accepts it. */
    private static final String TOKEN = "priming/jwt.txt";
    private static final String KEY = "priming/jwt-public.pem";
    private static final String ISSUER = "https://priming.metering.invalid";

    /** When the container starts, well before the first event: the earliest the application's code runs. */
    void containerStarted(@Observes @Initialized(ApplicationScoped.class) Object event) {
        register();
        startWarmUp();
    }

    @Override
    protected void warmUp() throws Exception {
        verifyToken();
        StorePriming.httpLayer();
        StorePriming.reads(Catalogs.fromEnvironment());
    }

    @Override
    protected void prime() {
        LambdaHttpHandler http = new LambdaHttpHandler();
        http.handleRequest(request("/dashboard", "", null), null);
        http.handleRequest(request("/v1/accounts/acct_priming/pools", "", "Bearer not-a-token"), null);
        http.handleRequest(request("/v1/accounts/acct_priming/authorization", "source=agent-sdk", "Bearer not-a-token"), null);
        StorePriming.exercise(Catalogs.fromEnvironment());
    }

    /** smallrye-jwt's whole verification (key decoding, signature, claims) with a parser of its own, not the function's. */
    private static void verifyToken() throws Exception {
        JWTAuthContextInfo context = new JWTAuthContextInfo(KeyUtils.decodePublicKey(resource(KEY)), ISSUER);
        context.setExpectedAudience(Set.of("priming"));
        new DefaultJWTParser(context).parse(resource(TOKEN).strip());
    }

    private static String resource(String name) throws IOException {
        try (InputStream in = Priming.class.getClassLoader().getResourceAsStream(name)) {
            if (in == null) {
                throw new IOException(name + " is not in the function's package");
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
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
