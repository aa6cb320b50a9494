package dev.metering.deploycheck;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import dev.metering.testsupport.OperationLog;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** infra/template.yaml against the code it deploys. */
class TemplateAgreesWithCodeTest {

    private static final Path ROOT = Path.of("../..");
    private static final String HANDLER = "io.quarkus.amazon.lambda.runtime.QuarkusStreamHandler::handleRequest";
    /** Read by the MicroProfile JWT layer itself, not named in application.properties. */
    private static final Set<String> STANDARD_VARIABLES = Set.of("MP_JWT_VERIFY_PUBLICKEY", "MP_JWT_VERIFY_PUBLICKEY_LOCATION",
            "JAVA_TOOL_OPTIONS");

    private static JsonNode template() throws IOException {
        return new ObjectMapper(new YAMLFactory()).readTree(ROOT.resolve("infra/template.yaml").toFile());
    }

    private static JsonNode resource(String name) throws IOException {
        JsonNode resource = template().path("Resources").path(name);
        assertThat(resource.isMissingNode()).as("resource " + name).isFalse();
        return resource;
    }

    @Test
    void invoiceLinesWaitLongerThanAResetInvocationCanLast() throws IOException {
        // A close is stamped when its transaction is sent: only once the invocation that sent it is surely over may
        // billing treat the window as complete.
        java.util.Properties poolApi = new java.util.Properties();
        try (var in = Files.newInputStream(ROOT.resolve("functions/pool-api/src/main/resources/application.properties"))) {
            poolApi.load(in);
        }
        String setting = poolApi.getProperty("metering.invoice.settling");
        java.time.Duration settling = java.time.Duration.parse(setting.substring(setting.indexOf(':') + 1, setting.length() - 1));
        int resetTimeout = resource("MonthlyResetFunction").path("Properties").path("Timeout").asInt();
        assertThat(settling).isGreaterThan(java.time.Duration.ofSeconds(resetTimeout));
    }

    @Test
    void theTableMatchesTheTableDefinition() throws IOException {
        JsonNode definition = new ObjectMapper().readTree(ROOT.resolve("infra/table.json").toFile());
        JsonNode table = resource("MeteringTable").path("Properties");
        assertThat(pairs(table.path("KeySchema"), "AttributeName", "KeyType"))
                .isEqualTo(pairs(definition.path("keySchema"), "attributeName", "keyType"));
        assertThat(pairs(table.path("AttributeDefinitions"), "AttributeName", "AttributeType"))
                .isEqualTo(pairs(definition.path("attributeDefinitions"), "attributeName", "attributeType"));
        assertThat(table.path("GlobalSecondaryIndexes")).hasSize(definition.path("globalSecondaryIndexes").size());
        for (int i = 0; i < definition.path("globalSecondaryIndexes").size(); i++) {
            JsonNode index = table.path("GlobalSecondaryIndexes").get(i);
            JsonNode expected = definition.path("globalSecondaryIndexes").get(i);
            assertThat(index.path("IndexName").asText()).isEqualTo(expected.path("indexName").asText());
            assertThat(pairs(index.path("KeySchema"), "AttributeName", "KeyType")).isEqualTo(pairs(expected.path("keySchema"), "attributeName", "keyType"));
            assertThat(index.path("Projection").path("ProjectionType").asText()).isEqualTo(expected.path("projectionType").asText());
        }
        assertThat(table.path("StreamSpecification").path("StreamViewType").asText()).as("notify reads each write's images")
                .isEqualTo(definition.path("streamViewType").asText()).isEqualTo("NEW_AND_OLD_IMAGES");
        assertThat(table.path("TimeToLiveSpecification").path("AttributeName").asText()).isEqualTo(definition.path("ttlAttribute").asText());
        assertThat(table.path("BillingMode").asText()).isEqualTo(definition.path("billingMode").asText());
    }

