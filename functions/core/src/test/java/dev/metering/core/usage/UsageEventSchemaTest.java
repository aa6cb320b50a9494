package dev.metering.core.usage;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.networknt.schema.JsonSchema;
import com.networknt.schema.JsonSchemaFactory;
import com.networknt.schema.SchemaValidatorsConfig;
import com.networknt.schema.SpecVersion;
import com.networknt.schema.ValidationMessage;
import dev.metering.core.price.PriceBook;
import dev.metering.core.source.SourceCatalog;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.math.BigInteger;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Function;
import java.util.stream.Stream;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import org.junit.jupiter.api.Test;

/**
 * The producer's contract, {@code events/schemas/usage-event.json}, held against the recorder's rules in
 * both directions: every sample of {@code events/} is valid; a mutation of any field that the schema
 * refuses is quarantined naming that same field; a mutation it accepts is applied, or refused only for
 * state (an unknown model, no price at the time) or for one of the rules the schema names in its
 * description as beyond a schema (time bounds, configured sources, cross-field sums, duplicate keys).
 */
class UsageEventSchemaTest {

    private static final Path EVENTS = Path.of("../../events");
    /** Numbers kept exact (1e400 stays a number, not an infinity), as the parser reads them. */
    private static final ObjectMapper JSON = com.fasterxml.jackson.databind.json.JsonMapper.builder()
            .enable(com.fasterxml.jackson.databind.DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS).build();
    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;
    private static final Instant NOW = Instant.parse("2026-11-26T20:30:00Z");
    private static final UsageEventParser PARSER = new UsageEventParser(PriceBook.load(null), SourceCatalog.load(null),
            Clock.fixed(NOW, ZoneOffset.UTC));
    private static final JsonSchema SCHEMA = schema();

    /** The refusals a schema cannot make, each with the words the schema's description names it by. */
    private enum BeyondTheSchema {
        UNKNOWN_MODEL("model", "unknown model", "the model must have a price"),
        NO_PRICE_AT_THE_TIME("model", "no list price", "the model must have a price at occurredAt"),
        IN_THE_FUTURE("occurredAt", "in the future", "5 minutes after the recorder's clock"),
        BEFORE_2000("occurredAt", "before 2000", "between 2000-01-01"),
        UNKNOWN_SOURCE("source", "unknown source", "a configured source (METERING_SOURCES)"),
        SPLIT_DIFFERS("usage.cache_creation", "differ from cache_creation_input_tokens", "must add up to cache_creation_input_tokens"),
        TIERS_DISAGREE("serviceTier", "disagrees with usage.service_tier", "serviceTier and usage.service_tier must agree"),
        DUPLICATE_KEY("", "duplicate field", "no object may repeat a key");

        final String field;
        final String problem;
        final String named;

        BeyondTheSchema(String field, String problem, String named) {
            this.field = field;
            this.problem = problem;
            this.named = named;
        }

        static boolean explains(Rejection r) {
            return Stream.of(values()).anyMatch(rule -> rule.field.equals(r.field()) && r.problem().contains(rule.problem));
        }
    }

