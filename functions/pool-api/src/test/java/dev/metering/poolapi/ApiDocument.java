package dev.metering.poolapi;

import dev.metering.core.budget.Tags;
import dev.metering.store.Catalogs;
import io.quarkus.smallrye.openapi.OpenApiFilter;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;
import org.eclipse.microprofile.openapi.OASFactory;
import org.eclipse.microprofile.openapi.OASFilter;
import org.eclipse.microprofile.openapi.models.OpenAPI;
import org.eclipse.microprofile.openapi.models.PathItem;
import org.eclipse.microprofile.openapi.models.media.Content;
import org.eclipse.microprofile.openapi.models.media.Schema;
import org.eclipse.microprofile.openapi.models.parameters.Parameter;
import org.eclipse.microprofile.openapi.models.responses.APIResponse;
import org.eclipse.microprofile.openapi.models.responses.APIResponses;

/**
 * Completes the API document, generated when the tests start the application (the function itself
 * carries no OpenAPI extension), with what annotations cannot state: the error
 * responses each operation can give, all as problem+json (they come from the mappers and filters,
 * which the scanner cannot see), and the values a request may name, taken from where the code
 * takes them (the bundled plans, the Java runtime's IANA zones).
 */
@OpenApiFilter(OpenApiFilter.RunStage.BUILD)
public class ApiDocument implements OASFilter {

    private static final Map<String, String> EVERY_OPERATION = new TreeMap<>(Map.of(
            "400", "a parameter or the body is not acceptable; errors names each field at fault",
            "401", "no valid bearer token (the answer carries WWW-Authenticate: Bearer)",
            "403", "the token may not do this",
            "406", "the caller accepts no JSON",
            "500", "an unexpected failure; the detail says whether a retry is safe"));
    private static final Map<String, String> WITH_BODY = new TreeMap<>(Map.of(
            "413", "the body is larger than the API takes",
            "415", "the body is not application/json"));

    @Override
    public void filterOpenAPI(OpenAPI openAPI) {
        openAPI.getPaths().getPathItems().forEach((path, item) -> item.getOperations().forEach((method, operation) -> {
            APIResponses responses = operation.getResponses();
            if (path.startsWith("/dashboard")) {
                // The page and its script: no token (the page asks for one), no parameters; only what any answer may be.
                operation.setSecurity(new ArrayList<>());
                add(responses, "406", "the caller accepts none of the types this answer has");
                add(responses, "500", EVERY_OPERATION.get("500"));
                return;
            }
            EVERY_OPERATION.forEach((status, description) -> add(responses, status, description));
            if (operation.getParameters() != null) {
                operation.getParameters().stream().filter(p -> p.getIn() == Parameter.In.QUERY && p.getSchema() != null)
                        .forEach(ApiDocument::queryValue);
            }
            if (path.equals("/v1/accounts/{id}/authorization")) {
                operation.addParameter(requestTags());
            }
            if (operation.getRequestBody() != null) {
                WITH_BODY.forEach((status, description) -> add(responses, status, description));
            }
            if (path.startsWith("/v1/accounts/{id}")) {
                add(responses, "404", "no account with that id");
            }
            if (path.startsWith("/v1/organizations/{org}")) {
                add(responses, "404", "no seats in that organization");
            }
            if ((method == PathItem.HttpMethod.PUT && path.equals("/v1/accounts/{id}")) || path.endsWith("/adjustments")) {
                add(responses, "409", "the request contradicts the account's state, or reuses an adjustmentId with another body");
            }
            if (method == PathItem.HttpMethod.PUT && path.equals("/v1/accounts/{id}/budgets/{budgetId}")) {
                add(responses, "409", "the account has ten budgets already, or they kept changing under debits");
            }
            if (method == PathItem.HttpMethod.DELETE && path.equals("/v1/accounts/{id}/budgets/{budgetId}")) {
                responses.removeAPIResponse("404");
                add(responses, "404", "no account with that id, or no budget of it with that id");
            }
            if (method == PathItem.HttpMethod.PUT && path.equals("/v1/prices/{model}")) {
                add(responses, "409", "the book's rules refuse the row: an edit of a row, a priced model's row less than 10 minutes "
                        + "ahead, an id of another model, or the table full");
            }
            if (path.equals("/v1/quarantine/replay")) {
                add(responses, "503", "nothing could be done now (the store or the price rows unavailable); it changed nothing: "
                        + "ask again (Retry-After)");
            }
        }));
        openAPI.setServers(null);
        // A budget counts a programmatic source: those of the bundled catalogue.
        openAPI.getComponents().getSchemas().get("BudgetMatch").getProperties().get("source")
                .setPattern(Catalogs.bundled().sources().pattern(dev.metering.core.source.PoolKind.PROGRAMMATIC));
        // Each id as a price row names it (annotations cannot reach an array's items).
        openAPI.getComponents().getSchemas().get("PriceRequest").getProperties().get("ids")
                .setItems(OASFactory.createSchema().addType(Schema.SchemaType.STRING).pattern(dev.metering.core.id.Identifier.MODEL_PATTERN));
        Schema account = openAPI.getComponents().getSchemas().get("AccountRequest");
        account.getProperties().get("plan").setEnumeration(new ArrayList<>(new TreeSet<>(Catalogs.bundled().plans().ids())));
        List<Object> zones = new ArrayList<>(new TreeSet<>(ZoneId.getAvailableZoneIds()));
        zones.add(null); // the field is nullable: null asks for the default, UTC
        account.getProperties().get("timeZone").setEnumeration(zones);
    }

    /**
     * A query parameter given empty ({@code cursor=}) is refused by name like any bad value, so every
     * one needs a value; a source is one of the configured ones (names and {@code third-party:} apps).
     */
    private static void queryValue(Parameter parameter) {
        Schema schema = parameter.getSchema();
        if (schema.getType() == null || schema.getType().contains(Schema.SchemaType.STRING)) {
            schema.setMinLength(1);
        }
        if ("source".equals(parameter.getName())) {
            schema.setPattern(Catalogs.bundled().sources().pattern());
        }
    }

    /**
     * The request's tags, {@code tag.<key>=<value>} each: an object exploded into the query, whose
     * property names carry the prefix (a form-style object's properties are the query's names).
     */
    private static Parameter requestTags() {
        Schema value = OASFactory.createSchema().addType(Schema.SchemaType.STRING).pattern(Tags.VALUE_PATTERN);
        Schema name = OASFactory.createSchema().addType(Schema.SchemaType.STRING)
                .pattern("^" + Params.TAG_PREFIX.replace(".", "\\.") + Tags.KEY_PATTERN.substring(1));
        return OASFactory.createParameter().name("tag").in(Parameter.In.QUERY).style(Parameter.Style.FORM).explode(true)
                .description("the request's tags, each as tag.<key>=<value> (as usage events carry them), so that budgets "
                        + "matching a tag are asked; any other name is refused")
                .schema(OASFactory.createSchema().addType(Schema.SchemaType.OBJECT).maxProperties(Tags.MAX_ENTRIES)
                        .propertyNames(name).additionalPropertiesSchema(value));
    }

    private static void add(APIResponses responses, String status, String description) {
        APIResponse existing = responses.getAPIResponse(status);
        if (existing != null && existing.getContent() != null) {
            return;
        }
        Schema problem = OASFactory.createSchema().ref("#/components/schemas/Problem");
        Content content = OASFactory.createContent().addMediaType(ProblemMappers.PROBLEM_JSON,
                OASFactory.createMediaType().schema(problem));
        APIResponse response = OASFactory.createAPIResponse().description(description).content(content);
        responses.addAPIResponse(status, response);
    }
}
