package dev.metering.poolapi;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import jakarta.enterprise.context.ApplicationScoped;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.util.Base64;
import java.util.Map;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * Page cursors as callers see them: the store's own cursor, with the listing it belongs to (account
 * and cycle, or the quarantine query), signed with HMAC-SHA256, so a caller can neither forge one
 * nor replay one against another account's data.
 */
@ApplicationScoped
public class CursorCodec {

    private static final ObjectMapper JSON = new ObjectMapper();
    private final byte[] secret;

    public CursorCodec(@ConfigProperty(name = "metering.cursor-secret") String secret) {
        if (secret.length() < 16) {
            throw new IllegalStateException("METERING_CURSOR_SECRET must be at least 16 characters");
        }
        this.secret = secret.getBytes(StandardCharsets.UTF_8);
    }

    /** @return null when the store's cursor is null (there is no further page) */
    public String encode(String scope, String storeCursor) {
        if (storeCursor == null) {
            return null;
        }
        try {
            byte[] payload = JSON.writeValueAsBytes(Map.of("scope", scope, "key", storeCursor));
            return b64(payload) + "." + b64(mac(payload));
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    /** The store's cursor to continue from; a 400 for a cursor that is malformed, forged, or of another listing. */
    public String decode(String scope, String cursor) {
        if (cursor == null || cursor.isEmpty()) {
            return null;
        }
        String[] parts = cursor.split("\\.");
        try {
            if (parts.length != 2) {
                throw new IllegalArgumentException();
            }
            byte[] payload = Base64.getUrlDecoder().decode(parts[0]);
            if (!MessageDigest.isEqual(mac(payload), Base64.getUrlDecoder().decode(parts[1]))) {
                throw new IllegalArgumentException();
            }
            Map<String, Object> body = JSON.readValue(payload, new TypeReference<>() {});
            if (!scope.equals(body.get("scope"))) {
                throw ApiProblem.badRequest("cursor", "belongs to another listing");
            }
            if (!(body.get("key") instanceof String storeCursor)) {
                throw new IllegalArgumentException();
            }
            return storeCursor;
        } catch (ApiProblem e) {
            throw e;
        } catch (Exception e) {
            throw ApiProblem.badRequest("cursor", "not a cursor this API issued");
        }
    }

    private byte[] mac(byte[] payload) throws GeneralSecurityException {
        Mac mac = Mac.getInstance("HmacSHA256");
        mac.init(new SecretKeySpec(secret, "HmacSHA256"));
        return mac.doFinal(payload);
    }

    private static String b64(byte[] bytes) {
        return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }
}