    @ParameterizedTest
    @CsvSource({"RecordUsageFunction,record-usage", "PoolApiFunction,pool-api", "MonthlyResetFunction,monthly-reset", "NotifyFunction,notify"})
    void eachFunctionHasItsHandlerCodeAndEnvironment(String resourceName, String module) throws IOException {
        JsonNode globals = template().path("Globals").path("Function");
        JsonNode function = resource(resourceName).path("Properties");
        String handler = function.path("Handler").asText(globals.path("Handler").asText());
        assertThat(handler).isEqualTo(HANDLER);
        assertThat(function.path("CodeUri").asText()).isEqualTo("../functions/" + module + "/target/function.zip");

        Path properties = ROOT.resolve("functions/" + module + "/src/main/resources/application.properties");
        String config = Files.readString(properties);
        if (module.equals("pool-api")) {
            // The HTTP function is the lambda-http extension's handler, in front of the REST resources.
            assertThat(Files.readString(ROOT.resolve("functions/pool-api/pom.xml"))).contains("<artifactId>quarkus-amazon-lambda-http</artifactId>");
        } else {
            assertThat(config).contains("quarkus.lambda.handler=" + module);
        }
        Set<String> required = new TreeSet<>();
        Set<String> readable = new TreeSet<>(STANDARD_VARIABLES);
        // The catalogs (price book, sources, plans, usage fields) are read from the environment by the store.
        readable.addAll(dev.metering.store.Catalogs.ENVIRONMENT);
        Matcher m = Pattern.compile("\\$\\{([A-Z0-9_]+)(:[^}]*)?}").matcher(config);
        while (m.find()) {
            readable.add(m.group(1));
            if (m.group(2) == null) {
                required.add(m.group(1));
            }
        }
        Set<String> set = new TreeSet<>();
        globals.path("Environment").path("Variables").fieldNames().forEachRemaining(set::add);
        function.path("Environment").path("Variables").fieldNames().forEachRemaining(set::add);
        assertThat(set).as(module + ": every variable its configuration requires is set").containsAll(required);
        assertThat(readable).as(module + ": every variable the template sets is read").containsAll(set);
        if (module.equals("pool-api")) {
            assertThat(set).contains("MP_JWT_VERIFY_PUBLICKEY", "MP_JWT_VERIFY_PUBLICKEY_LOCATION", "METERING_MAX_TOKEN_LIFETIME_SECONDS");
        }
    }

    @Test
    void theApiCannotStarveTheRecorderAndItsFailuresAreSeen() throws IOException {
        JsonNode api = resource("PoolApiFunction").path("Properties");
        // The YAML reader drops CloudFormation's tags: "!Ref X" reads as "X".
        assertThat(api.path("ReservedConcurrentExecutions").asText()).isEqualTo("PoolApiReservedConcurrency");
        assertThat(api.path("FunctionUrlConfig").path("AuthType").asText()).as("the JWT authenticates; SigV4 would take its header")
                .isEqualTo("NONE");
        assertThat(template().path("Parameters").has("FunctionUrlAuthType")).isFalse();
        Map<String, String> alarmed = new java.util.TreeMap<>();
        template().path("Resources").fields().forEachRemaining(r -> {
            JsonNode p = r.getValue().path("Properties");
            if (r.getValue().path("Type").asText().equals("AWS::CloudWatch::Alarm")) {
                String subject = p.path("Dimensions").path(0).path("Value").asText();
                alarmed.put(p.path("MetricName").asText() + " " + subject, r.getKey());
            }
        });
        for (String function : List.of("RecordUsageFunction", "PoolApiFunction", "MonthlyResetFunction", "NotifyFunction")) {
            assertThat(alarmed).as("throttles of " + function).containsKey("Throttles " + function);
        }
        assertThat(alarmed).as("5xx answers of the function URL").containsKey("Url5xxCount PoolApiFunction");
        assertThat(alarmed.keySet()).as("the schedule's dead-letter queue")
                .anyMatch(k -> k.startsWith("ApproximateNumberOfMessagesVisible") && k.contains("ResetScheduleDeadLetterQueue"));
    }

    @ParameterizedTest
    @CsvSource({"RecordUsageFunction,record-usage,recordusage", "PoolApiFunction,pool-api,poolapi",
            "MonthlyResetFunction,monthly-reset,monthlyreset", "NotifyFunction,notify,notify"})
    void everyFunctionRestoresFromAPrimedSnapshotOnJava21(String resourceName, String module, String pkg) throws IOException {
        JsonNode globals = template().path("Globals").path("Function");
        JsonNode function = resource(resourceName).path("Properties");
        assertThat(function.path("Runtime").asText(globals.path("Runtime").asText())).isEqualTo("java21");
        assertThat(function.path("SnapStart").path("ApplyOn").asText(globals.path("SnapStart").path("ApplyOn").asText()))
                .isEqualTo("PublishedVersions");
        assertThat(function.path("AutoPublishAlias").asText(globals.path("AutoPublishAlias").asText()))
                .as("triggers and the URL on the alias, so on the snapshotted version").isNotBlank();
        assertThat(Files.readString(ROOT.resolve("functions/" + module + "/src/main/resources/application.properties")))
                .contains("quarkus.snapstart.enable=true")
                .as("the classes are preloaded by the snapshot hook, not on every start").contains("quarkus.snapstart.preload-classes=false");
        assertThat(globals.path("Environment").path("Variables").path("JAVA_TOOL_OPTIONS").asText())
                .contains("-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC", "-XX:MetaspaceSize=");
        Path priming = ROOT.resolve("functions/" + module + "/src/main/java/dev/metering/" + pkg + "/Priming.java");
        assertThat(Files.readString(priming)).as(module + " warms up as its container starts and primes before the snapshot")
                .contains("extends SnapshotPriming").contains("@Observes @Initialized(ApplicationScoped.class)")
                .contains("register()").contains("startWarmUp()");
    }

