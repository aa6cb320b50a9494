package dev.metering.poolapi;

import dev.metering.store.accounts.AccountService;
import dev.metering.store.prices.PriceService;
import dev.metering.store.recording.QuarantineReplay;
import io.quarkus.security.AuthenticationFailedException;
import io.quarkus.security.ForbiddenException;
import io.quarkus.security.UnauthorizedException;
import jakarta.ws.rs.HttpMethod;
import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.core.Request;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;
import org.jboss.logging.Logger;
import org.jboss.resteasy.reactive.server.ServerExceptionMapper;

/** Every error leaves as {@code application/problem+json}, whatever layer raised it. */
public class ProblemMappers {

    private static final Logger LOG = Logger.getLogger(ProblemMappers.class);
    public static final String PROBLEM_JSON = "application/problem+json";

    static Response respond(ApiProblem problem, String path) {
        Response.ResponseBuilder response = Response.status(problem.status()).type(PROBLEM_JSON).entity(problem.body(path));
        if (problem.status() == 401) {
            response.header("WWW-Authenticate", "Bearer");
        }
        return response.build();
    }

    @ServerExceptionMapper
    public Response problem(ApiProblem problem, UriInfo uri) {
        return respond(problem, uri.getPath());
    }

    @ServerExceptionMapper
    public Response unknownAccount(AccountService.UnknownAccount e, UriInfo uri) {
        return respond(ApiProblem.notFound(e.getMessage()), uri.getPath());
    }

    @ServerExceptionMapper
    public Response conflict(AccountService.Conflict e, UriInfo uri) {
        return respond(ApiProblem.conflict(e.getMessage()), uri.getPath());
    }

    @ServerExceptionMapper
    public Response priceRefused(PriceService.Refused e, UriInfo uri) {
        return respond(e.conflict() ? ApiProblem.conflict(e.field() + ": " + e.getMessage()) : ApiProblem.badRequest(e.field(), e.getMessage()),
                uri.getPath());
    }

    /** A replay that could settle nothing now (the store or the price rows unavailable): it changed nothing, and can be asked again. */
    @ServerExceptionMapper(QuarantineReplay.Unavailable.class)
    public Response unavailable(RuntimeException e, UriInfo uri) {
        return Response.fromResponse(respond(ApiProblem.of(503, "unavailable", "Service unavailable", e.getMessage()), uri.getPath()))
                .header("Retry-After", "5").build();
    }

    @ServerExceptionMapper({UnauthorizedException.class, AuthenticationFailedException.class})
    public Response unauthenticated(RuntimeException e, UriInfo uri) {
        return respond(ApiProblem.unauthorized("a valid bearer token is required"), uri.getPath());
    }

    @ServerExceptionMapper
    public Response forbidden(ForbiddenException e, UriInfo uri) {
        return respond(ApiProblem.forbidden("this token may not do that"), uri.getPath());
    }

    /** What the HTTP layer refuses before a resource runs: no route, wrong method, media types, malformed JSON. */
    @ServerExceptionMapper
    public Response web(WebApplicationException e, UriInfo uri) {
        int status = e.getResponse().getStatus();
        ApiProblem problem = switch (status) {
            case 400 -> ApiProblem.badRequest("body", "not valid JSON of the expected shape");
            case 404 -> ApiProblem.notFound("no such route");
            case 405 -> ApiProblem.methodNotAllowed();
            case 406 -> ApiProblem.of(406, "not-acceptable", "Not acceptable", "this route answers application/json only");
            case 413 -> ApiProblem.of(413, "too-large", "Payload too large", "the body is larger than the API takes");
            case 415 -> ApiProblem.of(415, "unsupported-media-type", "Unsupported media type", "the body must be application/json");
            default -> ApiProblem.of(status, "http-" + status, "HTTP " + status, "the request was refused (" + status + ")");
        };
        Response response = respond(problem, uri.getPath());
        String allow = status == 405 ? AllowedMethods.forPath(uri.getPath()) : null;
        return allow == null ? response : Response.fromResponse(response).header("Allow", allow).build();
    }

    /**
     * An unexpected failure. A read can be retried as it is; a write may have been applied or not,
     * and says how to find out rather than promise that a retry is safe.
     */
    @ServerExceptionMapper
    public Response unexpected(RuntimeException e, UriInfo uri, Request request) {
        LOG.errorf(e, "unexpected failure on %s %s", request.getMethod(), uri.getPath());
        String detail = HttpMethod.GET.equals(request.getMethod())
                ? "the request failed; it changed nothing and can be retried"
                : "the request failed and may or may not have been applied: read the account's pools or ledger before "
                  + "retrying (an adjustment retried with the same adjustmentId is applied at most once)";
        return respond(ApiProblem.of(500, "internal", "Internal error", detail), uri.getPath());
    }
}
