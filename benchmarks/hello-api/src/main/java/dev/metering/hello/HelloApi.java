package dev.metering.hello;

import io.quarkus.security.Authenticated;
import jakarta.inject.Inject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import java.util.Map;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.eclipse.microprofile.jwt.JsonWebToken;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/** One authenticated route that reads one item: the least pool-api's stack does on its first request. */
@Path("/hello")
public class HelloApi {

    @Inject
    DynamoDbClient dynamo;

    @Inject
    JsonWebToken caller;

    @ConfigProperty(name = "metering.table")
    String table;

    @GET
    @Authenticated
    @Produces(MediaType.APPLICATION_JSON)
    public Map<String, Object> hello() {
        var item = dynamo.getItem(b -> b.tableName(table).key(Map.of("pk", AttributeValue.fromS("HELLO"), "sk", AttributeValue.fromS("HELLO"))));
        return Map.of("found", item.hasItem(), "caller", caller.getSubject());
    }
}
