package dev.metering.poolapi;

import dev.metering.core.id.Identifier;
import io.quarkus.security.Authenticated;
import jakarta.inject.Inject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import org.eclipse.microprofile.openapi.annotations.enums.SchemaType;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.parameters.Parameter;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;

/** How an organization's seats are doing, for its admins. */
@Path("/v1/organizations/{org}")
@Authenticated
@Produces(MediaType.APPLICATION_JSON)
public class OrganizationsResource {

    @Inject
    Caller caller;

    @Inject
    PoolQueries queries;

    @GET
    @Path("/pools")
    @APIResponse(responseCode = "200", description = "a page of the seats in their current cycle, and the totals over every seat "
            + "as of totalsAsOf",
            content = @Content(schema = @Schema(implementation = Views.OrganizationView.class)))
    public Views.OrganizationView pools(@PathParam("org") @Parameter(schema = @Schema(type = SchemaType.STRING,
                                                pattern = Identifier.ORGANIZATION_PATTERN)) String org,
                                        @QueryParam("limit") @Parameter(schema = @Schema(type = SchemaType.INTEGER, minimum = "1",
                                                maximum = "100", defaultValue = "50")) String limit,
                                        @QueryParam("cursor") @Parameter(description = "nextCursor of the previous page",
                                                schema = @Schema(type = SchemaType.STRING)) String cursor) {
        caller.requireOrganizationAdmin(Params.identifier("org", Identifier.ORGANIZATION, org));
        PoolQueries.OrganizationSlice slice = queries.organization(org, Params.limit(limit, 50, 100), cursor);
        return Views.organization(slice.organizationId(), slice.seats(), slice.totals(), slice.totalsAsOf(), slice.nextCursor());
    }
}
