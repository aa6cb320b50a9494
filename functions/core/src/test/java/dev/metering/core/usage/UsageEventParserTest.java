package dev.metering.core.usage;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.metering.core.price.InferenceGeo;
import dev.metering.core.price.PriceBook;
import dev.metering.core.price.ServiceTier;
import dev.metering.core.price.TokenUsage;
import dev.metering.core.source.PoolKind;
import dev.metering.core.source.SourceCatalog;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import org.junit.jupiter.api.Test;

class UsageEventParserTest {

    private static final Instant NOW = Instant.parse("2026-11-26T20:30:00Z");
    private final UsageEventParser parser = new UsageEventParser(PriceBook.load(null), SourceCatalog.load(null), Clock.fixed(NOW, ZoneOffset.UTC));

    private static final String DESIGN_SAMPLE = """
            { "eventId": "evt_01JDX9V4", "accountId": "acct_42", "occurredAt": "2026-11-26T20:00:00Z",
              "source": "claude-code-headless", "model": "claude-sonnet-4-6", "serviceTier": "standard",
              "usage": { "input_tokens": 1200, "output_tokens": 340,
                         "cache_creation_input_tokens": 0, "cache_read_input_tokens": 5000,
                         "cache_creation": { "ephemeral_5m_input_tokens": 0, "ephemeral_1h_input_tokens": 0 } } }""";

    @Test
    void tokenCountsAreBoundedAndSoAreSources() {
        assertThat(parser.parse(DESIGN_SAMPLE.replace("\"input_tokens\": 1200", "\"input_tokens\": 100000000")).isValid()).isTrue();
        assertThat(parser.parse(DESIGN_SAMPLE.replace("\"input_tokens\": 1200", "\"input_tokens\": 100000001")).rejection().reason())
                .isEqualTo("usage.input_tokens: more than 100000000 tokens: 100000001");
        UsageEventParser strict = new UsageEventParser(PriceBook.load(null), SourceCatalog.load(null), Clock.fixed(NOW, ZoneOffset.UTC), 1000);
        assertThat(strict.parse(DESIGN_SAMPLE).rejection().reason()).isEqualTo("usage.input_tokens: more than 1000 tokens: 1200");
        assertThat(parser.parse(DESIGN_SAMPLE.replace("claude-code-headless", "third-party:" + "a".repeat(116))).isValid()).isTrue();
        assertThat(parser.parse(DESIGN_SAMPLE.replace("claude-code-headless", "third-party:" + "a".repeat(117))).rejection().reason())
                .isEqualTo("source: longer than 128 characters");
        assertThat(parser.parse(DESIGN_SAMPLE.replace("claude-code-headless", "third-party:a b")).rejection().reason())
                .isEqualTo("source: characters outside [A-Za-z0-9._:-]");
    }

    @Test
    void theBodyHashIgnoresTheIdAndTheLayoutButNotWhatTheEventSays() {
        String hash = parser.parse(DESIGN_SAMPLE).event().event().bodyHash();
        assertThat(parser.parse(DESIGN_SAMPLE.replace("\n", " ").replace("evt_01JDX9V4", "evt_other")).event().event().bodyHash())
                .isEqualTo(hash);
        assertThat(parser.parse(DESIGN_SAMPLE.replace("\"output_tokens\": 340", "\"output_tokens\": 341")).event().event().bodyHash())
                .isNotEqualTo(hash);
        assertThat(parser.parse(DESIGN_SAMPLE.replace("\"serviceTier\": \"standard\"", "\"serviceTier\": \"batch\"")).event().event()
                .bodyHash()).isNotEqualTo(hash);
    }

