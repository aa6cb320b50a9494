package dev.metering.notify;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.networknt.schema.JsonSchema;
import com.networknt.schema.JsonSchemaFactory;
import com.networknt.schema.SpecVersion;
import dev.metering.testsupport.SampleEvents;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/** The committed JSON Schemas of the events' {@code detail} ({@code events/schemas/}), checked against what the function puts. */
final class EventSchemas {

    static final Path DIRECTORY = SampleEvents.directory().resolve("schemas");
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Map<String, JsonSchema> LOADED = new ConcurrentHashMap<>();

    private EventSchemas() {}

    static JsonSchema of(String detailType) {
        return LOADED.computeIfAbsent(detailType, type -> {
            try {
                JsonNode schema = JSON.readTree(Files.readString(DIRECTORY.resolve(type + ".json")));
                return JsonSchemaFactory.getInstance(SpecVersion.VersionFlag.V202012).getSchema(schema);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        });
    }

    static void assertValid(String detailType, JsonNode detail) {
        assertThat(of(detailType).validate(detail)).as("%s detail %s against its schema", detailType, detail).isEmpty();
    }
}
