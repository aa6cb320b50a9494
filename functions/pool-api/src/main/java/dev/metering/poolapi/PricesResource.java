package dev.metering.poolapi;

import com.fasterxml.jackson.databind.JsonNode;
import dev.metering.core.id.Identifier;
import dev.metering.store.prices.PriceService;
import io.quarkus.security.Authenticated;
import jakarta.inject.Inject;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.time.Clock;
import java.time.Instant;
import org.eclipse.microprofile.openapi.annotations.enums.SchemaType;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.parameters.Parameter;
import org.eclipse.microprofile.openapi.annotations.parameters.RequestBody;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;

/** The price book as the functions price with it (bundled rows and rows put at runtime), and new rows for it. */
@Path("/v1/prices")
@Authenticated
@Produces(MediaType.APPLICATION_JSON)
public class PricesResource {

    @Inject
    Caller caller;

    @Inject
    PriceService prices;

    @Inject
    Clock clock;

    @GET
    @APIResponse(responseCode = "200", description = "each model's row in effect at the instant (now if absent)",
            content = @Content(schema = @Schema(implementation = Views.PricesView.class)))
    public Views.PricesView prices(@QueryParam("at") @Parameter(schema = @Schema(type = SchemaType.STRING, pattern = Params.INSTANT_PATTERN)) String at) {
        caller.requireGatewayOrAdmin();
        Instant when = at == null ? clock.instant() : Params.instant("at", at);
        return Views.prices(when, prices.book());
    }

    @PUT
    @Path("/{model}")
    @Consumes(MediaType.APPLICATION_JSON)
    @APIResponse(responseCode = "201", description = "the row, added", content = @Content(schema = @Schema(implementation = Views.PriceView.class)))
    @APIResponse(responseCode = "200", description = "the same row was there already (any ids given are added)",
            content = @Content(schema = @Schema(implementation = Views.PriceView.class)))
    public Response putPrice(@PathParam("model") @Parameter(description = "the model's canonical id",
                                schema = @Schema(type = SchemaType.STRING, pattern = Identifier.MODEL_PATTERN)) String model,
                        @RequestBody(required = true, content = @Content(schema = @Schema(implementation = PriceRequests.PriceRequest.class)))
                        JsonNode body) {
        caller.requireAdmin();
        PriceRequests.PricePut put = PriceRequests.price(Params.identifier("model", Identifier.MODEL, model), body);
        PriceService.PutResult result = prices.put(put.row(), put.ids(), caller.subject());
        return Response.status(result.created() ? 201 : 200).entity(Views.price(result.row(), result.ids())).build();
    }
}