    @Test
    void countsAreWholeNumbersHoweverWrittenAndTheDetailsAreKnownFieldByField() {
        assertThat(parser.parse(DESIGN_SAMPLE.replace("\"input_tokens\": 1200", "\"input_tokens\": 1200.0")).event().event().usage().input())
                .isEqualTo(1200);
        assertThat(parser.parse(DESIGN_SAMPLE.replace("\"input_tokens\": 1200", "\"input_tokens\": 1.2e3")).event().event().usage().input())
                .isEqualTo(1200);
        assertThat(parser.parse(DESIGN_SAMPLE.replace("\"input_tokens\": 1200", "\"input_tokens\": 1200.5")).rejection().reason())
                .isEqualTo("usage.input_tokens: must be an integer, got number 1200.5");
        assertThat(parser.parse(DESIGN_SAMPLE.replace("\"input_tokens\": 1200", "\"input_tokens\": 1e400")).rejection().reason())
                .isEqualTo("usage.input_tokens: more than 100000000 tokens: 1E+400");
        assertThat(parser.parse(DESIGN_SAMPLE.replace("\"input_tokens\": 1200", "\"input_tokens\": -1e2")).rejection().reason())
                .isEqualTo("usage.input_tokens: must not be negative: -1E+2");
        String details = DESIGN_SAMPLE.replace("\"output_tokens\": 340,", "\"output_tokens\": 340, \"output_tokens_details\": %s,");
        assertThat(parser.parse(details.formatted("{\"thinking_tokens\": 100}")).isValid()).isTrue();
        assertThat(parser.parse(details.formatted("null")).isValid()).isTrue();
        assertThat(parser.parse(details.formatted("{\"reasoning_tokens\": 1}")).rejection().reason())
                .isEqualTo("usage.output_tokens_details.reasoning_tokens: unknown field");
        assertThat(parser.parse(details.formatted("{\"thinking_tokens\": -1}")).rejection().reason())
                .isEqualTo("usage.output_tokens_details.thinking_tokens: must not be negative: -1");
        UsageEventParser lenient = new UsageEventParser(PriceBook.load(null), SourceCatalog.load(null), Clock.fixed(NOW, ZoneOffset.UTC),
                UsageEventParser.DEFAULT_MAX_TOKENS_PER_COUNT, java.util.Set.of("output_tokens_details.reasoning_tokens"));
        assertThat(lenient.parse(details.formatted("{\"reasoning_tokens\": 1}")).isValid()).isTrue();
    }

    @Test
    void theDocumentAsAWholeIsJudgedFirst() {
        assertThat(parser.parse("[1, 2]").rejection().reason()).isEqualTo("the event must be a JSON object, got array");
        assertThat(parser.parse((com.fasterxml.jackson.databind.JsonNode) null).rejection().reason())
                .isEqualTo("the event must be a JSON object, got nothing");
        assertThat(parser.parse(DESIGN_SAMPLE + " {}").rejection().reason()).isEqualTo("trailing content after the JSON value");
        assertThat(parser.parse("{\"eventId\": ").rejection().reason()).startsWith("malformed JSON: ");
        assertThat(parser.parse("   ").rejection().reason()).isEqualTo("empty body");
        assertThat(parser.parse(new com.fasterxml.jackson.databind.ObjectMapper().valueToTree(java.util.Map.of("eventId", "e"))).rejection()
                .reason()).isEqualTo("accountId: missing");
        assertThatThrownBy(() -> new UsageEventParser(PriceBook.load(null), SourceCatalog.load(null), Clock.fixed(NOW, ZoneOffset.UTC), 0))
                .hasMessageContaining("must be positive: 0");
        assertThat(new UsageEventParser(PriceBook.load(null), SourceCatalog.load(null), Clock.fixed(NOW, ZoneOffset.UTC), 1)
                .parse(DESIGN_SAMPLE).rejection().reason()).isEqualTo("usage.input_tokens: more than 1 tokens: 1200");
    }

    @Test
    void eightTagsAreTheMostAndNoneIsNone() {
        StringBuilder eight = new StringBuilder();
        for (int i = 0; i < 8; i++) {
            eight.append(i == 0 ? "" : ", ").append("\"k").append(i).append("\": \"v\"");
        }
        String tagged = DESIGN_SAMPLE.replace("\"serviceTier\": \"standard\",", "\"serviceTier\": \"standard\", \"tags\": {%s},");
        assertThat(parser.parse(tagged.formatted(eight)).event().event().tags().values()).hasSize(8);
        assertThat(parser.parse(tagged.formatted(eight + ", \"k8\": \"v\"")).rejection().reason()).isEqualTo("tags: more than 8 entries: 9");
        assertThat(parser.parse(DESIGN_SAMPLE).event().event().tags()).isEqualTo(dev.metering.core.budget.Tags.NONE);
        assertThat(parser.parse(DESIGN_SAMPLE.replace("\"serviceTier\": \"standard\",", "\"serviceTier\": \"standard\", \"tags\": null,"))
                .event().event().tags()).isEqualTo(dev.metering.core.budget.Tags.NONE);
    }

