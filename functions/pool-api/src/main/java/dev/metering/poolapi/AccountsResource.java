package dev.metering.poolapi;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.metering.core.id.Identifier;
import dev.metering.core.ledger.LedgerFilter;
import dev.metering.core.source.PoolKind;
import dev.metering.core.usage.UsageSummary;
import dev.metering.store.Catalogs;
import dev.metering.store.accounts.AccountService;
import io.quarkus.security.Authenticated;
import jakarta.inject.Inject;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;
import java.util.Arrays;
import java.util.List;
import org.eclipse.microprofile.openapi.annotations.enums.SchemaType;
import org.eclipse.microprofile.openapi.annotations.headers.Header;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.parameters.Parameter;
import org.eclipse.microprofile.openapi.annotations.parameters.RequestBody;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;

/**
 * Pools, ledger, usage and settings of one account. Each method reads: authorize, parse, one
 * service call, view. The error responses every route may give are added to the API document by
 * the tests' ApiDocument filter.
 */
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
    AccountService accounts;

    @Inject
    Catalogs catalogs;

    @Inject
    ObjectMapper json;

    @GET
    @Path("/pools")
    @APIResponse(responseCode = "200", description = "both pools of the cycle",
            content = @Content(schema = @Schema(implementation = Views.PoolsView.class)))
    public Views.PoolsView pools(@PathParam("id") @Parameter(schema = @Schema(type = SchemaType.STRING, pattern = Identifier.ACCOUNT_PATTERN)) String id,
                                 @QueryParam("at") @Parameter(schema = @Schema(type = SchemaType.STRING, pattern = Params.INSTANT_PATTERN)) String at) {
        caller.requireOwnerOrAdmin(Params.accountId(id));
        PoolQueries.PoolsSlice slice = queries.pools(id, "at", Params.instant("at", at));
        return Views.pools(slice.pools(), slice.forecast());
    }

    @GET
    @Path("/authorization")
    @APIResponse(responseCode = "200", description = "whether the next request of the source would be served, and how it would be paid",
            headers = {@Header(name = "ETag", description = "opaque: changes with everything the decision is made from, and differs per pool",
                    schema = @Schema(type = SchemaType.STRING)),
                    @Header(name = "Cache-Control", schema = @Schema(type = SchemaType.STRING))},
            content = @Content(schema = @Schema(implementation = Views.AuthorizationView.class)))
    @APIResponse(responseCode = "304", description = "the state named in If-None-Match is still current: the decision stands",
            headers = {@Header(name = "ETag", schema = @Schema(type = SchemaType.STRING)),
                    @Header(name = "Cache-Control", schema = @Schema(type = SchemaType.STRING))})
    @QueryPrefix(Params.TAG_PREFIX)
    public Response authorization(@PathParam("id") @Parameter(schema = @Schema(type = SchemaType.STRING, pattern = Identifier.ACCOUNT_PATTERN)) String id,
                                  @QueryParam("source") @Parameter(required = true, description = "the source the request comes from, "
                                          + "as usage events name it", schema = @Schema(type = SchemaType.STRING, pattern = Identifier.SOURCE_PATTERN))
                                  String source,
                                  @HeaderParam("If-None-Match") @Parameter(description = "the ETag of an earlier answer",
                                          schema = @Schema(type = SchemaType.STRING)) List<String> ifNoneMatch,
                                  @Context UriInfo uri) {
        caller.requireGatewayOwnerOrAdmin(Params.accountId(id));
        PoolKind pool = Params.sourcePool(catalogs.sources(), source);
        return AuthorizationAnswer.of(queries.authorization(id, pool, source, Params.tags(uri.getQueryParameters())), ifNoneMatch, queries.now());
    }

    @GET
    @Path("/ledger")
    @APIResponse(responseCode = "200", description = "one page of the cycle's ledger, newest first",
            content = @Content(schema = @Schema(implementation = Views.LedgerPage.class)))
    public Views.LedgerPage ledger(@PathParam("id") @Parameter(schema = @Schema(type = SchemaType.STRING, pattern = Identifier.ACCOUNT_PATTERN)) String id,
                                   @QueryParam("cycle") @Parameter(schema = @Schema(type = SchemaType.STRING, pattern = Params.INSTANT_PATTERN)) String cycle,
                                   @QueryParam("limit") @Parameter(schema = @Schema(type = SchemaType.INTEGER, minimum = "1",
                                           maximum = "100", defaultValue = "50")) String limit,
                                   @QueryParam("cursor") @Parameter(description = "nextCursor of the previous page", schema = @Schema(type = SchemaType.STRING)) String cursor,
                                   @QueryParam("kind") @Parameter(description = "only entries of this kind", schema = @Schema(type = SchemaType.STRING,
                                           enumeration = {"DEBIT", "GRANT", "EXPIRY", "ADJUSTMENT"})) String kind,
                                   @QueryParam("from") @Parameter(description = "only entries recorded at or after this instant",
                                           schema = @Schema(type = SchemaType.STRING, pattern = Params.INSTANT_PATTERN)) String from,
                                   @QueryParam("to") @Parameter(description = "only entries recorded before this instant",
                                           schema = @Schema(type = SchemaType.STRING, pattern = Params.INSTANT_PATTERN)) String to) {
        caller.requireOwnerOrAdmin(Params.accountId(id));
        PoolQueries.LedgerSlice slice = queries.ledger(id, Params.instant("cycle", cycle), new LedgerFilter(Params.entryKind(kind), Params.instant("from", from), Params.instant("to", to)),
                Params.limit(limit, 50, MAX_LEDGER_PAGE), cursor);
        return new Views.LedgerPage(slice.entries().stream().map(e -> Views.entry(e, caller.isAdmin())).toList(), slice.nextCursor());
    }

    @GET
    @Path("/usage")
    @APIResponse(responseCode = "200", description = "the cycle's usage, grouped",
            content = @Content(schema = @Schema(implementation = Views.UsageView.class)))
    public Views.UsageView usage(@PathParam("id") @Parameter(schema = @Schema(type = SchemaType.STRING, pattern = Identifier.ACCOUNT_PATTERN)) String id,
                                 @QueryParam("cycle") @Parameter(schema = @Schema(type = SchemaType.STRING, pattern = Params.INSTANT_PATTERN)) String cycle,
                                 @QueryParam("groupBy") @Parameter(description = "model, source and day, comma-separated, each at most once, in the "
                                         + "order of the groups' keys; or one tag:<key>, alone or with day (paged)",
                                         schema = @Schema(type = SchemaType.STRING, pattern = GROUP_BY_PATTERN))
                                 String groupBy,
                                 @QueryParam("limit") @Parameter(description = "groups of a page, when grouped by a tag",
                                         schema = @Schema(type = SchemaType.INTEGER, minimum = "1", maximum = "1000", defaultValue = "100")) String limit,
                                 @QueryParam("cursor") @Parameter(description = "nextCursor of the previous page", schema = @Schema(type = SchemaType.STRING))
                                 String cursor) {
        caller.requireOwnerOrAdmin(Params.accountId(id));
        Grouping grouping = Grouping.of(groupBy);
        // Read whatever the grouping: a limit the page does not use is still refused when it is not one.
        int pageSize = Params.limit(limit, 100, 1000);
        if (grouping.tag() != null) {
            PoolQueries.TagUsageSlice slice = queries.tagUsage(id, Params.instant("cycle", cycle), grouping.tag(), grouping.byDay(),
                    pageSize, cursor);
            return new Views.UsageView(Views.cycle(slice.pools()), slice.groups().stream()
                    .map(g -> Views.tagGroup(grouping.tag(), g.value(), g.day(), g.tally())).toList(), slice.nextCursor());
        }
        PoolQueries.UsageSlice slice = queries.usage(id, Params.instant("cycle", cycle), grouping.dimensions());
        return new Views.UsageView(Views.cycle(slice.pools()), slice.groups().stream().map(g -> Views.group(g, catalogs.sources())).toList(), null);
    }

    /** The model, source and day groupings (each dimension at most once), and a tag's, alone or with the day. */
    static final String GROUP_BY_PATTERN = "^((model|source|day)|(model,(source|day)|source,(model|day)|day,(model|source))"
            + "|(model,source,day|model,day,source|source,model,day|source,day,model|day,model,source|day,source,model)"
            + "|tag:[a-z][a-z0-9_.-]{0,31}(,day)?|day,tag:[a-z][a-z0-9_.-]{0,31})$";

    /** What {@code groupBy} asks for: the dimensions, or one tag key with or without the day. */
    record Grouping(List<String> dimensions, String tag, boolean byDay) {
        static Grouping of(String groupBy) {
            if (groupBy == null) {
                return new Grouping(List.of("model"), null, false);
            }
            List<String> parts = Arrays.asList(groupBy.split(",", -1));
            List<String> tags = parts.stream().filter(p -> p.startsWith("tag:")).toList();
            if (tags.isEmpty()) {
                return new Grouping(AccountsResource.dimensions(groupBy), null, false);
            }
            List<String> rest = parts.stream().filter(p -> !p.startsWith("tag:")).toList();
            String key = tags.get(0).substring("tag:".length());
            if (tags.size() > 1 || !rest.stream().allMatch("day"::equals) || rest.size() > 1 || !dev.metering.core.budget.Tags.validKey(key)) {
                throw ApiProblem.badRequest("groupBy", "one tag:<key> (" + dev.metering.core.budget.Tags.KEY_RULE
                        + "), alone or with day; not with model or source");
            }
            return new Grouping(List.of(), key, rest.size() == 1);
        }
    }

    @GET
    @APIResponse(responseCode = "200", description = "the account, with the history of its terms and who changed them",
            content = @Content(schema = @Schema(implementation = Views.AccountView.class)))
    public Views.AccountView account(@PathParam("id") @Parameter(schema = @Schema(type = SchemaType.STRING, pattern = Identifier.ACCOUNT_PATTERN)) String id) {
        caller.requireAdmin();
        String accountId = Params.accountId(id);
        return Views.account(queries.account(accountId), queries.now());
    }

    @PUT
    @Consumes(MediaType.APPLICATION_JSON)
    @APIResponse(responseCode = "200", description = "the account, changed",
            content = @Content(schema = @Schema(implementation = Views.AccountView.class)))
    @APIResponse(responseCode = "201", description = "the account, created",
            content = @Content(schema = @Schema(implementation = Views.AccountView.class)))
    public Response put(@PathParam("id") @Parameter(schema = @Schema(type = SchemaType.STRING, pattern = Identifier.ACCOUNT_PATTERN)) String id,
                        @RequestBody(required = true, content = @Content(schema = @Schema(implementation = Requests.AccountRequest.class)))
                        JsonNode body) {
        caller.requireAdmin();
        String accountId = Params.accountId(id);
        AccountService.Settings settings = Requests.AccountRequest.parse(body, catalogs.plans());
        AccountService.PutResult result;
        try {
            result = accounts.put(accountId, settings, caller.subject());
        } catch (AccountService.AnchorRequired e) {
            throw ApiProblem.badRequest("anchor", "required to create an account");
        }
        return Response.status(result.created() ? 201 : 200).entity(Views.account(result.account(), queries.now())).build();
    }

    @POST
    @Path("/credit-claim")
    @APIResponse(responseCode = "200", description = "both pools, the credit claimed (claiming again changes nothing)",
            content = @Content(schema = @Schema(implementation = Views.PoolsView.class)))
    public Views.PoolsView claim(@PathParam("id") @Parameter(schema = @Schema(type = SchemaType.STRING, pattern = Identifier.ACCOUNT_PATTERN)) String id) {
        caller.requireOwnerOrAdmin(Params.accountId(id));
        return Views.pools(accounts.claim(id, caller.subject()).current());
    }

    @PUT
    @Path("/extra-usage")
    @Consumes(MediaType.APPLICATION_JSON)
    @APIResponse(responseCode = "200", description = "both pools, under the new settings",
            content = @Content(schema = @Schema(implementation = Views.PoolsView.class)))
    public Views.PoolsView extraUsage(@PathParam("id") @Parameter(schema = @Schema(type = SchemaType.STRING, pattern = Identifier.ACCOUNT_PATTERN)) String id,
                                      @RequestBody(required = true,
                                              content = @Content(schema = @Schema(implementation = Requests.ExtraUsageRequest.class)))
                                      JsonNode body) {
        caller.requireOwnerOrAdmin(Params.accountId(id));
        Requests.ExtraUsageRequest.Parsed settings = Requests.ExtraUsageRequest.parse(body);
        return Views.pools(accounts.extraUsage(id, settings.enabled(), settings.cap(), caller.subject()).current());
    }

    @POST
    @Path("/adjustments")
    @Consumes(MediaType.APPLICATION_JSON)
    @APIResponse(responseCode = "201", description = "both pools after the adjustment; a retry with the same adjustmentId and "
            + "body answers this again, as first given",
            content = @Content(schema = @Schema(implementation = Views.PoolsView.class)))
    public Response adjust(@PathParam("id") @Parameter(schema = @Schema(type = SchemaType.STRING, pattern = Identifier.ACCOUNT_PATTERN)) String id,
                           @RequestBody(required = true, content = @Content(schema = @Schema(implementation = Requests.AdjustmentRequest.class)))
                           JsonNode body) {
        caller.requireAdmin();
        String accountId = Params.accountId(id);
        AccountService.Adjustment adjustment = Requests.AdjustmentRequest.parse(body);
        AccountService.Answer answer = accounts.adjust(accountId, adjustment, caller.subject(), 201,
                pools -> render(Views.pools(pools)));
        return Response.status(answer.status()).type(MediaType.APPLICATION_JSON).entity(answer.body()).build();
    }

    private static List<String> dimensions(String groupBy) {
        List<String> dimensions = groupBy == null ? List.of("model") : Arrays.asList(groupBy.split(",", -1));
        if (!UsageSummary.DIMENSIONS.containsAll(dimensions) || dimensions.stream().distinct().count() != dimensions.size()) {
            throw ApiProblem.badRequest("groupBy", "model, source and day, comma-separated, each at most once; or one tag:<key>, alone or with day");
        }
        return dimensions;
    }

    private String render(Object view) {
        try {
            return json.writeValueAsString(view);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("a view that cannot be written as JSON", e);
        }
    }
}
