package dev.metering.poolapi;

import jakarta.ws.rs.HttpMethod;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.container.ResourceInfo;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.Response;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.HashSet;
import java.util.Set;
import org.jboss.resteasy.reactive.server.ServerRequestFilter;

/**
 * Refuses, before a route runs, what no route takes: a body larger than any request of this API
 * needs (413), a query parameter of the API that the route does not take, takes once or was written
 * with no value ({@code ?at=}), which the HTTP layer would otherwise pass on as absent (400 naming
 * it), and OPTIONS, which no route takes (405 with the route's methods: there is no cross-origin use
 * to negotiate).
 */
public class RequestLimits {

    /** The largest body taken, in bytes: an account or an adjustment is well under 2 KB. */
    static final int MAX_BODY_BYTES = 64 * 1024;

    @ServerRequestFilter(preMatching = true)
    public Response options(ContainerRequestContext request) {
        if (!HttpMethod.OPTIONS.equals(request.getMethod())) {
            return null;
        }
        String path = request.getUriInfo().getPath();
        String allow = AllowedMethods.forPath(path);
        if (allow == null) {
            return ProblemMappers.respond(ApiProblem.notFound("no such route"), path);
        }
        return Response.fromResponse(ProblemMappers.respond(ApiProblem.methodNotAllowed(), path)).header("Allow", allow).build();
    }

    /**
     * After routing, so that a method the route does not take is a 405 whatever its query, and the
     * route's own parameters are known: each query parameter must be one the route takes (a
     * misspelt {@code tags.team} must not pass as absent and leave a budget unasked), given once,
     * and with a value.
     */
    @ServerRequestFilter
    public Response query(ContainerRequestContext request, ResourceInfo route) {
        String query = request.getUriInfo().getRequestUri().getRawQuery();
        if (query == null || query.isEmpty() || request.getHeaderString(HttpHeaders.AUTHORIZATION) == null) {
            return null; // without credentials, the route's 401 comes first
        }
        if (!request.getUriInfo().getPath().startsWith("/v1/")) {
            return null; // the usage page and its files take no parameters and ignore any (a cache-buster)
        }
        QueryNames names = route.getResourceMethod() == null ? null : QueryNames.of(route.getResourceMethod());
        Set<String> seen = new HashSet<>();
        for (String pair : query.split("&", -1)) {
            int equals = pair.indexOf('=');
            String name = URLDecoder.decode(equals < 0 ? pair : pair.substring(0, equals), StandardCharsets.UTF_8);
            String problem = null;
            if (equals < 0 || equals == pair.length() - 1) {
                problem = "a query parameter needs a value: leave it out instead";
            } else if (names != null && !names.takes(name)) {
                problem = "not a parameter of this route; it takes " + names;
            } else if (!seen.add(name)) {
                problem = "given more than once";
            }
            if (problem != null) {
                return ProblemMappers.respond(ApiProblem.badRequest(name.isEmpty() ? "query" : name, problem), request.getUriInfo().getPath());
            }
        }
        return null;
    }

    @ServerRequestFilter(preMatching = true)
    public Response bodySize(ContainerRequestContext request) {
        String length = request.getHeaderString(HttpHeaders.CONTENT_LENGTH);
        if (length == null) {
            return null;
        }
        long bytes;
        try {
            bytes = Long.parseLong(length.trim());
        } catch (NumberFormatException e) {
            return ProblemMappers.respond(ApiProblem.badRequest("Content-Length", "not a number"), request.getUriInfo().getPath());
        }
        if (bytes > MAX_BODY_BYTES) {
            return ProblemMappers.respond(ApiProblem.of(413, "too-large", "Payload too large",
                    "the body is " + bytes + " bytes; the API takes at most " + MAX_BODY_BYTES), request.getUriInfo().getPath());
        }
        return null;
    }
}