    @Test
    void aLongValueIsClippedInTheReasonAtEightyCharacters() {
        String eighty = "x".repeat(80);
        assertThat(parser.parse(DESIGN_SAMPLE.replace("claude-sonnet-4-6", eighty)).rejection().reason())
                .isEqualTo("model: unknown model '" + eighty + "'");
        assertThat(parser.parse(DESIGN_SAMPLE.replace("claude-sonnet-4-6", eighty + "y")).rejection().reason())
                .isEqualTo("model: unknown model '" + eighty + "...'");
    }

    @Test
    void occurredAtTakesTheSchemasFormOnly() {
        for (String good : new String[] {"2026-11-26T20:00:00Z", "2026-11-26T20:00:00.123456789Z", "2026-11-26T21:00:00+01:00"}) {
            assertThat(parser.parse(DESIGN_SAMPLE.replace("2026-11-26T20:00:00Z", good)).isValid()).as(good).isTrue();
        }
        for (String bad : new String[] {"2026-11-26T20:00Z", "2026-11-26t20:00:00z", "2026-11-26T20:00:00+0100", "2026-02-30T00:00:00Z",
                "2026-11-26T20:00:00.1234567891Z", "2026-11-26T20:00:00"}) {
            assertThat(parser.parse(DESIGN_SAMPLE.replace("2026-11-26T20:00:00Z", bad)).rejection().reason()).as(bad)
                    .isEqualTo("occurredAt: not an ISO-8601 instant with offset: '" + bad + "'");
        }
    }

    @Test
    void theDesignSampleIsPricedAndClassified() {
        UsageEventParser.Result result = parser.parse(DESIGN_SAMPLE);
        assertThat(result.isValid()).isTrue();
        MeteredEvent metered = result.event();
        assertThat(metered.pool()).isEqualTo(PoolKind.PROGRAMMATIC);
        assertThat(metered.event().usage()).isEqualTo(new TokenUsage(1200, 340, 0, 0, 5000));
        assertThat(metered.event().serviceTier()).isEqualTo(ServiceTier.STANDARD);
        assertThat(metered.cost().total().toUsdString()).isEqualTo("0.010200000");
    }

    @Test
    void cacheWritesWithoutASplitAreFiveMinuteWrites() {
        UsageEventParser.Result result = parser.parse("""
                {"eventId": "e1", "accountId": "a1", "occurredAt": "2026-11-26T20:00:00Z", "source": "agent-sdk",
                 "model": "claude-haiku-4-5", "usage": {"input_tokens": 0, "output_tokens": 0, "cache_creation_input_tokens": 100}}""");
        assertThat(result.event().event().usage()).isEqualTo(new TokenUsage(0, 0, 100, 0, 0));
        assertThat(result.event().cost().total().nanos()).isEqualTo(100 * 1250);
    }

    @Test
    void anOffsetTimestampIsTheSameInstant() {
        UsageEventParser.Result result = parser.parse(DESIGN_SAMPLE.replace("2026-11-26T20:00:00Z", "2026-11-26T21:00:00+01:00"));
        assertThat(result.event().event().occurredAt()).isEqualTo(Instant.parse("2026-11-26T20:00:00Z"));
    }

    @Test
    void fiveMinutesAheadIsAcceptedAndOneSecondMoreIsNot() {
        assertThat(parser.parse(DESIGN_SAMPLE.replace("2026-11-26T20:00:00Z", "2026-11-26T20:35:00Z")).isValid()).isTrue();
        UsageEventParser.Result tooFar = parser.parse(DESIGN_SAMPLE.replace("2026-11-26T20:00:00Z", "2026-11-26T20:35:01Z"));
        assertThat(tooFar.rejection().field()).isEqualTo("occurredAt");
    }

