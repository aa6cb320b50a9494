package dev.metering.store;

import static org.assertj.core.api.Assertions.assertThat;

import dev.metering.core.money.Money;
import dev.metering.store.QuarantineStore.Quarantined;
import dev.metering.store.accounts.AccountService;
import dev.metering.store.recording.IncomingEvent;
import dev.metering.store.recording.RecordResult;
import dev.metering.store.recording.RecordStatus;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;

/**
 * Every kind of bad input is quarantined with a reason of its own and acknowledged, while the
 * valid events delivered beside it are applied.
 */
class BadInputCorpusTest {

    private static final Instant NOW = Instant.parse("2026-11-26T20:30:00Z");
    private static final String AT = "2026-11-26T20:00:00Z";

    private static String event(String eventId, String accountId, String occurredAt, String source, String model, String tier, String usage) {
        return "{\"eventId\": %s, \"accountId\": %s, \"occurredAt\": %s, \"source\": %s, \"model\": %s, \"serviceTier\": %s, \"usage\": %s}"
                .formatted(eventId, accountId, occurredAt, source, model, tier, usage);
    }

    private static String withUsage(String id, String usage) {
        return event(q(id), q("acct_bad"), q(AT), q("agent-sdk"), q("claude-sonnet-4-6"), q("standard"), usage);
    }

    private static String q(String s) {
        return "\"" + s + "\"";
    }

    private static final String USAGE = "{\"input_tokens\": 10, \"output_tokens\": 5}";

    static Map<String, String> corpus() {
        Map<String, String> bad = new LinkedHashMap<>();
        bad.put("malformed JSON", "{\"eventId\": ");
        bad.put("empty body", "");
        bad.put("array instead of object", "[]");
        bad.put("JSON null", "null");
        bad.put("bare string", "\"hello\"");
        bad.put("trailing tokens", withUsage("e-trailing", USAGE) + " {}");
        bad.put("duplicate field", "{\"eventId\": \"a\", \"eventId\": \"b\"}");
        bad.put("missing eventId", "{\"accountId\": \"acct_bad\", \"occurredAt\": \"" + AT + "\", \"source\": \"agent-sdk\", \"model\": \"claude-sonnet-4-6\", \"usage\": " + USAGE + "}");
        bad.put("eventId a number", event("17", q("acct_bad"), q(AT), q("agent-sdk"), q("claude-sonnet-4-6"), q("standard"), USAGE));
        bad.put("eventId empty", event(q(""), q("acct_bad"), q(AT), q("agent-sdk"), q("claude-sonnet-4-6"), q("standard"), USAGE));
        bad.put("eventId too long", event(q("e".repeat(129)), q("acct_bad"), q(AT), q("agent-sdk"), q("claude-sonnet-4-6"), q("standard"), USAGE));
        bad.put("eventId bad characters", event(q("evt 1"), q("acct_bad"), q(AT), q("agent-sdk"), q("claude-sonnet-4-6"), q("standard"), USAGE));
        bad.put("missing accountId", event(q("e-noacct"), "null", q(AT), q("agent-sdk"), q("claude-sonnet-4-6"), q("standard"), USAGE));
        bad.put("accountId too long", event(q("e-longacct"), q("a".repeat(65)), q(AT), q("agent-sdk"), q("claude-sonnet-4-6"), q("standard"), USAGE));
        bad.put("accountId bad characters", event(q("e-slash"), q("acct/1"), q(AT), q("agent-sdk"), q("claude-sonnet-4-6"), q("standard"), USAGE));
        bad.put("unknown account", event(q("e-ghost"), q("acct_ghost"), q(AT), q("agent-sdk"), q("claude-sonnet-4-6"), q("standard"), USAGE));
        bad.put("missing occurredAt", event(q("e-nowhen"), q("acct_bad"), "null", q("agent-sdk"), q("claude-sonnet-4-6"), q("standard"), USAGE));
        bad.put("occurredAt not a date", event(q("e-yesterday"), q("acct_bad"), q("yesterday"), q("agent-sdk"), q("claude-sonnet-4-6"), q("standard"), USAGE));
        bad.put("occurredAt without offset", event(q("e-local"), q("acct_bad"), q("2026-11-26T20:00:00"), q("agent-sdk"), q("claude-sonnet-4-6"), q("standard"), USAGE));
        bad.put("occurredAt an hour ahead", event(q("e-future"), q("acct_bad"), q("2026-11-26T21:30:00Z"), q("agent-sdk"), q("claude-sonnet-4-6"), q("standard"), USAGE));
        bad.put("missing source", event(q("e-nosource"), q("acct_bad"), q(AT), "null", q("claude-sonnet-4-6"), q("standard"), USAGE));
        bad.put("unknown source", event(q("e-fax"), q("acct_bad"), q(AT), q("fax"), q("claude-sonnet-4-6"), q("standard"), USAGE));
        bad.put("third-party without app", event(q("e-3p"), q("acct_bad"), q(AT), q("third-party:"), q("claude-sonnet-4-6"), q("standard"), USAGE));
        bad.put("source an object", event(q("e-srcobj"), q("acct_bad"), q(AT), "{}", q("claude-sonnet-4-6"), q("standard"), USAGE));
        bad.put("missing model", event(q("e-nomodel"), q("acct_bad"), q(AT), q("agent-sdk"), "null", q("standard"), USAGE));
        bad.put("unknown model", event(q("e-gpt"), q("acct_bad"), q(AT), q("agent-sdk"), q("gpt-4"), q("standard"), USAGE));
        bad.put("no price at that time", event(q("e-1999"), q("acct_bad"), q("1999-12-31T23:00:00Z"), q("agent-sdk"), q("claude-sonnet-4-6"), q("standard"), USAGE));
        bad.put("unknown service tier", event(q("e-prio"), q("acct_bad"), q(AT), q("agent-sdk"), q("claude-sonnet-4-6"), q("flex"), USAGE));
        bad.put("service tier a number", event(q("e-tier1"), q("acct_bad"), q(AT), q("agent-sdk"), q("claude-sonnet-4-6"), "1", USAGE));
        bad.put("missing usage", event(q("e-nousage"), q("acct_bad"), q(AT), q("agent-sdk"), q("claude-sonnet-4-6"), q("standard"), "null"));
        bad.put("usage a string", withUsage("e-usagestr", "\"lots\""));
        bad.put("input_tokens missing", withUsage("e-noinput", "{\"output_tokens\": 5}"));
        bad.put("output_tokens missing", withUsage("e-nooutput", "{\"input_tokens\": 5}"));
        bad.put("negative count", withUsage("e-negative", "{\"input_tokens\": -1, \"output_tokens\": 5}"));
        bad.put("fractional count", withUsage("e-fraction", "{\"input_tokens\": 1, \"output_tokens\": 1.5}"));
        bad.put("count as a string", withUsage("e-countstr", "{\"input_tokens\": \"12\", \"output_tokens\": 5}"));
        bad.put("count beyond 64 bits", withUsage("e-huge", "{\"input_tokens\": 1, \"output_tokens\": 1, \"cache_read_input_tokens\": 9223372036854775808}"));
        bad.put("cost overflow", withUsage("e-overflow", "{\"input_tokens\": 9000000000000000000, \"output_tokens\": 1}"));
        bad.put("cache split disagrees", withUsage("e-split", "{\"input_tokens\": 1, \"output_tokens\": 1, \"cache_creation_input_tokens\": 10, \"cache_creation\": {\"ephemeral_5m_input_tokens\": 3, \"ephemeral_1h_input_tokens\": 3}}"));
        bad.put("cache split not an object", withUsage("e-splitarr", "{\"input_tokens\": 1, \"output_tokens\": 1, \"cache_creation\": [1, 2]}"));
        bad.put("negative 1h cache writes", withUsage("e-neg1h", "{\"input_tokens\": 1, \"output_tokens\": 1, \"cache_creation\": {\"ephemeral_1h_input_tokens\": -4}}"));
        return bad;
    }

