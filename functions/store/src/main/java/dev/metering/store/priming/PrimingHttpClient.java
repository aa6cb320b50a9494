package dev.metering.store.priming;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.metering.core.account.Account;
import dev.metering.store.item.AccountItem;
import dev.metering.store.item.Keys;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import software.amazon.awssdk.http.AbortableInputStream;
import software.amazon.awssdk.http.ExecutableHttpRequest;
import software.amazon.awssdk.http.HttpExecuteRequest;
import software.amazon.awssdk.http.HttpExecuteResponse;
import software.amazon.awssdk.http.SdkHttpClient;
import software.amazon.awssdk.http.SdkHttpResponse;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * The HTTP layer of the priming client: it answers every DynamoDB request itself, as a table holding
 * one account and nothing else would (the account where its key is asked for, nothing found otherwise,
 * every write accepted), so that a usage event for that account takes the recorder's real path: read,
 * open the cycle, debit. Nothing leaves the process.
 */
final class PrimingHttpClient implements SdkHttpClient {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String NOTHING_FOUND = "{\"Count\": 0, \"ScannedCount\": 0, \"Items\": []}";

    private final ObjectNode account;

    PrimingHttpClient(Account account) {
        this.account = json(AccountItem.SCHEMA.itemToMap(AccountItem.of(account), true));
    }

    @Override
    public ExecutableHttpRequest prepareRequest(HttpExecuteRequest request) {
        String target = request.httpRequest().firstMatchingHeader("X-Amz-Target").orElse("");
        String operation = target.substring(target.indexOf('.') + 1);
        byte[] answer = answer(operation, body(request)).getBytes(StandardCharsets.UTF_8);
        return new ExecutableHttpRequest() {
            @Override
            public HttpExecuteResponse call() {
                return HttpExecuteResponse.builder()
                        .response(SdkHttpResponse.builder().statusCode(200).putHeader("Content-Type", "application/x-amz-json-1.0").build())
                        .responseBody(AbortableInputStream.create(new ByteArrayInputStream(answer)))
                        .build();
            }

            @Override
            public void abort() {
            }
        };
    }

    private String answer(String operation, JsonNode request) {
        return switch (operation) {
            case "GetItem" -> isAccount(request.path("Key")) ? JSON.createObjectNode().set("Item", account).toString() : "{}";
            case "BatchGetItem" -> batchGet(request.path("RequestItems")).toString();
            case "Query", "Scan" -> NOTHING_FOUND;
            default -> "{}";
        };
    }

    /** Of the keys asked for, the account's: found; every other key is simply not there. */
    private ObjectNode batchGet(JsonNode requestItems) {
        ObjectNode responses = JSON.createObjectNode();
        requestItems.fields().forEachRemaining(table -> {
            ArrayNode items = responses.putArray(table.getKey());
            table.getValue().path("Keys").forEach(key -> {
                if (isAccount(key)) {
                    items.add(account);
                }
            });
        });
        ObjectNode answer = JSON.createObjectNode();
        answer.set("Responses", responses);
        answer.putObject("UnprocessedKeys");
        return answer;
    }

    private boolean isAccount(JsonNode key) {
        return Keys.ACCOUNT.equals(key.path(Keys.SK).path("S").asText()) && account.path(Keys.PK).equals(key.path(Keys.PK));
    }

    private static JsonNode body(HttpExecuteRequest request) {
        if (request.contentStreamProvider().isEmpty()) {
            return JSON.createObjectNode();
        }
        try (InputStream in = request.contentStreamProvider().get().newStream()) {
            return JSON.readTree(in);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** An item in DynamoDB's JSON, for the types the store's items use. */
    private static ObjectNode json(Map<String, AttributeValue> item) {
        ObjectNode node = JSON.createObjectNode();
        item.forEach((name, value) -> node.set(name, json(value)));
        return node;
    }

    private static ObjectNode json(AttributeValue value) {
        ObjectNode node = JSON.createObjectNode();
        switch (value.type()) {
            case S -> node.put("S", value.s());
            case N -> node.put("N", value.n());
            case BOOL -> node.put("BOOL", value.bool());
            case NUL -> node.put("NULL", true);
            case M -> node.set("M", json(value.m()));
            case L -> {
                ArrayNode list = node.putArray("L");
                value.l().forEach(v -> list.add(json(v)));
            }
            case SS -> value.ss().forEach(node.putArray("SS")::add);
            case NS -> value.ns().forEach(node.putArray("NS")::add);
            default -> throw new IllegalArgumentException("the priming account has an attribute of type " + value.type());
        }
        return node;
    }

    @Override
    public String clientName() {
        return "priming";
    }

    @Override
    public void close() {
    }
}