    @Test
    void anInstantBeforeTheYear2000IsRefusedByItsDateNotByTheLackOfAPrice() {
        assertThat(parser.parse(DESIGN_SAMPLE.replace("2026-11-26T20:00:00Z", "2000-01-01T00:00:00Z")).rejection().field())
                .as("a date the rules accept, which the book has no price for").isEqualTo("model");
        UsageEventParser.Result epoch = parser.parse(DESIGN_SAMPLE.replace("2026-11-26T20:00:00Z", "1999-12-31T23:59:59Z"));
        assertThat(epoch.rejection().field()).isEqualTo("occurredAt");
        assertThat(epoch.rejection().problem()).startsWith("before 2000-01-01T00:00:00Z");
    }

    @Test
    void aRejectionKeepsTheIdsItCouldRead() {
        UsageEventParser.Result result = parser.parse(DESIGN_SAMPLE.replace("claude-sonnet-4-6", "claude-sonnet-9"));
        assertThat(result.isValid()).isFalse();
        assertThat(result.rejection().reason()).isEqualTo("model: unknown model 'claude-sonnet-9'");
        assertThat(result.eventId()).isEqualTo("evt_01JDX9V4");
        assertThat(result.accountId()).isEqualTo("acct_42");
    }

    // ---- the whole usage object, as the Messages API returns it ----

    private static final Instant LATER = Instant.parse("2026-12-08T12:00:00Z");
    private final UsageEventParser later = new UsageEventParser(PriceBook.load(null), SourceCatalog.load(null), Clock.fixed(LATER, ZoneOffset.UTC));

    /** A response's usage object forwarded unchanged, every field the API returns present. */
    static final String REAL = """
            {"eventId": "evt_real_1", "accountId": "acct_42", "occurredAt": "2026-12-08T11:59:00Z", "source": "agent-sdk",
             "model": "claude-sonnet-4-5-20250929",
             "usage": {"input_tokens": 2095, "output_tokens": 503, "cache_creation_input_tokens": 2051, "cache_read_input_tokens": 2051,
                       "cache_creation": {"ephemeral_5m_input_tokens": 2051, "ephemeral_1h_input_tokens": 0},
                       "server_tool_use": {"web_search_requests": 2, "web_fetch_requests": 1},
                       "service_tier": "standard", "inference_geo": "global", "speed": "standard",
                       "output_tokens_details": {"thinking_tokens": 120}}}""";

    private UsageEventParser.Result later(String raw) {
        return later.parse(raw);
    }

    @Test
    void aRealUsageObjectIsPricedWhole() {
        UsageEventParser.Result result = later(REAL);
        assertThat(result.isValid()).as(String.valueOf(result.rejection())).isTrue();
        UsageEvent event = result.event().event();
        assertThat(event.model()).as("the canonical id").isEqualTo("claude-sonnet-4-5");
        assertThat(event.usage()).isEqualTo(new TokenUsage(2095, 503, 2051, 0, 2051));
        assertThat(event.webSearches()).isEqualTo(2);
        // 2095 x 3000 + 503 x 15000 + 2051 x 3750 + 2051 x 300 + 2 x 10,000,000
        assertThat(result.event().cost().total().nanos()).isEqualTo(6_285_000L + 7_545_000L + 7_691_250L + 615_300L + 20_000_000L);
    }

