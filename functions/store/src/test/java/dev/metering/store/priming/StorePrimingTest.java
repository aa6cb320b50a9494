package dev.metering.store.priming;

import static org.assertj.core.api.Assertions.assertThat;

import dev.metering.core.source.PoolKind;
import dev.metering.core.source.SourceCatalog;
import dev.metering.store.Catalogs;
import dev.metering.store.MeteringStore;
import dev.metering.store.StoreConfig;
import dev.metering.store.recording.IncomingEvent;
import dev.metering.store.recording.RecordResult;
import dev.metering.store.recording.RecordStatus;
import dev.metering.store.recording.Recording;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Priming runs the store's paths in process only: its client answers every call itself, as a table holding one account. */
class StorePrimingTest {

    private final Instant now = Instant.parse("2026-03-10T12:00:00Z");

    @Test
    void thePrimingTableHoldsItsAccountAndNothingElse() {
        try (var client = StorePriming.client(Catalogs.bundled(), now)) {
            MeteringStore store = new MeteringStore(client, StoreConfig.defaults("priming"));
            assertThat(store.findAccount("acct_priming")).hasValueSatisfying(a -> assertThat(a.claimed()).isTrue());
            assertThat(store.findAccounts(List.of("acct_priming", "acct_other"))).containsOnlyKeys("acct_priming");
            assertThat(store.findAccount("acct_other")).isEmpty();
            assertThat(store.seats("org_1", 10, null).items()).isEmpty();
            assertThat(store.findCycle("acct_priming", now)).isEmpty();
        }
    }

    @Test
    void anEventForThePrimingAccountTakesTheDebitPathNotTheQuarantine() {
        try (var client = StorePriming.client(Catalogs.bundled(), now)) {
            List<RecordResult> recorded = Recording.recorder(client, StoreConfig.defaults("priming"), Catalogs.bundled(), Clock.fixed(now.plusSeconds(120), ZoneOffset.UTC))
                    .record(List.of(new IncomingEvent("d1", "{\"eventId\": \"e1\", \"accountId\": \"acct_priming\", \"occurredAt\": \""
                            + now.plusSeconds(60) + "\", \"source\": \"agent-sdk\", \"model\": \"claude-haiku-4-5\", \"usage\": {\"input_tokens\": 1, \"output_tokens\": 1}}")));
            assertThat(recorded).extracting(RecordResult::status).as(recorded.toString()).containsExactly(RecordStatus.APPLIED);
        }
    }

    @Test
    void theWholePrimingRunsWithoutAnEngineOrANetwork() {
        StorePriming.exercise(Catalogs.bundled());
        StorePriming.afterRestore();
    }

    @Test
    void withoutAProgrammaticSourceTheRecordersPathIsLeftOutRatherThanQuarantined() {
        Catalogs bundled = Catalogs.bundled();
        Catalogs interactiveOnly = new Catalogs(bundled.priceBook(), SourceCatalog.of(Map.of("claude-web", PoolKind.INTERACTIVE)),
                bundled.plans(), bundled.maxTokensPerCount());
        assertThat(StorePriming.recording(interactiveOnly)).isFalse();
        assertThat(StorePriming.recording(bundled)).isTrue();
    }
}