    @Test
    void notifyReadsTheStreamOfThisTableKeepsItsTotalsAndPutsOnItsBusOnly() throws IOException {
        JsonNode function = resource("NotifyFunction").path("Properties");
        assertThat(function.path("Role").asText()).as("a role of its own, nothing added").isEqualTo("NotifyRole.Arn");
        assertThat(function.has("Policies")).isFalse();
        Set<String> actions = new TreeSet<>();
        Set<String> onTable = new TreeSet<>();
        for (JsonNode statement : resource("NotifyRole").path("Properties").path("Policies").path(0).path("PolicyDocument").path("Statement")) {
            JsonNode action = statement.path("Action");
            (action.isArray() ? action : List.of(action)).forEach(a -> actions.add(a.asText()));
            String target = statement.path("Resource").toString();
            if (statement.toString().contains("dynamodb:") && target.contains("/stream/")) {
                assertThat(target).contains("MeteringTable.Arn}/stream/*");
            } else if (statement.toString().contains("dynamodb:")) {
                assertThat(target).isEqualTo("\"MeteringTable.Arn\"");
                (action.isArray() ? action : List.of(action)).forEach(a -> onTable.add(a.asText()));
            } else if (statement.toString().contains("events:PutEvents")) {
                assertThat(target).contains("EventBus.Arn").contains("event-bus/${EventBusName}");
            } else {
                assertThat(target).contains("NotifyDeadLetterQueue.Arn");
            }
        }
        assertThat(actions).containsExactly("dynamodb:DescribeStream", "dynamodb:GetItem", "dynamodb:GetRecords", "dynamodb:GetShardIterator",
                "dynamodb:ListStreams", "dynamodb:PutItem", "dynamodb:UpdateItem", "events:PutEvents", "sqs:SendMessage");
        Path recorded = ROOT.resolve("functions/notify/target/dynamodb-operations.txt");
        assertThat(recorded).as("written by notify's tests (run the whole build: ./mvnw verify)").exists();
        assertThat(onTable).as("notify: IAM on the table covers every call its code made, and no more").isEqualTo(new TreeSet<>(Files.readAllLines(recorded)));

        JsonNode mapping = function.path("Events").path("TableStream").path("Properties");
        assertThat(mapping.path("Stream").asText()).isEqualTo("MeteringTable.StreamArn");
        assertThat(mapping.path("FunctionResponseTypes").toString()).contains("ReportBatchItemFailures");
        assertThat(mapping.path("BisectBatchOnFunctionError").asBoolean()).isTrue();
        assertThat(mapping.path("MaximumRecordAgeInSeconds").asInt()).isBetween(60, 86400);
        assertThat(mapping.path("MaximumRetryAttempts").asInt()).isPositive();
        assertThat(mapping.path("DestinationConfig").path("OnFailure").path("Destination").asText()).isEqualTo("NotifyDeadLetterQueue.Arn");
        // The filter lets through exactly the items whose changes are told of.
        assertThat(mapping.path("FilterCriteria").path("Filters").path(0).path("Pattern").asText())
                .contains("\"" + dev.metering.store.item.CycleItem.TYPE + "\"", "\"" + dev.metering.store.item.QuarantineItem.TYPE + "\"");
        assertThat(function.path("Environment").path("Variables").path("METERING_EVENT_BUS").toString()).contains("EventBusName");
        assertThat(function.path("Environment").path("Variables").path("METERING_TABLE").asText()).isEqualTo("MeteringTable");

        Map<String, String> alarmed = new java.util.TreeMap<>();
        template().path("Resources").fields().forEachRemaining(r -> {
            JsonNode p = r.getValue().path("Properties");
            if (r.getValue().path("Type").asText().equals("AWS::CloudWatch::Alarm")) {
                alarmed.put(p.path("MetricName").asText() + " " + p.path("Dimensions").path(0).path("Value").asText(), r.getKey());
            }
        });
        assertThat(alarmed).containsKeys("IteratorAge NotifyFunction", "Errors NotifyFunction",
                "ApproximateNumberOfMessagesVisible NotifyDeadLetterQueue.QueueName", "StreamRecordsFailed notify");
    }