    @Test
    void webSearchesAreBilledAndAMisspeltFieldIsNeverPricedAsNothing() {
        assertThat(later(REAL.replace("\"web_search_requests\": 2", "\"web_search_requests\": 0")).event().cost().webSearch().nanos()).isZero();
        assertThat(later(REAL).event().cost().webSearch().toUsdString()).isEqualTo("0.020000000");
        assertThat(later(REAL.replace("\"service_tier\"", "\"web_search_calls\": 3, \"service_tier\"")).rejection().reason())
                .isEqualTo("usage.web_search_calls: unknown field");
        assertThat(later(REAL.replace("\"web_fetch_requests\"", "\"web_search_calls\"")).rejection().reason())
                .isEqualTo("usage.server_tool_use.web_search_calls: unknown field");
        assertThat(later(REAL.replace("\"ephemeral_1h_input_tokens\"", "\"ephemeral_10m_input_tokens\"")).rejection().reason())
                .isEqualTo("usage.cache_creation.ephemeral_10m_input_tokens: unknown field");
        assertThat(later(REAL.replace("\"source\"", "\"tgas\": {}, \"source\"")).rejection().reason()).isEqualTo("tgas: unknown field");
        assertThat(later(REAL.replace("\"server_tool_use\": {", "\"server_tool_use\": [")
                .replace("\"web_fetch_requests\": 1}", "\"web_fetch_requests\": 1]")).rejection().field())
                .as("not JSON at all").isEmpty();
        assertThat(later(REAL.replace("{\"web_search_requests\": 2, \"web_fetch_requests\": 1}", "7")).rejection().reason())
                .isEqualTo("usage.server_tool_use: must be an object");
        assertThat(later(REAL.replace("\"web_search_requests\": 2", "\"web_search_requests\": -2")).rejection().reason())
                .isEqualTo("usage.server_tool_use.web_search_requests: must not be negative: -2");
        assertThat(later(REAL.replace("\"web_fetch_requests\": 1", "\"web_fetch_requests\": 1.5")).rejection().field())
                .isEqualTo("usage.server_tool_use.web_fetch_requests");
    }

    @Test
    void fieldsNamedAsInformationOnlyAreReadAndNotPriced() {
        String withIterations = REAL.replace("\"speed\"", "\"iterations\": [{\"input_tokens\": 1}], \"speed\"")
                .replace("\"web_fetch_requests\": 1", "\"web_fetch_requests\": 1, \"code_execution_requests\": 4");
        assertThat(later(withIterations).rejection().reason()).isEqualTo("usage.server_tool_use.code_execution_requests: unknown field");
        assertThat(later(REAL.replace("\"speed\"", "\"iterations\": [], \"speed\"")).rejection().reason()).isEqualTo("usage.iterations: unknown field");
        UsageEventParser informed = new UsageEventParser(PriceBook.load(null), SourceCatalog.load(null), Clock.fixed(LATER, ZoneOffset.UTC),
                UsageEventParser.DEFAULT_MAX_TOKENS_PER_COUNT, java.util.Set.of("iterations", "server_tool_use.code_execution_requests"));
        UsageEventParser.Result result = informed.parse(withIterations);
        assertThat(result.isValid()).isTrue();
        assertThat(result.event().cost()).isEqualTo(later(REAL).event().cost());
        assertThat(result.event().event().bodyHash()).isEqualTo(later(REAL).event().event().bodyHash());
    }

    @Test
    void nullAtAnyDepthIsAbsent() {
        String nulls = REAL.replace("{\"web_search_requests\": 2, \"web_fetch_requests\": 1}", "{\"web_search_requests\": null}")
                .replace("\"inference_geo\": \"global\"", "\"inference_geo\": null").replace("\"service_tier\": \"standard\"", "\"service_tier\": null")
                .replace("\"speed\": \"standard\"", "\"speed\": null").replace("{\"thinking_tokens\": 120}", "null");
        UsageEventParser.Result result = later(nulls);
        assertThat(result.isValid()).as(String.valueOf(result.rejection())).isTrue();
        assertThat(result.event().event().webSearches()).isZero();
        assertThat(later(REAL.replace("{\"web_search_requests\": 2, \"web_fetch_requests\": 1}", "null")).isValid()).isTrue();
        assertThat(later(REAL.replace("\"inference_geo\": \"global\"", "\"inference_geo\": 7")).rejection().reason())
                .isEqualTo("usage.inference_geo: must be a string, got number");
    }

