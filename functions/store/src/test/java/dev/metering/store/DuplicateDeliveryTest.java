package dev.metering.store;

import static org.assertj.core.api.Assertions.assertThat;

import dev.metering.core.cycle.CyclePools;
import dev.metering.core.ledger.EntryKind;
import dev.metering.core.money.Money;
import dev.metering.store.recording.RecordResult;
import dev.metering.store.recording.RecordStatus;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/** At-least-once delivery: 500 events, each delivered three times, shuffled across concurrent writers. */
class DuplicateDeliveryTest {

    @Test
    void everyEventIsCountedExactlyOnce() throws Exception {
        Instant now = Instant.now();
        try (StoreFixture fixture = new StoreFixture("duplicates", Clock.systemUTC())) {
            fixture.claimedAccount("acct_dup", "max-20x", now.minus(Duration.ofDays(10)), false, null);

            List<String> deliveries = new ArrayList<>();
            for (int i = 0; i < 500; i++) {
                // haiku-4-5: (i + 1) x 1000 input nano-dollars, so each event's cost is distinct.
                String body = Events.usage("dup-" + i, "acct_dup", now.minusSeconds(30), "agent-sdk", "claude-haiku-4-5", i + 1, 0);
                deliveries.add(body);
                deliveries.add(body);
                deliveries.add(body);
            }
            Collections.shuffle(deliveries, new Random(42));
            int writers = 16;
            List<List<String>> perWriter = new ArrayList<>();
            for (int w = 0; w < writers; w++) {
                perWriter.add(new ArrayList<>());
            }
            for (int i = 0; i < deliveries.size(); i++) {
                perWriter.get(i % writers).add(deliveries.get(i));
            }

            List<RecordResult> results = Writers.run(fixture, perWriter, 10);

            Map<RecordStatus, Long> counts = results.stream().collect(Collectors.groupingBy(RecordResult::status, Collectors.counting()));
            assertThat(counts).containsEntry(RecordStatus.APPLIED, 500L).containsEntry(RecordStatus.DUPLICATE, 1000L);
            assertThat(results.stream().filter(r -> r.status() == RecordStatus.APPLIED).map(RecordResult::eventId).distinct().count())
                    .isEqualTo(500);
            Instant cycle = fixture.store().findAccount("acct_dup").orElseThrow().calendar().cycleContaining(now).start();
            CyclePools pools = fixture.assertInvariants("acct_dup", cycle);
            // sum of (i + 1) x 1000 for i < 500 = 125,250,000 nano-dollars
            assertThat(pools.programmatic().used()).isEqualTo(Money.ofNanos(125_250_000L));
            assertThat(fixture.store().ledger("acct_dup", cycle).stream().filter(e -> e.kind() == EntryKind.DEBIT).count()).isEqualTo(500);
        }
    }
}