    @Test
    void eachKindIsQuarantinedWithItsOwnReasonAndTheValidOnesAreApplied() {
        try (StoreFixture fixture = new StoreFixture("bad-input", Clock.fixed(NOW, ZoneOffset.UTC))) {
            fixture.accounts().create(new AccountService.NewAccount("acct_bad", "pro", null, Instant.parse("2026-11-01T00:00:00Z"),
                    ZoneOffset.UTC, false, null));
            Map<String, String> corpus = corpus();
            List<IncomingEvent> batch = new ArrayList<>();
            batch.add(new IncomingEvent("valid-1", withUsage("e-valid-1", USAGE)));
            corpus.forEach((kind, body) -> batch.add(new IncomingEvent(kind, body)));
            batch.add(new IncomingEvent("valid-2", event(q("e-valid-2"), q("acct_bad"), q(AT), q("claude-desktop"), q("claude-haiku-4-5"),
                    "null", "{\"input_tokens\": 100, \"output_tokens\": 0, \"cache_creation_input_tokens\": null}")));

            List<RecordResult> results = fixture.recorder().record(batch);

            assertThat(results.get(0).status()).isEqualTo(RecordStatus.APPLIED);
            assertThat(results.get(results.size() - 1).status()).isEqualTo(RecordStatus.APPLIED);
            List<RecordResult> rejected = results.subList(1, results.size() - 1);
            assertThat(rejected).hasSize(corpus.size()).allMatch(r -> r.status() == RecordStatus.QUARANTINED);
            Set<String> reasons = new TreeSet<>();
            rejected.forEach(r -> reasons.add(r.reason()));
            assertThat(reasons).as("one distinct reason per kind of bad input").hasSize(corpus.size());
            assertThat(corpus.size()).isGreaterThanOrEqualTo(30);

            List<Quarantined> kept = new QuarantineStore(fixture.client(), fixture.config).since(NOW.minusSeconds(1), 1000);
            assertThat(kept).hasSize(corpus.size());
            assertThat(kept).extracting(Quarantined::raw).containsExactlyInAnyOrderElementsOf(corpus.values());
            assertThat(kept).allMatch(k -> k.seenCount() == 1 && NOW.equals(k.firstSeen()));

            // Redelivering the same bad body is counted on the same quarantine item, not lost and not duplicated.
            fixture.recorder().record(List.of(new IncomingEvent("again", corpus.get("unknown model"))));
            List<Quarantined> afterRedelivery = new QuarantineStore(fixture.client(), fixture.config).since(NOW.minusSeconds(1), 1000);
            assertThat(afterRedelivery).hasSize(corpus.size());
            assertThat(afterRedelivery).filteredOn(k -> k.raw().equals(corpus.get("unknown model"))).singleElement()
                    .extracting(Quarantined::seenCount).isEqualTo(2L);

            Instant cycle = fixture.store().findAccount("acct_bad").orElseThrow().calendar().cycleContaining(NOW).start();
            var pools = fixture.assertInvariants("acct_bad", cycle);
            // sonnet 10 x 3000 + 5 x 15000 = 105,000 (unclaimed: overrun); haiku-4-5 100 x 1000 = 100,000 interactive
            assertThat(pools.programmatic().overrun()).isEqualTo(Money.ofNanos(105_000));
            assertThat(pools.interactive().used()).isEqualTo(Money.ofNanos(100_000));
        }
    }
}