    @Test
    void aWebhookIsAnApiDestinationOnTheBusWhenAUrlIsGiven() throws IOException {
        for (String name : List.of("WebhookConnection", "WebhookDestination", "WebhookRole", "WebhookRule", "WebhookDeadLetterQueue")) {
            assertThat(resource(name).path("Condition").asText()).as(name).isEqualTo("HasWebhook");
        }
        assertThat(resource("WebhookDestination").path("Properties").path("InvocationEndpoint").asText()).isEqualTo("WebhookUrl");
        JsonNode rule = resource("WebhookRule").path("Properties");
        assertThat(rule.path("EventPattern").path("source").toString()).isEqualTo("[\"metering\"]");
        assertThat(rule.path("Targets").path(0).path("Arn").asText()).isEqualTo("WebhookDestination.Arn");
        assertThat(rule.path("Targets").path(0).path("DeadLetterConfig").path("Arn").asText()).isEqualTo("WebhookDeadLetterQueue.Arn");
        assertThat(resource("WebhookConnection").path("Properties").path("AuthParameters").toString()).contains("secretsmanager");
    }

    @ParameterizedTest
    @CsvSource({"RecordUsageFunction,record-usage", "PoolApiFunction,pool-api", "MonthlyResetFunction,monthly-reset"})
    void eachFunctionMayMakeTheDynamoDbCallsItsCodeMakesOnThisTableOnly(String resourceName, String module) throws IOException {
        Path recorded = ROOT.resolve("functions/" + module + "/target/dynamodb-operations.txt");
        assertThat(recorded).as("written by " + module + "'s tests (run the whole build: ./mvnw verify)").exists();
        Set<String> made = new TreeSet<>();
        Set<String> indexes = new TreeSet<>();
        for (String line : Files.readAllLines(recorded)) {
            (line.startsWith(OperationLog.INDEX) ? indexes : made).add(line);
        }
        Set<String> granted = new TreeSet<>();
        List<String> resources = new ArrayList<>();
        for (JsonNode policy : resource(resourceName).path("Properties").path("Policies")) {
            for (JsonNode statement : policy.path("Statement")) {
                statement.path("Action").forEach(a -> granted.add(a.asText()));
                JsonNode r = statement.path("Resource");
                (r.isArray() ? r : List.of(r)).forEach(x -> resources.add(x.toString()));
            }
        }
        assertThat(granted).as(module + ": IAM covers every call its code made").containsAll(made);
        assertThat(granted).allMatch(a -> a.startsWith("dynamodb:"));
        assertThat(resources).as("only this table").allMatch(r -> r.contains("MeteringTable"));
        for (String index : indexes) {
            assertThat(resources).as(module + " reads " + index).anyMatch(r -> r.contains("}/" + index + "\""));
        }
    }

    /** What the functions publish, by the Function dimension's value. */
    private static final List<dev.metering.store.metrics.MetricLine> PUBLISHED = List.of(dev.metering.recordusage.BatchMetrics.LINE,
            dev.metering.monthlyreset.ResetMetrics.LINE, dev.metering.notify.NotifyMetrics.LINE);
    /**
     * The metrics AWS publishes that the template names, as AWS documents them (read 2026-12-06): Lambda's
     * invocation and stream metrics (docs.aws.amazon.com/lambda/latest/dg/monitoring-metrics-types.html), its
     * function URL metrics (.../lambda/latest/dg/urls-monitoring.html), and SQS's queue metrics
     * (docs.aws.amazon.com/AWSSimpleQueueService/latest/SQSDeveloperGuide/sqs-available-cloudwatch-metrics.html).
     */
    private static final Map<String, Set<String>> AWS_METRICS = Map.of(
            "AWS/Lambda", Set.of("Errors", "Throttles", "IteratorAge", "UrlRequestCount", "Url4xxCount", "Url5xxCount", "UrlRequestLatency"),
            "AWS/SQS", Set.of("ApproximateNumberOfMessagesVisible", "ApproximateAgeOfOldestMessage"));

    /** A metric the template names: namespace, name, and the value of its one dimension. */
    private record Named(String namespace, String metric, String dimension, String where) {}

