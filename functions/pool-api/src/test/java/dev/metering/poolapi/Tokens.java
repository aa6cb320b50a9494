package dev.metering.poolapi;

import io.smallrye.jwt.build.Jwt;
import io.smallrye.jwt.util.KeyUtils;
import java.nio.charset.StandardCharsets;
import java.security.PrivateKey;
import java.time.Instant;
import java.util.Base64;
import java.util.Map;
import java.util.Set;

/** RS256 tokens minted with the test keys, good and bad. */
final class Tokens {

    static final String ISSUER = "https://issuer.test.metering";
    static final String AUDIENCE = "metering-api";

    private Tokens() {}

    private static PrivateKey key(String name) {
        try {
            return KeyUtils.readPrivateKey("test-jwt/" + name);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    private static String sign(String subject, Set<String> groups, String issuer, String audience, Instant expires, String keyFile) {
        var claims = Jwt.issuer(issuer).audience(audience).subject(subject).issuedAt(Instant.now().minusSeconds(60)).expiresAt(expires);
        if (!groups.isEmpty()) {
            claims.groups(groups);
        }
        return claims.jws().algorithm(io.smallrye.jwt.algorithm.SignatureAlgorithm.RS256).sign(key(keyFile));
    }

    /** A token with the given claims besides issuer, audience and times: for identity providers' shapes. */
    static String withClaims(Map<String, Object> claims) {
        var builder = Jwt.claims(claims).issuer(ISSUER).audience(AUDIENCE).issuedAt(Instant.now().minusSeconds(60))
                .expiresAt(Instant.now().plusSeconds(600));
        return builder.jws().algorithm(io.smallrye.jwt.algorithm.SignatureAlgorithm.RS256).sign(key("private.pem"));
    }

    /** A token with no audience, as Cognito's access tokens are (their client is in client_id). */
    static String withoutAudience(Map<String, Object> claims) {
        var builder = Jwt.claims(claims).issuer(ISSUER).issuedAt(Instant.now().minusSeconds(60)).expiresAt(Instant.now().plusSeconds(600));
        return builder.jws().algorithm(io.smallrye.jwt.algorithm.SignatureAlgorithm.RS256).sign(key("private.pem"));
    }

    static String owner(String accountId) {
        return sign(accountId, Set.of(), ISSUER, AUDIENCE, Instant.now().plusSeconds(600), "private.pem");
    }

    static String admin() {
        return sign("ops-alice", Set.of("metering-admin"), ISSUER, AUDIENCE, Instant.now().plusSeconds(600), "private.pem");
    }

    static String gateway() {
        return sign("gateway-1", Set.of("metering-gateway"), ISSUER, AUDIENCE, Instant.now().plusSeconds(600), "private.pem");
    }

    static String organizationAdmin(String organizationId) {
        return sign("org-bob", Set.of("org-admin:" + organizationId), ISSUER, AUDIENCE, Instant.now().plusSeconds(600), "private.pem");
    }

    static String expired(String accountId) {
        return sign(accountId, Set.of(), ISSUER, AUDIENCE, Instant.now().minusSeconds(600), "private.pem");
    }

    static String wrongIssuer(String accountId) {
        return sign(accountId, Set.of(), "https://someone-else.example", AUDIENCE, Instant.now().plusSeconds(600), "private.pem");
    }

    static String wrongAudience(String accountId) {
        return sign(accountId, Set.of(), ISSUER, "another-api", Instant.now().plusSeconds(600), "private.pem");
    }

    static String otherKey(String accountId) {
        return sign(accountId, Set.of("metering-admin"), ISSUER, AUDIENCE, Instant.now().plusSeconds(600), "other-private.pem");
    }

    /** A token valid for ten years: beyond the longest lifetime the API accepts. */
    static String longLived(String accountId) {
        return sign(accountId, Set.of("metering-admin"), ISSUER, AUDIENCE, Instant.now().plusSeconds(10L * 365 * 24 * 3600), "private.pem");
    }

    static String algNone(String accountId) {
        Base64.Encoder b64 = Base64.getUrlEncoder().withoutPadding();
        String header = b64.encodeToString("{\"alg\":\"none\",\"typ\":\"JWT\"}".getBytes(StandardCharsets.UTF_8));
        String body = b64.encodeToString(("{\"iss\":\"" + ISSUER + "\",\"aud\":\"" + AUDIENCE + "\",\"sub\":\"" + accountId
                + "\",\"groups\":[\"metering-admin\"],\"exp\":" + Instant.now().plusSeconds(600).getEpochSecond() + "}").getBytes(StandardCharsets.UTF_8));
        return header + "." + body + ".";
    }
}
