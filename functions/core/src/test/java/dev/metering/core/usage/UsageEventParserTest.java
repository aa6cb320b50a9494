package dev.metering.core.usage;

import static org.assertj.core.api.Assertions.assertThat;

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