    private static List<Named> namedMetrics() throws IOException {
        List<Named> named = new ArrayList<>();
        template().path("Resources").fields().forEachRemaining(r -> {
            JsonNode p = r.getValue().path("Properties");
            if (r.getValue().path("Type").asText().equals("AWS::CloudWatch::Alarm")) {
                named.add(new Named(p.path("Namespace").asText(), p.path("MetricName").asText(), p.path("Dimensions").path(0).path("Value").asText(),
                        r.getKey()));
            }
        });
        for (JsonNode widget : dashboard().path("widgets")) {
            for (JsonNode m : widget.path("properties").path("metrics")) {
                named.add(new Named(m.path(0).asText(), m.path(1).asText(), m.path(3).asText(), "dashboard: " + widget.path("properties").path("title").asText()));
            }
        }
        return named;
    }

    /** The dashboard's body, its ${...} placeholders left as text (they stand inside JSON strings). */
    private static JsonNode dashboard() throws IOException {
        return new ObjectMapper().readTree(resource("Dashboard").path("Properties").path("DashboardBody").asText());
    }

    @Test
    void everyMetricTheDashboardAndTheAlarmsNameIsOneThatIsPublished() throws IOException {
        List<Named> named = namedMetrics();
        assertThat(named).hasSizeGreaterThan(30);
        for (Named n : named) {
            if (n.namespace().equals(dev.metering.store.metrics.MetricLine.NAMESPACE)) {
                var line = PUBLISHED.stream().filter(l -> l.function().equals(n.dimension())).findFirst();
                assertThat(line).as(n.where() + ": no function publishes with Function=" + n.dimension()).isPresent();
                assertThat(line.get().names()).as(n.where() + ": " + n.dimension() + " publishes no " + n.metric()).contains(n.metric());
            } else {
                assertThat(AWS_METRICS).as(n.where() + ": namespace " + n.namespace()).containsKey(n.namespace());
                assertThat(AWS_METRICS.get(n.namespace())).as(n.where() + ": " + n.namespace() + " has no metric " + n.metric()).contains(n.metric());
            }
        }
    }

    @Test
    void theDashboardShowsWhatAnOperatorWatches() throws IOException {
        Set<String> shown = new TreeSet<>();
        namedMetrics().stream().filter(n -> n.where().startsWith("dashboard")).forEach(n -> shown.add(n.metric() + " " + n.dimension()));
        assertThat(shown).contains("EventsApplied record-usage", "EventsDuplicate record-usage", "EventsQuarantined record-usage",
                "EventsLate record-usage", "EventLagSecondsMax record-usage", "Url4xxCount ${PoolApiFunction}", "Url5xxCount ${PoolApiFunction}",
                "UrlRequestLatency ${PoolApiFunction}", "ResetCyclesClosed monthly-reset", "ResetFailed monthly-reset",
                "OldestDueCycleAgeSeconds monthly-reset", "IteratorAge ${NotifyFunction}");
        // Every metric of the functions' own is on the page.
        for (var line : PUBLISHED) {
            line.names().forEach(metric -> assertThat(shown).as("the dashboard shows " + metric).contains(metric + " " + line.function()));
        }
    }

    @Test
    void tracingIsAParameterOffByDefaultAndIdentityIsConfigured() throws IOException {
        JsonNode parameters = template().path("Parameters");
        assertThat(parameters.path("Tracing").path("Default").asText()).isEqualTo("PassThrough");
        assertThat(template().path("Globals").path("Function").path("Tracing").asText()).isEqualTo("Tracing");
        assertThat(resource("NotifyRole").path("Properties").path("ManagedPolicyArns").toString()).contains("TracingActive", "AWSXrayWriteOnlyAccess");
        JsonNode variables = resource("PoolApiFunction").path("Properties").path("Environment").path("Variables");
        Map<String, String> identity = Map.of("METERING_OWNER_CLAIM", "OwnerClaim", "METERING_GROUPS_CLAIM", "GroupsClaims",
                "METERING_ADMIN_ROLE", "AdminRole", "METERING_GATEWAY_ROLE", "GatewayRole");
        identity.forEach((variable, parameter) -> {
            assertThat(variables.path(variable).asText()).as(variable).isEqualTo(parameter);
            assertThat(parameters.has(parameter)).as(parameter).isTrue();
        });
        assertThat(parameters.path("OwnerClaim").path("Default").asText()).isEqualTo("sub");
        assertThat(parameters.path("GroupsClaims").path("Default").asText()).isEqualTo("groups");
        assertThat(parameters.path("AdminRole").path("Default").asText()).isEqualTo("metering-admin");
        assertThat(parameters.path("GatewayRole").path("Default").asText()).isEqualTo("metering-gateway");
    }

    private static Map<String, String> pairs(JsonNode list, String key, String value) {
        Map<String, String> out = new java.util.TreeMap<>();
        list.forEach(n -> out.put(n.path(key).asText(), n.path(value).asText()));
        return out;
    }
}
