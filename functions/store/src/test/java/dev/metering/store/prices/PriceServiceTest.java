package dev.metering.store.prices;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.metering.core.price.ModelRates;
import dev.metering.core.price.PriceBook;
import dev.metering.core.price.PriceRow;
import dev.metering.store.StoreFixture;
import dev.metering.store.model.MutableClock;
import dev.metering.testsupport.DynamoEngine;
import dev.metering.testsupport.ReadCounter;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;

/** The rules of a price put, against the engine: rows never edited, a priced model only from ahead, ids never moved. */
class PriceServiceTest {

    private static final Instant NOW = Instant.parse("2027-03-10T12:00:00Z");
    private static final ModelRates RATES = ModelRates.of(2000, 8000, 2500, 4000, 200);

    private static PriceService service(StoreFixture fixture, MutableClock clock) {
        return new PriceService(new PriceStore(fixture.client(), fixture.config), fixture.catalogs.priceBook(), clock);
    }

    @Test
    void rowsAreAddedNeverEditedAndTheSameRowAgainChangesNothing() {
        MutableClock clock = new MutableClock(NOW);
        try (StoreFixture fixture = new StoreFixture("prices-rules", clock)) {
            PriceService prices = service(fixture, clock);
            PriceRow past = PriceRow.of("claude-zeta-1", NOW.minus(Duration.ofDays(30)), RATES);
            PriceService.PutResult first = prices.put(past, List.of("claude-zeta-1-20270301"), "ops@example");
            assertThat(first.created()).isTrue();
            assertThat(first.row().by()).isEqualTo("ops@example");
            assertThat(first.row().recordedAt()).isEqualTo(NOW);
            assertThat(first.ids()).containsExactly("claude-zeta-1", "claude-zeta-1-20270301");

            clock.set(NOW.plusSeconds(5));
            PriceService.PutResult again = prices.put(past, List.of("claude-zeta-1-latest"), "someone-else");
            assertThat(again.created()).isFalse();
            assertThat(again.row().by()).as("the row as first put").isEqualTo("ops@example");
            assertThat(again.ids()).containsExactly("claude-zeta-1", "claude-zeta-1-20270301", "claude-zeta-1-latest");

            assertThatThrownBy(() -> prices.put(PriceRow.of("claude-zeta-1", past.effectiveFrom(), ModelRates.of(2000, 8000, 2500, 4000, 100)),
                    List.of(), "ops")).isInstanceOfSatisfying(PriceService.Refused.class, e -> {
                        assertThat(e.conflict()).isTrue();
                        assertThat(e.field()).isEqualTo("effectiveFrom");
                        assertThat(e).hasMessageContaining("rows are never edited");
                    });
            // Now that it has a price, a new one only from ten minutes ahead; a minute less is refused.
            assertThatThrownBy(() -> prices.put(PriceRow.of("claude-zeta-1", clock.instant().plus(Duration.ofMinutes(9)), RATES), List.of(), "ops"))
                    .hasMessageContaining("already has a price: a new one takes effect at least 10 minutes ahead");
            assertThat(prices.put(PriceRow.of("claude-zeta-1", clock.instant().plus(Duration.ofMinutes(10)), ModelRates.of(1000, 4000, 1250, 2000, 100)),
                    List.of(), "ops").created()).isTrue();

            PriceBook book = prices.book();
            assertThat(book.rows("claude-zeta-1")).hasSize(2);
            assertThat(book.resolve("claude-zeta-1-latest")).contains("claude-zeta-1");
        }
    }

