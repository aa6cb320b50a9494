package dev.metering.poolapi;

import dev.metering.store.accounts.AccountService;
import io.quarkus.security.AuthenticationFailedException;
import io.quarkus.security.ForbiddenException;
import io.quarkus.security.UnauthorizedException;
import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;
import org.jboss.logging.Logger;
import org.jboss.resteasy.reactive.server.ServerExceptionMapper;

/** Every error leaves as {@code application/problem+json}. */
public class ProblemMappers {

    private static final Logger LOG = Logger.getLogger(ProblemMappers.class);
    public static final String PROBLEM_JSON = "application/problem+json";

    static Response respond(ApiProblem problem, UriInfo uri) {
        return Response.status(problem.status()).type(PROBLEM_JSON).entity(problem.body(uri.getPath())).build();
    }

    @ServerExceptionMapper
    public Response problem(ApiProblem problem, UriInfo uri) {
        return respond(problem, uri);
    }

    @ServerExceptionMapper
    public Response unknownAccount(AccountService.UnknownAccount e, UriInfo uri) {
        return respond(ApiProblem.notFound(e.getMessage()), uri);
    }

    @ServerExceptionMapper
    public Response conflict(AccountService.Conflict e, UriInfo uri) {
        return respond(ApiProblem.conflict(e.getMessage()), uri);
    }

    @ServerExceptionMapper({UnauthorizedException.class, AuthenticationFailedException.class})
    public Response unauthenticated(RuntimeException e, UriInfo uri) {
        return respond(ApiProblem.unauthorized("a valid bearer token is required"), uri);
    }

    @ServerExceptionMapper
    public Response forbidden(ForbiddenException e, UriInfo uri) {
        return respond(ApiProblem.forbidden("this token may not do that"), uri);
    }

    @ServerExceptionMapper
    public Response web(WebApplicationException e, UriInfo uri) {
        int status = e.getResponse().getStatus();
        if (status == 400) {
            return respond(ApiProblem.badRequest("body", "not valid JSON of the expected shape"), uri);
        }
        if (status == 404) {
            return respond(ApiProblem.notFound("no such route"), uri);
        }
        return e.getResponse();
    }

    @ServerExceptionMapper
    public Response unexpected(RuntimeException e, UriInfo uri) {
        LOG.errorf(e, "unexpected failure on %s", uri.getPath());
        return Response.status(500).type(PROBLEM_JSON).entity(java.util.Map.of(
                "type", ApiProblem.TYPE_BASE + "internal", "title", "Internal error", "status", 500,
                "detail", "the request failed; it is safe to retry", "instance", uri.getPath())).build();
    }
}