    @Test
    void theTierComesFromEitherPlaceAndTheyMustAgree() {
        long standard = later(REAL).event().cost().total().nanos();
        UsageEventParser.Result batch = later(REAL.replace("\"service_tier\": \"standard\"", "\"service_tier\": \"batch\""));
        assertThat(batch.event().event().serviceTier()).isEqualTo(ServiceTier.BATCH);
        // Every token rate halved; the web searches' fee is not.
        assertThat(batch.event().cost().total().nanos()).isEqualTo((standard - 20_000_000L) / 2 + 20_000_000L);
        UsageEventParser.Result both = later(REAL.replace("\"service_tier\": \"standard\"", "\"service_tier\": \"batch\"")
                .replace("\"source\"", "\"serviceTier\": \"batch\", \"source\""));
        assertThat(both.event().event().serviceTier()).isEqualTo(ServiceTier.BATCH);
        assertThat(later(REAL.replace("\"source\"", "\"serviceTier\": \"batch\", \"source\"")).rejection().reason())
                .isEqualTo("serviceTier: disagrees with usage.service_tier ('batch' and 'standard')");
        UsageEventParser.Result priority = later(REAL.replace("\"service_tier\": \"standard\"", "\"service_tier\": \"priority\""));
        assertThat(priority.event().event().serviceTier()).isEqualTo(ServiceTier.PRIORITY);
        assertThat(priority.event().cost().total().nanos()).isEqualTo(standard);
        assertThat(later(REAL.replace("\"service_tier\": \"standard\"", "\"service_tier\": \"flex\"")).rejection().reason())
                .isEqualTo("usage.service_tier: unknown tier 'flex' (standard, priority or batch)");
        assertThat(later(REAL.replace("\"source\"", "\"serviceTier\": 1, \"source\"")).rejection().reason())
                .isEqualTo("serviceTier: must be a string");
    }

    @Test
    void usOnlyInferenceIsChargedItsMultiplierAndAnUnknownGeographyIsHeld() {
        String opus = REAL.replace("claude-sonnet-4-5-20250929", "claude-opus-4-7")
                .replace("{\"web_search_requests\": 2, \"web_fetch_requests\": 1}", "null");
        long global = later(opus).event().cost().total().nanos();
        UsageEventParser.Result us = later(opus.replace("\"inference_geo\": \"global\"", "\"inference_geo\": \"us\""));
        assertThat(us.event().event().geo()).isEqualTo(InferenceGeo.US);
        assertThat(us.event().cost().total().nanos()).isEqualTo(global * 11 / 10);
        assertThat(later(opus.replace("\"inference_geo\": \"global\"", "\"inference_geo\": \"eu\"")).rejection().reason())
                .isEqualTo("usage.inference_geo: unknown geography 'eu' (global or us): not priced until the book knows it");
        // Batch, US-only, 5-minute writes: 3437.5 nano-dollars a token, held rather than rounded.
        UsageEventParser.Result held = later(opus.replace("\"inference_geo\": \"global\"", "\"inference_geo\": \"us\"")
                .replace("\"service_tier\": \"standard\"", "\"service_tier\": \"batch\""));
        assertThat(held.rejection().field()).isEqualTo("model");
        assertThat(held.rejection().problem()).contains("batch+us 5-minute cache writes");
    }

    @Test
    void aSpeedTheBookCannotPriceIsHeldByName() {
        assertThat(later(REAL.replace("\"speed\": \"standard\"", "\"speed\": \"fast\"")).rejection().reason())
                .isEqualTo("usage.speed: 'fast' is not priced by the book (standard only)");
    }

    @Test
    void longContextCountsCacheReadsAndIsStrictlyAbove() {
        String sonnet = """
                {"eventId": "lc", "accountId": "a", "occurredAt": "2026-12-08T11:00:00Z", "source": "agent-sdk", "model": "claude-sonnet-4-5",
                 "usage": {"input_tokens": 10000, "output_tokens": 1000, "cache_read_input_tokens": %d}}""";
        // 210,000 with the cache reads: every rate from the long-context set.
        assertThat(later(sonnet.formatted(200_000)).event().cost().total().nanos()).isEqualTo(10_000L * 6000 + 1_000L * 22500 + 200_000L * 600);
        assertThat(later(sonnet.formatted(190_000)).event().cost().total().nanos()).isEqualTo(10_000L * 3000 + 1_000L * 15000 + 190_000L * 300);
        // Without cache_creation_input_tokens, the split's writes count.
        String split = """
                {"eventId": "lc", "accountId": "a", "occurredAt": "2026-12-08T11:00:00Z", "source": "agent-sdk", "model": "claude-sonnet-4-0",
                 "usage": {"input_tokens": 1, "output_tokens": 0, "cache_creation": {"ephemeral_1h_input_tokens": 200000}}}""";
        assertThat(later(split).event().cost().total().nanos()).isEqualTo(6000L + 200_000L * 12000);
    }