    @Test
    void aBundledModelTakesANewRowOnlyFromAheadAndIdsAreNeverMoved() {
        MutableClock clock = new MutableClock(NOW);
        try (StoreFixture fixture = new StoreFixture("prices-bundled", clock)) {
            PriceService prices = service(fixture, clock);
            assertThatThrownBy(() -> prices.put(PriceRow.of("claude-sonnet-5", NOW, RATES), List.of(), "ops"))
                    .hasMessageContaining("claude-sonnet-5 already has a price");
            assertThatThrownBy(() -> prices.put(PriceRow.of("claude-sonnet-4-5-20250929", NOW.plus(Duration.ofHours(1)), RATES), List.of(), "ops"))
                    .isInstanceOfSatisfying(PriceService.Refused.class, e -> assertThat(e.field()).isEqualTo("model"))
                    .hasMessage("claude-sonnet-4-5-20250929 is an id of claude-sonnet-4-5: put its price under claude-sonnet-4-5");
            assertThatThrownBy(() -> prices.put(PriceRow.of("claude-zeta-2", NOW, RATES), List.of("claude-haiku-4-5-20251001"), "ops"))
                    .isInstanceOfSatisfying(PriceService.Refused.class, e -> assertThat(e.field()).isEqualTo("ids"))
                    .hasMessage("claude-haiku-4-5-20251001 already names claude-haiku-4-5 (ids are never moved)");
            assertThatThrownBy(() -> prices.put(PriceRow.of("claude-zeta-2", NOW, RATES), List.of("claude-opus-4-7"), "ops"))
                    .hasMessage("claude-opus-4-7 is another model's canonical id (ids are never moved)");
            assertThat(prices.book().knows("claude-zeta-2")).as("nothing written by a refused put").isFalse();
            // A bundled model's new id, with its row from ahead.
            PriceService.PutResult ahead = prices.put(PriceRow.of("claude-sonnet-5", NOW.plus(Duration.ofMinutes(10)), RATES),
                    List.of("claude-sonnet-5-20260630"), "ops");
            assertThat(ahead.created()).isTrue();
            assertThat(prices.book().resolve("claude-sonnet-5-20260630")).contains("claude-sonnet-5");
        }
    }

    @Test
    void concurrentPutsForAModelWithoutAPriceLetExactlyOneThrough() throws Exception {
        MutableClock clock = new MutableClock(NOW);
        try (StoreFixture fixture = new StoreFixture("prices-race", clock)) {
            ExecutorService pool = Executors.newFixedThreadPool(8);
            try {
                List<Future<Boolean>> outcomes = new ArrayList<>();
                for (int i = 0; i < 8; i++) {
                    // Each at its own past instant: were two let through, events priced with the first could be priced differently now.
                    PriceRow row = PriceRow.of("claude-zeta-3", NOW.minus(Duration.ofHours(i + 1)), RATES);
                    PriceService prices = service(fixture, clock);
                    Callable<Boolean> put = () -> {
                        try {
                            return prices.put(row, List.of(), "ops").created();
                        } catch (PriceService.Refused e) {
                            assertThat(e.conflict()).isTrue();
                            return false;
                        }
                    };
                    outcomes.add(pool.submit(put));
                }
                int created = 0;
                for (Future<Boolean> outcome : outcomes) {
                    created += outcome.get() ? 1 : 0;
                }
                assertThat(created).isEqualTo(1);
                assertThat(service(fixture, clock).book().rows("claude-zeta-3")).hasSize(1);
            } finally {
                pool.shutdownNow();
            }
        }
    }

    @Test
    void readingTheBookIsBoundedWhateverTheTableHolds() {
        MutableClock clock = new MutableClock(NOW);
        try (StoreFixture fixture = new StoreFixture("prices-bound", clock)) {
            PriceStore direct = new PriceStore(fixture.client(), fixture.config);
            // The most the puts let the table hold: a thousand rows (here written directly, under a hundred models).
            for (int i = 0; i < PriceStore.MAX_ROWS; i++) {
                direct.putRow(new PriceRow("claude-load-" + (i % 100), NOW.minus(Duration.ofDays(i / 100 + 1)), RATES,
                        new dev.metering.core.price.LongContext(200_000, RATES), new java.math.BigDecimal("1.1"), PriceRow.DEFAULT_WEB_SEARCH_NANOS_PER_1K,
                        false, NOW, "ops@" + "x".repeat(100)));
            }
            ReadCounter reads = new ReadCounter();
            DynamoDbClient client = fixture.track(DynamoEngine.shared().newClient(c -> c.addExecutionInterceptor(reads)));
            RuntimePrices runtime = new RuntimePrices(new PriceStore(client, fixture.config), fixture.catalogs.priceBook(), clock);
            ReadCounter.Counts cost = reads.during(runtime::current);
            System.out.printf("bounded: the price book with %d rows put at runtime: %d queries, %d items read%n", PriceStore.MAX_ROWS,
                    cost.calls("Query"), cost.itemsRead());
            assertThat(cost.itemsRead()).isEqualTo(PriceStore.MAX_ROWS);
            assertThat(cost.calls("Query")).isLessThanOrEqualTo(2);
            assertThat(runtime.current().rows("claude-load-7")).hasSize(10);
        }
    }
}
