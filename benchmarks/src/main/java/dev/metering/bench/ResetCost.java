package dev.metering.bench;

import dev.metering.bench.RequestCounter.Snapshot;
import dev.metering.core.cycle.CycleOpening;
import dev.metering.store.recording.IncomingEvent;
import dev.metering.store.recording.RecordStatus;
import dev.metering.store.Deadline;
import dev.metering.store.reset.MonthlyReset;
import dev.metering.store.reset.ResetReport;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.Put;
import software.amazon.awssdk.services.dynamodb.model.TransactWriteItem;

/**
 * The monthly reset over accounts that are all due: closes per second, item writes and round trips
 * per close. The baseline is the engine's own ceiling for the same number of transactions of the
 * same width, with no reads and no logic: what a close could cost at best on this engine.
 */
final class ResetCost {

    private static final Instant CREATED = Instant.parse("2027-05-10T00:00:00Z");
    private static final Instant ANCHOR = Instant.parse("2027-04-20T06:00:00Z");
    private static final Instant AS_OF = Instant.parse("2027-05-20T08:00:00Z");

    record Result(ResetReport report, Snapshot counted, Duration took, int width, Duration baseline, Map<String, Integer> largestItems) {
        double closesPerSecond() {
            return report.cyclesClosed() / (took.toNanos() / 1e9);
        }

        double writesPerClose() {
            return (double) counted.itemWrites() / report.cyclesClosed();
        }

        double roundTripsPerClose() {
            return (double) counted.roundTrips() / report.cyclesClosed();
        }

        double baselinePerSecond() {
            return report.cyclesClosed() / (baseline.toNanos() / 1e9);
        }
    }

    private ResetCost() {}

    /** Every tenth account ran past its credit into extra usage, so its close also writes an invoice line by model. */
    static Result measure(int accounts) {
        try (BenchTable table = new BenchTable("bench-reset", Clock.fixed(CREATED, ZoneOffset.UTC))) {
            table.createAccounts(accounts, ANCHOR);
            List<IncomingEvent> usage = new ArrayList<>();
            for (int i = 0; i < accounts; i += 10) {
                // Twice 75M haiku input tokens (an event holds at most 100M of a type) = $150: the $100 credit, then $50 of extra usage.
                for (String part : List.of("a", "b")) {
                    usage.add(new IncomingEvent("u" + i + part, BenchTable.usage("pre-" + i + part, BenchTable.accountId(i),
                            CREATED.minusSeconds(60), 75_000_000)));
                }
            }
            usage.forEach(e -> {
                if (table.recorder().record(List.of(e)).get(0).status() != RecordStatus.APPLIED) {
                    throw new IllegalStateException("setup event not applied: " + e.deliveryId());
                }
            });
            MonthlyReset reset = new MonthlyReset(table.countedStore(), new CycleOpening(table.catalogs.plans()),
                    MonthlyReset.DEFAULT_GRACE, Clock.fixed(AS_OF, ZoneOffset.UTC));
            Snapshot before = table.counter.snapshot();
            long started = System.nanoTime();
            ResetReport report = reset.run(AS_OF, false, Deadline.none());
            Duration took = Duration.ofNanos(System.nanoTime() - started);
            Snapshot counted = table.counter.snapshot().minus(before);
            if (report.cyclesClosed() != accounts) {
                throw new IllegalStateException("expected " + accounts + " closes, the reset reported " + report);
            }
            int width = (int) Math.round((double) counted.itemWrites() / Math.max(1, counted.transactions()));
            Map<String, Integer> largest = largestItems(table);
            return new Result(report, counted, took, width, bareTransactions(table, accounts, width), largest);
        }
    }

    /** The largest item of each kind in the table after the reset: what the capacity arithmetic needs. */
    private static Map<String, Integer> largestItems(BenchTable table) {
        Map<String, Integer> largest = new TreeMap<>();
        table.setupClient().scanPaginator(b -> b.tableName(table.name)).items().forEach(item -> {
            String sk = item.get("sk").s();
            String kind = sk.equals("ACCOUNT") ? "account" : sk.startsWith("EVT#") ? "debit entry"
                    : sk.startsWith("ENTRY#") ? "grant entry" : sk.startsWith("USAGE#") ? "usage cell" : !sk.startsWith("CYCLE#") ? "other"
                    : item.containsKey("closedAt") ? "closed cycle (with its expiry entry)" : "open cycle";
            largest.merge(kind, ItemSize.of(item), Math::max);
        });
        return largest;
    }

    /** {@code count} transactions of {@code width} new items each, back to back. */
    private static Duration bareTransactions(BenchTable table, int count, int width) {
        long started = System.nanoTime();
        for (int t = 0; t < count; t++) {
            List<TransactWriteItem> items = new ArrayList<>(width);
            String pk = "BASELINE#" + t;
            for (int i = 0; i < width; i++) {
                items.add(TransactWriteItem.builder().put(Put.builder().tableName(table.name)
                        .item(Map.of("pk", AttributeValue.fromS(pk), "sk", AttributeValue.fromS("ITEM#" + i),
                                "payload", AttributeValue.fromS(UUID.randomUUID().toString())))
                        .conditionExpression("attribute_not_exists(pk)").build()).build());
            }
            table.setupClient().transactWriteItems(b -> b.transactItems(items));
        }
        return Duration.ofNanos(System.nanoTime() - started);
    }
}
