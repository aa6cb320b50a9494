package dev.metering.poolapi;

import io.quarkus.security.Authenticated;
import jakarta.inject.Inject;
import com.fasterxml.jackson.databind.JsonNode;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import org.eclipse.microprofile.openapi.annotations.enums.SchemaType;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.parameters.Parameter;
import org.eclipse.microprofile.openapi.annotations.parameters.RequestBody;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;

/** Events that could not be applied, for operators: listed, and put through the recorder again once they can be. */
@Path("/v1/quarantine")
@Authenticated
@Produces(MediaType.APPLICATION_JSON)
public class QuarantineResource {

    @Inject
    Caller caller;

    @Inject
    PoolQueries queries;

    @Inject
    Replays replays;

    @GET
    @APIResponse(responseCode = "200", description = "quarantined events first seen since the instant, oldest first: those held, or "
            + "with resolved=true those a replay resolved", content = @Content(schema = @Schema(implementation = Views.QuarantinePage.class)))
    public Views.QuarantinePage list(@QueryParam("since") @Parameter(schema = @Schema(type = SchemaType.STRING, pattern = Params.INSTANT_PATTERN)) String since,
                                     @QueryParam("limit") @Parameter(schema = @Schema(type = SchemaType.INTEGER, minimum = "1",
                                             maximum = "100", defaultValue = "50")) String limit,
                                     @QueryParam("cursor") @Parameter(description = "nextCursor of the previous page", schema = @Schema(type = SchemaType.STRING)) String cursor,
                                     @QueryParam("resolved") @Parameter(schema = @Schema(type = SchemaType.STRING, enumeration = {"true", "false"},
                                             defaultValue = "false")) String resolved) {
        caller.requireAdmin();
        PoolQueries.QuarantineSlice slice = queries.quarantined(Params.instant("since", since), Params.flag("resolved", resolved),
                Params.limit(limit, 50, 100), cursor);
        return new Views.QuarantinePage(slice.events().stream().map(Views::quarantined).toList(), slice.nextCursor());
    }

    @POST
    @Path("/replay")
    @Consumes(MediaType.APPLICATION_JSON)
    @APIResponse(responseCode = "200", description = "what the replay did, and where to go on",
            content = @Content(schema = @Schema(implementation = Views.ReplayView.class)))
    public Views.ReplayView replayQuarantine(@RequestBody(required = true, content = @Content(schema = @Schema(implementation = ReplayRequests.ReplayRequest.class)))
                                   JsonNode body) {
        caller.requireAdmin();
        Replays.Done done = replays.replay(ReplayRequests.replay(body), caller.subject());
        return Views.replay(done.report(), done.nextCursor());
    }
}
