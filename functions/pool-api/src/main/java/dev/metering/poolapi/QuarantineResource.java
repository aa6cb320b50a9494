package dev.metering.poolapi;

import io.quarkus.security.Authenticated;
import jakarta.inject.Inject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import org.eclipse.microprofile.openapi.annotations.enums.SchemaType;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.parameters.Parameter;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;

/** Events that could never be applied, for operators. */
@Path("/v1/quarantine")
@Authenticated
@Produces(MediaType.APPLICATION_JSON)
public class QuarantineResource {

    @Inject
    Caller caller;

    @Inject
    PoolQueries queries;

    @GET
    @APIResponse(responseCode = "200", description = "quarantined events first seen since the instant, oldest first",
            content = @Content(schema = @Schema(implementation = Views.QuarantinePage.class)))
    public Views.QuarantinePage list(@QueryParam("since") @Parameter(schema = @Schema(type = SchemaType.STRING, pattern = Params.INSTANT_PATTERN)) String since,
                                     @QueryParam("limit") @Parameter(schema = @Schema(type = SchemaType.INTEGER, minimum = "1",
                                             maximum = "100", defaultValue = "50")) String limit,
                                     @QueryParam("cursor") @Parameter(description = "nextCursor of the previous page", schema = @Schema(type = SchemaType.STRING)) String cursor) {
        caller.requireAdmin();
        PoolQueries.QuarantineSlice slice = queries.quarantined(Params.instant("since", since), Params.limit(limit, 50, 100), cursor);
        return new Views.QuarantinePage(slice.events().stream().map(Views::quarantined).toList(), slice.nextCursor());
    }
}