    @Test
    void theCurrentGenerationIsPricedAndAnyIdOfAModelIsTheSameEvent() {
        UsageEventParser.Result sonnet5 = later(REAL.replace("claude-sonnet-4-5-20250929", "claude-sonnet-5"));
        assertThat(sonnet5.event().event().model()).isEqualTo("claude-sonnet-5");
        String alias = later(REAL.replace("claude-sonnet-4-5-20250929", "claude-sonnet-4-5")).event().event().bodyHash();
        assertThat(later(REAL).event().event().bodyHash()).isEqualTo(alias);
        assertThat(later(REAL.replace("claude-sonnet-4-5-20250929", "claude-sonnet-4-5-20250930")).rejection().reason())
                .isEqualTo("model: unknown model 'claude-sonnet-4-5-20250930'");
    }

    @Test
    void fieldsAtTheirDefaultsLeaveTheBodyHashAsItWasBeforeTheyWereRead() {
        // The hash as recorded before the whole usage object was read: these ten lines, nothing more.
        String recorded = dev.metering.core.data.Sha256.hex(String.join("\n", "acct_42", "2026-11-26T20:00:00Z", "claude-code-headless",
                "claude-sonnet-4-6", "STANDARD", "1200", "340", "0", "0", "5000"));
        assertThat(parser.parse(DESIGN_SAMPLE).event().event().bodyHash()).isEqualTo(recorded);
        String defaults = DESIGN_SAMPLE.replace("\"cache_read_input_tokens\": 5000,", "\"cache_read_input_tokens\": 5000, \"inference_geo\": \"global\","
                + " \"server_tool_use\": {\"web_search_requests\": 0, \"web_fetch_requests\": 3}, \"service_tier\": \"standard\","
                + " \"speed\": \"standard\", \"output_tokens_details\": {\"thinking_tokens\": 9},");
        assertThat(parser.parse(defaults).event().event().bodyHash()).isEqualTo(recorded);
        assertThat(later.parse(REAL.replace("\"inference_geo\": \"global\"", "\"inference_geo\": \"us\"")).event().event().bodyHash())
                .isNotEqualTo(later.parse(REAL).event().event().bodyHash());
        assertThat(later.parse(REAL.replace("\"web_search_requests\": 2", "\"web_search_requests\": 3")).event().event().bodyHash())
                .isNotEqualTo(later.parse(REAL).event().event().bodyHash());
        assertThat(later.parse(REAL.replace("\"service_tier\": \"standard\"", "\"service_tier\": \"priority\"")).event().event().bodyHash())
                .isNotEqualTo(later.parse(REAL).event().event().bodyHash());
    }

