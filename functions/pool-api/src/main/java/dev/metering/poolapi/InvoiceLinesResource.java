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

/** What the closed cycles bill, for billing to pull: it never depends on notifications alone. */
@Path("/v1/invoice-lines")
@Authenticated
@Produces(MediaType.APPLICATION_JSON)
public class InvoiceLinesResource {

    @Inject
    Caller caller;

    @Inject
    PoolQueries queries;

    @GET
    @APIResponse(responseCode = "200", description = "the invoice line of every cycle closed in [closedFrom, completeThrough), a page "
            + "at a time, each listed once across the pages; completeThrough is closedTo, or earlier when closes that recent may still "
            + "be settling: continue from it",
            content = @Content(schema = @Schema(implementation = Views.InvoiceLinePage.class)))
    public Views.InvoiceLinePage list(@QueryParam("closedFrom") @Parameter(required = true, description = "closed at or after",
                                              schema = @Schema(type = SchemaType.STRING, pattern = Params.INSTANT_PATTERN)) String closedFrom,
                                      @QueryParam("closedTo") @Parameter(required = true, description = "closed before; not before closedFrom",
                                              schema = @Schema(type = SchemaType.STRING, pattern = Params.INSTANT_PATTERN)) String closedTo,
                                      @QueryParam("limit") @Parameter(schema = @Schema(type = SchemaType.INTEGER, minimum = "1",
                                              maximum = "100", defaultValue = "50")) String limit,
                                      @QueryParam("cursor") @Parameter(description = "nextCursor of the previous page",
                                              schema = @Schema(type = SchemaType.STRING)) String cursor) {
        caller.requireAdmin();
        PoolQueries.InvoiceSlice slice = queries.invoiceLines(Params.requiredInstant("closedFrom", closedFrom),
                Params.requiredInstant("closedTo", closedTo), Params.limit(limit, 50, 100), cursor);
        return new Views.InvoiceLinePage(slice.lines().stream().map(Views::invoiceLine).toList(), slice.completeThrough().toString(),
                slice.nextCursor());
    }
}
