package dev.metering.store.priming;

import static org.assertj.core.api.Assertions.assertThat;

import dev.metering.store.Catalogs;
import dev.metering.store.MeteringStore;
import dev.metering.store.StoreConfig;
import dev.metering.store.recording.IncomingEvent;
import dev.metering.store.recording.RecordStatus;
import dev.metering.store.recording.Recording;
import java.time.Clock;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Priming runs the store's paths in process only: its client answers every call itself, with nothing stored. */
class StorePrimingTest {

    @Test
    void theCannedClientAnswersEveryCallWithNothingStored() {
        try (var canned = StorePriming.cannedClient()) {
            MeteringStore store = new MeteringStore(canned, StoreConfig.defaults("any-table"));
            assertThat(store.findAccount("acct_1")).isEmpty();
            assertThat(store.seats("org_1")).isEmpty();
            var recorded = Recording.recorder(canned, StoreConfig.defaults("any-table"), Catalogs.bundled(), Clock.systemUTC())
                    .record(List.of(new IncomingEvent("d1", "{\"eventId\": \"e1\", \"accountId\": \"acct_1\", \"occurredAt\": \"2026-01-14T00:00:00Z\", "
                            + "\"source\": \"agent-sdk\", \"model\": \"claude-haiku-4-5\", \"usage\": {\"input_tokens\": 1}}")));
            assertThat(recorded).extracting(r -> r.status()).as("an account no table holds").containsExactly(RecordStatus.QUARANTINED);
        }
    }

    @Test
    void theWholePrimingRunsWithoutAnEngineOrANetwork() {
        StorePriming.exercise(Catalogs.bundled());
        StorePriming.afterRestore();
    }
}
