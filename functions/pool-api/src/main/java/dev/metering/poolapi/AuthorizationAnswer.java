package dev.metering.poolapi;

import dev.metering.core.data.Sha256;
import dev.metering.core.debit.Authorization;
import jakarta.ws.rs.core.EntityTag;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.Response;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;

/**
 * The decision as HTTP. Its ETag is opaque: a digest of everything the answer is made from (the pool
 * asked about, the cycle and the version of its item), so the two pools of one account never share
 * one, and a gateway that sends it back in {@code If-None-Match} gets 304 while nothing the answer
 * rests on was written; the answer may be kept a few seconds. Every write to the cycle changes the
 * version, so a 304 never hides a change.
 */
final class AuthorizationAnswer {

    /** Short: within it, concurrent requests may overshoot into overrun, which stays recorded. */
    static final int MAX_AGE_SECONDS = 5;

    private AuthorizationAnswer() {}

    static Response of(Authorization decision, List<String> ifNoneMatch, Instant now) {
        EntityTag tag = new EntityTag(tag(decision));
        Response.ResponseBuilder answer = matches(ifNoneMatch, tag)
                ? Response.notModified(tag)
                : Response.ok(Views.authorization(decision)).tag(tag);
        return answer.header(HttpHeaders.CACHE_CONTROL, "private, max-age=" + maxAge(decision, now)).build();
    }

    /** Never past the moment time alone may change the answer (the next 5-minute step, while a timed budget matches). */
    static long maxAge(Authorization decision, Instant now) {
        if (decision.changesBy() == null) {
            return MAX_AGE_SECONDS;
        }
        return Math.max(0, Math.min(MAX_AGE_SECONDS, java.time.Duration.between(now, decision.changesBy()).toSeconds()));
    }

    /**
     * The state the decision was made from, as a digest: what a gateway may compare, nothing it could
     * parse. With budgets, their version; while a timed budget matches, the 5-minute step too.
     */
    static String tag(Authorization decision) {
        String state = decision.pool() + "\n" + decision.cycleStart() + "\n" + decision.cycleVersion() + "\n" + decision.budgetsVersion()
                + "\n" + decision.changesBy();
        return Sha256.hex(state).substring(0, 32);
    }

    /** {@code If-None-Match}: lists of tags, weak or strong (compared weakly, as RFC 9110 asks), or {@code *}. */
    private static boolean matches(List<String> ifNoneMatch, EntityTag tag) {
        if (ifNoneMatch == null) {
            return false;
        }
        String wanted = "\"" + tag.getValue() + "\"";
        return ifNoneMatch.stream().flatMap(h -> Arrays.stream(h.split(","))).map(String::trim)
                .map(t -> t.startsWith("W/") ? t.substring(2) : t)
                .anyMatch(t -> t.equals("*") || t.equals(wanted));
    }
}
