package dev.metering.poolapi;

import com.fasterxml.jackson.databind.JsonNode;
import dev.metering.core.account.Account;
import dev.metering.core.cycle.CyclePools;
import dev.metering.core.ledger.LedgerEntry;
import dev.metering.core.money.Money;
import dev.metering.core.plan.PlanCatalog;
import dev.metering.core.source.PoolKind;
import dev.metering.core.usage.UsageSummary;
import dev.metering.store.Catalogs;
import dev.metering.store.MeteringStore;
import dev.metering.store.accounts.AccountService;
import io.quarkus.security.Authenticated;
import jakarta.inject.Inject;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.UUID;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.parameters.RequestBody;

/** Pools, ledger, usage and settings of one account. */
@Path("/v1/accounts/{id}")
@Authenticated
@Produces(MediaType.APPLICATION_JSON)
public class AccountsResource {

    private static final int MAX_LEDGER_PAGE = 100;

    @Inject
    Caller caller;

    @Inject
    PoolQueries queries;

    @Inject
    MeteringStore store;

    @Inject
    AccountService accounts;

    @Inject
    CursorCodec cursors;

    @Inject
    Catalogs catalogs;

    @GET
    @Path("/pools")
    public Views.PoolsView pools(@PathParam("id") String id, @QueryParam("at") String at) {
        caller.requireOwnerOrAdmin(Params.accountId(id));
        Instant instant = Params.instant("at", at);
        return Views.pools(queries.poolsAt(queries.account(id), instant));
    }

    @GET
    @Path("/ledger")
    public Views.LedgerPage ledger(@PathParam("id") String id, @QueryParam("cycle") String cycle,
                                   @QueryParam("limit") String limit, @QueryParam("cursor") String cursor) {
        caller.requireOwnerOrAdmin(Params.accountId(id));
        Instant in = Params.instant("cycle", cycle);
        int pageSize = Params.limit(limit, 50, MAX_LEDGER_PAGE);
        Account account = queries.account(id);
        Instant cycleStart = account.calendar().cycleContaining(in == null ? queries.now() : in).start();
        String scope = "ledger:" + id + ":" + cycleStart;
        MeteringStore.Page<LedgerEntry> page = store.ledgerPage(id, cycleStart, pageSize, cursors.decode(scope, cursor));
        List<Views.LedgerEntryView> entries = new ArrayList<>();
        page.items().forEach(e -> entries.add(Views.entry(e)));
        return new Views.LedgerPage(entries, cursors.encode(scope, page.cursor()));
    }

    @GET
    @Path("/usage")
    public Views.UsageView usage(@PathParam("id") String id, @QueryParam("cycle") String cycle, @QueryParam("groupBy") String groupBy) {
        caller.requireOwnerOrAdmin(Params.accountId(id));
        Instant in = Params.instant("cycle", cycle);
        List<String> dimensions = groupBy == null || groupBy.isBlank() ? List.of("model") : Arrays.asList(groupBy.split(","));
        if (!UsageSummary.DIMENSIONS.containsAll(dimensions) || dimensions.stream().distinct().count() != dimensions.size()) {
            throw ApiProblem.badRequest("groupBy", "a comma-separated list of model, source, day");
        }
        Account account = queries.account(id);
        CyclePools pools = queries.poolsAt(account, in);
        List<Views.UsageGroupView> groups = new ArrayList<>();
        UsageSummary.group(store.ledger(id, pools.cycle().start()), dimensions, account.zone()).forEach(g -> groups.add(Views.group(g)));
        return new Views.UsageView(Views.cycle(pools), groups);
    }

    @PUT
    @Consumes(MediaType.APPLICATION_JSON)
    public Response put(@PathParam("id") String id,
                        @RequestBody(content = @Content(schema = @Schema(implementation = Requests.AccountRequest.class))) JsonNode body) {
        caller.requireAdmin();
        Params.accountId(id);
        JsonNode json = Params.object(body);
        String plan = Params.requiredText(json, "plan");
        PlanCatalog plans = catalogs.plans();
        if (plans.find(plan).isEmpty()) {
            throw ApiProblem.badRequest("plan", "unknown plan '" + plan + "' (one of " + String.join(", ", plans.ids()) + ")");
        }
        String organizationId = Params.optionalText(json, "organizationId");
        Instant anchor = Params.instant("anchor", Params.optionalText(json, "anchor"));
        String zoneText = Params.optionalText(json, "timeZone");
        var zone = Params.zone(zoneText);
        AccountService.PutResult result;
        try {
            result = accounts.put(id, new AccountService.Settings(plan, organizationId, anchor, zone), caller.subject());
        } catch (AccountService.AnchorRequired e) {
            throw ApiProblem.badRequest("anchor", "required to create an account");
        }
        return Response.status(result.created() ? 201 : 200).entity(Views.account(result.account(), queries.now())).build();
    }

    @POST
    @Path("/credit-claim")
    public Views.PoolsView claim(@PathParam("id") String id) {
        caller.requireOwner(Params.accountId(id));
        Account account = queries.account(id);
        accounts.claimCredit(account.id(), caller.subject());
        return Views.pools(queries.poolsAt(queries.account(id), null));
    }

    @PUT
    @Path("/extra-usage")
    @Consumes(MediaType.APPLICATION_JSON)
    public Views.PoolsView extraUsage(@PathParam("id") String id,
                                      @RequestBody(content = @Content(schema = @Schema(implementation = Requests.ExtraUsageRequest.class))) JsonNode body) {
        caller.requireOwner(Params.accountId(id));
        JsonNode json = Params.object(body);
        boolean enabled = Params.requiredBoolean(json, "enabled");
        Money cap = Params.usd(json, "capUsd", false);
        queries.account(id);
        accounts.setExtraUsage(id, enabled, cap, caller.subject());
        return Views.pools(queries.poolsAt(queries.account(id), null));
    }

    @POST
    @Path("/adjustments")
    @Consumes(MediaType.APPLICATION_JSON)
    public Response adjust(@PathParam("id") String id,
                           @RequestBody(content = @Content(schema = @Schema(implementation = Requests.AdjustmentRequest.class))) JsonNode body) {
        caller.requireAdmin();
        Params.accountId(id);
        JsonNode json = Params.object(body);
        String poolText = Params.requiredText(json, "pool");
        PoolKind pool;
        try {
            pool = PoolKind.valueOf(poolText);
        } catch (IllegalArgumentException e) {
            throw ApiProblem.badRequest("pool", "PROGRAMMATIC or INTERACTIVE");
        }
        Money amount = Params.usd(json, "creditUsd", true);
        if (amount == null || amount.isZero()) {
            throw ApiProblem.badRequest("creditUsd", "required, and not zero");
        }
        String reason = Params.requiredText(json, "reason");
        if (reason.length() > 500) {
            throw ApiProblem.badRequest("reason", "at most 500 characters");
        }
        String adjustmentId = Params.adjustmentId(Params.optionalText(json, "adjustmentId"));
        queries.account(id);
        accounts.adjust(id, pool, amount, reason, adjustmentId == null ? UUID.randomUUID().toString() : adjustmentId);
        return Response.status(201).entity(Views.pools(queries.poolsAt(queries.account(id), null))).build();
    }
}