    private static JsonSchema schema() {
        try {
            SchemaValidatorsConfig config = SchemaValidatorsConfig.builder().formatAssertionsEnabled(true).build();
            return JsonSchemaFactory.getInstance(SpecVersion.VersionFlag.V202012)
                    .getSchema(JSON.readTree(Files.readString(EVENTS.resolve("schemas/usage-event.json"))), config);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Every usage event the samples carry: a direct event, an events list, the bodies of an SQS batch. */
    static List<String> samples() {
        List<String> events = new ArrayList<>();
        try (Stream<Path> files = Files.list(EVENTS)) {
            for (Path file : files.filter(f -> f.getFileName().toString().startsWith("usage-")).sorted().toList()) {
                JsonNode sample = JSON.readTree(Files.readString(file));
                if (sample.has("Records")) {
                    sample.path("Records").forEach(r -> events.add(r.path("body").asText()));
                } else if (sample.has("events")) {
                    sample.path("events").forEach(e -> events.add(e.toString()));
                } else {
                    events.add(sample.toString());
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return events;
    }

    /** Where the schema finds fault: each error's instance, with the property a required or additionalProperties error names. */
    private static Set<String> schemaFaults(JsonNode event) {
        Set<String> faults = new TreeSet<>();
        for (ValidationMessage m : SCHEMA.validate(event)) {
            String at = dotted(m.getInstanceLocation().toString());
            if (m.getProperty() != null && Set.of("required", "additionalProperties").contains(m.getType())) {
                at = at.isEmpty() ? m.getProperty() : at + "." + m.getProperty();
            }
            faults.add(at);
        }
        return faults;
    }

    /** A JSON pointer ({@code /usage/cache_creation}) as the recorder names a field ({@code usage.cache_creation}). */
    private static String dotted(String pointer) {
        if (pointer.isEmpty() || pointer.equals("/")) {
            return "";
        }
        return Stream.of(pointer.substring(1).split("/", -1)).map(p -> p.replace("~1", "/").replace("~0", "~"))
                .collect(java.util.stream.Collectors.joining("."));
    }

    /** The agreement one event must show; returns what happened, for the tallies. */
    private static String assertAgree(String text) {
        JsonNode event;
        try {
            event = JSON.readTree(text);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        Set<String> faults = schemaFaults(event);
        UsageEventParser.Result parsed = PARSER.parse(text);
        if (!faults.isEmpty()) {
            assertThat(parsed.isValid()).as("the schema refuses %s (%s) but the recorder applies it", text, faults).isFalse();
            assertThat(faults).as("the recorder refuses %s for '%s', the schema for %s", text, parsed.rejection().reason(), faults)
                    .contains(parsed.rejection().field());
            return "refused by both";
        }
        if (parsed.isValid()) {
            return "accepted by both";
        }
        assertThat(BeyondTheSchema.explains(parsed.rejection()))
                .as("the schema accepts %s but the recorder refuses it for '%s', which is no rule beyond a schema", text,
                        parsed.rejection().reason())
                .isTrue();
        return "refused beyond the schema";
    }

    @Test
    void everySampleIsValidAndRecordedOrRefusedOnlyForState() {
        List<String> samples = samples();
        assertThat(samples).hasSizeGreaterThanOrEqualTo(6);
        for (String sample : samples) {
            assertThat(schemaFaults(readTree(sample))).as(sample).isEmpty();
            UsageEventParser.Result parsed = PARSER.parse(sample);
            if (!parsed.isValid()) {
                assertThat(parsed.rejection().reason()).as("the one sample of a model no book prices").startsWith("model: unknown model");
            }
        }
    }

    @Test
    void theSchemaNamesEveryRuleItCannotState() {
        String description = readTree(readSchemaText()).path("description").asText();
        for (BeyondTheSchema rule : BeyondTheSchema.values()) {
            assertThat(description).as(rule.name()).contains(rule.named);
        }
        assertThat(description).contains("unknown account", "one id, one body", "overflow", "METERING_MAX_TOKENS_PER_COUNT",
                "METERING_USAGE_INFO_FIELDS");
    }

    @Test
    void additionalPropertiesAreFalseAtEveryLevel() {
        List<String> open = new ArrayList<>();
        walkObjects(readTree(readSchemaText()), "", open);
        assertThat(open).as("object schemas that allow what they do not name").isEmpty();
    }

    private static void walkObjects(JsonNode schema, String at, List<String> open) {
        if (schema.isObject()) {
            boolean object = schema.path("type").asText().equals("object")
                    || (schema.path("type").isArray() && schema.path("type").toString().contains("\"object\""));
            if (object && !schema.path("additionalProperties").isBoolean()) {
                open.add(at);
            } else if (object && schema.path("additionalProperties").asBoolean()) {
                open.add(at);
            }
            schema.fields().forEachRemaining(f -> walkObjects(f.getValue(), at + "/" + f.getKey(), open));
        } else if (schema.isArray()) {
            for (int i = 0; i < schema.size(); i++) {
                walkObjects(schema.get(i), at + "/" + i, open);
            }
        }
    }

    /** Every mutation of every field of every sample: removed, nulled, of each other type, out of its pattern or range, and its valid alternatives. */
    @Test
    void everyMutationOfEveryFieldIsRefusedByBothOrByNeitherSaveForTheNamedRules() {
        Map<String, Integer> tally = new LinkedHashMap<>();
        int cases = 0;
        for (String sample : samples()) {
            ObjectNode event = (ObjectNode) readTree(sample);
            if (!PARSER.parse(sample).isValid()) {
                continue;
            }
            for (String path : paths(event)) {
                for (JsonNode value : values(path)) {
                    tally.merge(assertAgree(with(event, path, value).toString()), 1, Integer::sum);
                    cases++;
                }
                if (!isRequired(path)) {
                    tally.merge(assertAgree(without(event, path).toString()), 1, Integer::sum);
                    cases++;
                }
            }
            for (String object : objects(event)) {
                tally.merge(assertAgree(with(event, object.isEmpty() ? "zzz" : object + ".zzz", NODES.numberNode(1)).toString()), 1,
                        Integer::sum);
                cases++;
            }
        }
        assertThat(cases).isGreaterThan(500);
        assertThat(tally).containsKeys("refused by both", "accepted by both", "refused beyond the schema");
    }

    @Test
    void whatOnlyTheRecorderCanRefuseIsAcceptedByTheSchemaAndRefusedForItsNamedRule() {
        ObjectNode event = (ObjectNode) readTree(samples().stream().filter(e -> e.contains("evt_01JDX9V4")).findFirst().orElseThrow());
        Map<BeyondTheSchema, String> cases = new LinkedHashMap<>();
        cases.put(BeyondTheSchema.UNKNOWN_MODEL, with(event, "model", NODES.textNode("claude-unreleased-9")).toString());
        cases.put(BeyondTheSchema.NO_PRICE_AT_THE_TIME, with(with(event, "model", NODES.textNode("claude-haiku-4-5")), "occurredAt",
                NODES.textNode("2001-01-01T00:00:00Z")).toString());
        cases.put(BeyondTheSchema.IN_THE_FUTURE, with(event, "occurredAt", NODES.textNode(NOW.plusSeconds(301).toString())).toString());
        cases.put(BeyondTheSchema.BEFORE_2000, with(event, "occurredAt", NODES.textNode("1999-12-31T23:59:59Z")).toString());
        cases.put(BeyondTheSchema.UNKNOWN_SOURCE, with(event, "source", NODES.textNode("my-own-tool")).toString());
        ObjectNode split = with(with(event, "usage.cache_creation_input_tokens", NODES.numberNode(10)), "usage.cache_creation",
                readTree("{\"ephemeral_5m_input_tokens\": 4, \"ephemeral_1h_input_tokens\": 5}"));
        cases.put(BeyondTheSchema.SPLIT_DIFFERS, split.toString());
        cases.put(BeyondTheSchema.TIERS_DISAGREE, with(with(event, "serviceTier", NODES.textNode("batch")), "usage.service_tier",
                NODES.textNode("priority")).toString());
        String text = with(event, "source", NODES.textNode("agent-sdk")).toString();
        cases.put(BeyondTheSchema.DUPLICATE_KEY, text.replaceFirst("\\{", "{\"source\":\"claude-web\","));
        assertThat(cases.keySet()).containsExactly(BeyondTheSchema.values());
        cases.forEach((rule, body) -> {
            assertThat(schemaFaults(readTree(body))).as(rule + ": " + body).isEmpty();
            Rejection refused = PARSER.parse(body).rejection();
            assertThat(refused).as(rule + ": " + body).isNotNull();
            assertThat(refused.field()).as(rule.name()).isEqualTo(rule.field);
            assertThat(refused.problem()).as(rule.name()).contains(rule.problem);
        });
    }

    /** Random values at random places: the two agree whatever a producer writes. */
    @Property(tries = 400)
    void anyValueAnywhereIsJudgedAlikeByTheSchemaAndTheRecorder(@ForAll("placesAndValues") Map.Entry<String, JsonNode> change) {
        ObjectNode event = (ObjectNode) readTree(samples().get(0));
        assertAgree(with(event, change.getKey(), change.getValue()).toString());
    }

    @Provide
    Arbitrary<Map.Entry<String, JsonNode>> placesAndValues() {
        ObjectNode event = (ObjectNode) readTree(samples().get(0));
        List<String> places = new ArrayList<>(paths(event));
        places.addAll(List.of("tags", "tags.team", "tags.Team", "tags.a b", "serviceTier", "usage.server_tool_use", "usage.inference_geo",
                "usage.speed", "usage.output_tokens_details", "usage.output_tokens_details.thinking_tokens", "usage.cache_creation.x"));
        Arbitrary<JsonNode> text = Arbitraries.oneOf(Arbitraries.strings().ofMaxLength(140),
                Arbitraries.strings().withChars("abcdefghijklmnopqrstuvwxyz0123456789._:-/@ AZ!#").ofMinLength(0).ofMaxLength(140),
                Arbitraries.of("standard", "priority", "batch", "global", "us", "eu", "claude-haiku-4-5", "agent-sdk",
                        "2026-11-26T20:00:00Z", "2026-11-26T20:00:00.123+01:00", "2026-11-26T20:00Z", "2026-02-30T00:00:00Z")
        ).map(s -> (JsonNode) NODES.textNode(s));
        Arbitrary<JsonNode> number = Arbitraries.oneOf(
                Arbitraries.longs().between(-5, 200_000_000).map(n -> (JsonNode) NODES.numberNode(n)),
                Arbitraries.of(new BigInteger("1" + "0".repeat(30)), BigInteger.valueOf(Long.MIN_VALUE)).map(n -> (JsonNode) NODES.numberNode(n)),
                // Not 1e300 or 1e400: the validator takes a number written with a large exponent as within any maximum (a
                // defect of its own); the parser refuses them by its bound (UsageEventParserTest), as JSON Schema says.
                Arbitraries.of("1.5", "2.0", "1e3", "-0.0", "1e-7").map(n -> readTree(n)));
        Arbitrary<JsonNode> other = Arbitraries.of(NODES.nullNode(), NODES.booleanNode(true), NODES.objectNode(), NODES.arrayNode(),
                readTree("{\"team\": \"search\"}"), readTree("{\"a\": 1}"), readTree("[1, 2]"));
        return Arbitraries.of(places).flatMap(place -> Arbitraries.oneOf(text, number, other).map(value -> Map.entry(place, value)));
    }

    // ------------------------------------------------------------------ the mutations

    /** The values every field is tried with: each other type, edges of its pattern and range, and its valid alternatives. */
    private static List<JsonNode> values(String path) {
        List<JsonNode> values = new ArrayList<>(List.of(NODES.nullNode(), NODES.booleanNode(false), NODES.objectNode(), NODES.arrayNode(),
                NODES.numberNode(-1), NODES.numberNode(0), NODES.numberNode(7), NODES.numberNode(new java.math.BigDecimal("7.0")),
                NODES.numberNode(new java.math.BigDecimal("7.5")), NODES.numberNode(100_000_000), NODES.numberNode(100_000_001),
                NODES.textNode(""), NODES.textNode("7"), NODES.textNode("a b"), NODES.textNode("x".repeat(129)),
                NODES.textNode("acct_other"), NODES.textNode("claude-web"), NODES.textNode("agent-sdk"), NODES.textNode("Claude-Haiku"),
                NODES.textNode("claude-sonnet-4-5-20250929"), NODES.textNode("standard"), NODES.textNode("batch"), NODES.textNode("priority"),
                NODES.textNode("flex"), NODES.textNode("us"), NODES.textNode("global"), NODES.textNode("eu"), NODES.textNode("fast"),
                NODES.textNode("2026-11-26T19:00:00Z"), NODES.textNode("2026-11-26T20:00:00.5+01:00"), NODES.textNode("2026-11-26 20:00:00Z"),
                NODES.textNode("2026-13-01T00:00:00Z"), NODES.textNode("2026-11-26T20:00Z"), readTree("{\"team\": \"search\"}"),
                readTree("{\"Team\": \"search\"}"), readTree("{\"team\": 3}"), readTree("{\"a\":\"1\",\"b\":\"2\",\"c\":\"3\",\"d\":\"4\","
                        + "\"e\":\"5\",\"f\":\"6\",\"g\":\"7\",\"h\":\"8\",\"i\":\"9\"}")));
        if (path.startsWith("tags")) {
            values.add(NODES.textNode("pipeline/nightly@ci:2"));
        }
        return values;
    }

    private static boolean isRequired(String path) {
        return Set.of("eventId", "accountId", "occurredAt", "source", "model", "usage", "usage.input_tokens", "usage.output_tokens")
                .contains(path);
    }

    /** The dotted path of every field of the event, at every depth (each field's own value, not inside it). */
    private static List<String> paths(ObjectNode event) {
        List<String> paths = new ArrayList<>();
        collect(event, "", paths, n -> true);
        return paths;
    }

    /** Every object of the event (the event itself as ""), where an unknown field may be added. */
    private static List<String> objects(ObjectNode event) {
        List<String> objects = new ArrayList<>(List.of(""));
        List<String> all = new ArrayList<>();
        collect(event, "", all, JsonNode::isObject);
        objects.addAll(all);
        return objects;
    }

    private static void collect(JsonNode node, String prefix, List<String> out, Function<JsonNode, Boolean> keep) {
        for (Iterator<Map.Entry<String, JsonNode>> fields = node.fields(); fields.hasNext(); ) {
            Map.Entry<String, JsonNode> f = fields.next();
            String path = prefix.isEmpty() ? f.getKey() : prefix + "." + f.getKey();
            if (keep.apply(f.getValue())) {
                out.add(path);
            }
            if (f.getValue().isObject()) {
                collect(f.getValue(), path, out, keep);
            }
        }
    }

    /** A copy of the event with {@code value} at {@code path} (created, with its parents, where absent). */
    private static ObjectNode with(ObjectNode event, String path, JsonNode value) {
        ObjectNode copy = event.deepCopy();
        String[] parts = path.split("\\.", -1);
        ObjectNode at = copy;
        for (int i = 0; i < parts.length - 1; i++) {
            JsonNode next = at.get(parts[i]);
            if (next == null || !next.isObject()) {
                next = at.putObject(parts[i]);
            }
            at = (ObjectNode) next;
        }
        at.set(parts[parts.length - 1], value);
        return copy;
    }

    private static ObjectNode without(ObjectNode event, String path) {
        ObjectNode copy = event.deepCopy();
        String[] parts = path.split("\\.");
        JsonNode at = copy;
        for (int i = 0; i < parts.length - 1; i++) {
            at = at.get(parts[i]);
        }
        ((ObjectNode) at).remove(parts[parts.length - 1]);
        return copy;
    }

    private static JsonNode readTree(String text) {
        try {
            return JSON.readTree(text);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static String readSchemaText() {
        try {
            return Files.readString(EVENTS.resolve("schemas/usage-event.json"));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