    @Test
    void tagsAreReadAndBadOnesRefusedByTheirKey() {
        String tagged = REAL.replace("\"source\"", "\"tags\": {\"team\": \"search\", \"pipeline\": \"ci/nightly@main\"}, \"source\"");
        UsageEventParser.Result ok = later(tagged);
        assertThat(ok.event().event().tags().values()).containsExactly(java.util.Map.entry("pipeline", "ci/nightly@main"),
                java.util.Map.entry("team", "search"));
        assertThat(ok.event().event().bodyHash()).as("tags are part of the body").isNotEqualTo(later(REAL).event().event().bodyHash());
        assertThat(later(tagged.replace("\"team\": \"search\", \"pipeline\"", "\"pipeline\"")).event().event().bodyHash())
                .isNotEqualTo(ok.event().event().bodyHash());
        UsageEventParser.Result reordered = later(REAL.replace("\"source\"", "\"tags\": {\"pipeline\": \"ci/nightly@main\", \"team\": \"search\"}, \"source\""));
        assertThat(reordered.event().event().tags()).as("in key order or not, the same tags").isEqualTo(ok.event().event().tags());
        assertThat(reordered.event().event().bodyHash()).isEqualTo(ok.event().event().bodyHash());
        assertThat(later(tagged.replace("\"team\": \"search\"", "\"team\": \"ranking\"")).event().event().tags().values())
                .containsExactly(java.util.Map.entry("pipeline", "ci/nightly@main"), java.util.Map.entry("team", "ranking"));
        assertThat(later(REAL.replace("\"source\"", "\"tags\": {}, \"source\"")).event().event().bodyHash())
                .as("no tags add nothing").isEqualTo(later(REAL).event().event().bodyHash());
        assertThat(later(REAL.replace("\"source\"", "\"tags\": null, \"source\"")).isValid()).isTrue();
        assertThat(later(REAL.replace("\"source\"", "\"tags\": {\"Team\": \"x\"}, \"source\"")).rejection().reason())
                .isEqualTo("tags.Team: the key must be 1-32 characters of [a-z0-9_.-], the first a letter");
        assertThat(later(REAL.replace("\"source\"", "\"tags\": {\"team\": \"a b\"}, \"source\"")).rejection().reason())
                .isEqualTo("tags.team: the value must be 1-128 characters of [A-Za-z0-9._:/@-]: 'a b'");
        assertThat(later(REAL.replace("\"source\"", "\"tags\": {\"team\": 7}, \"source\"")).rejection().reason())
                .isEqualTo("tags.team: must be a string, got number");
        assertThat(later(REAL.replace("\"source\"", "\"tags\": [\"team\"], \"source\"")).rejection().reason())
                .isEqualTo("tags: must be an object");
        StringBuilder nine = new StringBuilder();
        for (int i = 0; i < 9; i++) {
            nine.append(i == 0 ? "" : ", ").append("\"k").append(i).append("\": \"v\"");
        }
        assertThat(later(REAL.replace("\"source\"", "\"tags\": {" + nine + "}, \"source\"")).rejection().reason())
                .isEqualTo("tags: more than 8 entries: 9");
        assertThat(later(REAL.replace("\"source\"", "\"tags\": {\"" + "k".repeat(33) + "\": \"v\"}, \"source\"")).rejection().field())
                .startsWith("tags.k");
        assertThat(later(REAL.replace("\"source\"", "\"tags\": {\"team\": \"" + "v".repeat(129) + "\"}, \"source\"")).rejection().field())
                .isEqualTo("tags.team");
    }

    @Test
    void aBookPassedInPricesInsteadOfTheOneBuiltWith() {
        PriceBook other = PriceBook.parse(new java.io.StringReader("2026-01-01T00:00:00Z,claude-new-model,2,2,2,2,2\n"), "runtime");
        String raw = REAL.replace("claude-sonnet-4-5-20250929", "claude-new-model").replace("{\"web_search_requests\": 2, \"web_fetch_requests\": 1}", "null");
        assertThat(later.parse(raw).rejection().reason()).isEqualTo("model: unknown model 'claude-new-model'");
        assertThat(later.parse(raw, other).event().cost().total().nanos()).isEqualTo((2095L + 503 + 2051 + 2051) * 2000);
    }

    @Provide
    Arbitrary<String> garbage() {
        Arbitrary<String> mutated = Arbitraries.integers().between(0, DESIGN_SAMPLE.length() - 1).flatMap(cut ->
                Arbitraries.strings().ofMaxLength(8).map(noise -> DESIGN_SAMPLE.substring(0, cut) + noise + DESIGN_SAMPLE.substring(cut + 1)));
        return Arbitraries.oneOf(Arbitraries.strings().ofMaxLength(200), mutated);
    }

    @Property(tries = 3000)
    void anyInputYieldsAnEventOrAReasonAndNeverAnException(@ForAll("garbage") String raw) {
        UsageEventParser.Result result = parser.parse(raw);
        assertThat(result.isValid()).isNotEqualTo(result.rejection() != null);
        if (!result.isValid()) {
            assertThat(result.rejection().reason()).isNotBlank();
        } else {
            assertThat(result.event().cost().total().isNegative()).isFalse();
        }
    }
}
