package dev.metering.hello;

import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import java.util.Map;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * One route on the HTTP layer's own router that reads one item: what a function URL costs before any REST
 * layer, token check or code of the API's own.
 */
@ApplicationScoped
public class HelloHttp {

    @Inject
    DynamoDbClient dynamo;

    @ConfigProperty(name = "metering.table")
    String table;

    void routes(@Observes Router router) {
        // The SDK call blocks, so it runs on a worker thread, as a blocking REST endpoint's would.
        router.get("/hello").blockingHandler(context -> {
            var item = dynamo.getItem(b -> b.tableName(table).key(Map.of("pk", AttributeValue.fromS("HELLO"), "sk", AttributeValue.fromS("HELLO"))));
            context.response().putHeader("content-type", "application/json")
                    .end(new JsonObject().put("found", item.hasItem()).encode());
        });
    }
}
