package dev.metering.poolapi;

import com.fasterxml.jackson.databind.JsonNode;
import dev.metering.core.budget.Budget;
import dev.metering.core.id.Identifier;
import dev.metering.store.Catalogs;
import dev.metering.store.budgets.BudgetService;
import io.quarkus.security.Authenticated;
import jakarta.inject.Inject;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.time.Clock;
import org.eclipse.microprofile.openapi.annotations.enums.SchemaType;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.parameters.Parameter;
import org.eclipse.microprofile.openapi.annotations.parameters.RequestBody;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;

/** Ceilings on parts of an account's programmatic usage, each with its spend in its window of now. */
@Path("/v1/accounts/{id}/budgets")
@Authenticated
@Produces(MediaType.APPLICATION_JSON)
public class BudgetsResource {

    @Inject
    Caller caller;

    @Inject
    BudgetService service;

    @Inject
    Catalogs catalogs;

    @Inject
    Clock clock;

    @GET
    @APIResponse(responseCode = "200", description = "the account's budgets, each with its spend in its window of now",
            content = @Content(schema = @Schema(implementation = Views.BudgetsView.class)))
    public Views.BudgetsView budgets(@PathParam("id") @Parameter(schema = @Schema(type = SchemaType.STRING, pattern = Identifier.ACCOUNT_PATTERN)) String id) {
        caller.requireOwnerOrAdmin(Params.accountId(id));
        return Views.budgets(service.read(id));
    }

    @PUT
    @Path("/{budgetId}")
    @Consumes(MediaType.APPLICATION_JSON)
    @APIResponse(responseCode = "201", description = "the budget, created", content = @Content(schema = @Schema(implementation = Views.BudgetView.class)))
    @APIResponse(responseCode = "200", description = "the budget, changed (its spend carried over a change of limit or action, "
            + "restarted by a change of match or window)", content = @Content(schema = @Schema(implementation = Views.BudgetView.class)))
    public Response putBudget(@PathParam("id") @Parameter(schema = @Schema(type = SchemaType.STRING, pattern = Identifier.ACCOUNT_PATTERN)) String id,
                        @PathParam("budgetId") @Parameter(schema = @Schema(type = SchemaType.STRING, pattern = Budget.ID_PATTERN)) String budgetId,
                        @RequestBody(required = true, content = @Content(schema = @Schema(implementation = BudgetRequests.BudgetRequest.class)))
                        JsonNode body) {
        caller.requireOwnerOrAdmin(Params.accountId(id));
        Budget budget = BudgetRequests.parse(Params.budgetId(budgetId), body, catalogs.sources(), clock.instant(), caller.subject());
        BudgetService.Put put = service.put(id, budget);
        return Response.status(put.created() ? 201 : 200).entity(Views.budget(put.standing(), budget.budgetId())).build();
    }

    @DELETE
    @Path("/{budgetId}")
    @APIResponse(responseCode = "204", description = "the budget, deleted")
    public Response deleteBudget(@PathParam("id") @Parameter(schema = @Schema(type = SchemaType.STRING, pattern = Identifier.ACCOUNT_PATTERN)) String id,
                           @PathParam("budgetId") @Parameter(schema = @Schema(type = SchemaType.STRING, pattern = Budget.ID_PATTERN)) String budgetId) {
        caller.requireOwnerOrAdmin(Params.accountId(id));
        if (!service.delete(id, Params.budgetId(budgetId), caller.subject())) {
            throw ApiProblem.notFound("no budget " + budgetId + " on account " + id);
        }
        return Response.noContent().build();
    }
}
