package dev.metering.store;

import static org.assertj.core.api.Assertions.assertThat;

import dev.metering.core.account.Account;
import dev.metering.core.account.AccountChange;
import dev.metering.core.ledger.EntryKind;
import dev.metering.core.ledger.LedgerEntry;
import dev.metering.core.ledger.LedgerFilter;
import dev.metering.core.money.Money;
import dev.metering.core.price.TokenUsage;
import dev.metering.core.source.PoolKind;
import dev.metering.store.item.AccountItem;
import dev.metering.store.item.LedgerEntryItem;
import dev.metering.store.item.MeteringTable;
import dev.metering.testsupport.DynamoEngine;
import dev.metering.testsupport.ReadCounter;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * What one page costs, counted at the SDK seam, against the worst a table can hold: each test on a
 * table of its own, seeded with batch writes (the engine copies a table on every transaction, so the
 * seeds are not written the way production writes them).
 */
class BoundedWorkTest {

    private static final Instant NOW = Instant.parse("2027-05-20T12:00:00Z");
    private static final Instant CYCLE = Instant.parse("2027-05-01T00:00:00Z");

    private record Counted(MeteringStore store, ReadCounter counter) {}

    private static Counted counted(StoreFixture fixture) {
        ReadCounter counter = new ReadCounter();
        MeteringStore store = new MeteringStore(fixture.track(DynamoEngine.shared().newClient(o -> o.addExecutionInterceptor(counter))),
                fixture.config);
        return new Counted(store, counter);
    }

    @Test
    void aFilteredLedgerPageOverTwentyThousandEntriesReadsAtMostAThousand() {
        StoreFixture fixture = new StoreFixture("bounded-ledger", Clock.fixed(NOW, ZoneOffset.UTC));
        try {
            MeteringTable table = new MeteringTable(fixture.client(), fixture.table);
            List<LedgerEntryItem> entries = new ArrayList<>();
            for (int i = 1; i <= 20_000; i++) {
                LedgerEntry debit = new LedgerEntry("evt:e" + i, EntryKind.DEBIT, PoolKind.PROGRAMMATIC, NOW, CYCLE, Money.ofNanos(1),
                        Money.ZERO, Money.ZERO, "e" + i, "agent-sdk", "claude-sonnet-4-6", NOW, false, Money.ofNanos(1),
                        new TokenUsage(1, 0, 0, 0, 0), null, LedgerEntry.Marks.NONE, "h", null, null);
                entries.add(LedgerEntryItem.of("acct_big", debit.at(new LedgerEntry.Position(100L * i, Money.ofUsd(100)))));
            }
            TableSeed.put(table.enhanced(), table.ledger(), LedgerEntryItem.class, entries);
            Counted c = counted(fixture);
            LedgerFilter expiries = new LedgerFilter(EntryKind.EXPIRY, null, null);

            MeteringStore.Page<LedgerEntry>[] page = new MeteringStore.Page[1];
            ReadCounter.Counts cost = c.counter().during(() -> page[0] = c.store().ledgerPage("acct_big", CYCLE, 1, null, expiries));

            assertThat(page[0].items()).as("no expiry in an open cycle").isEmpty();
            assertThat(page[0].cursor()).as("a page that stopped at its scan limit says where to go on").isNotNull();
            assertThat(cost.calls("Query")).isEqualTo(10);
            assertThat(cost.itemsRead()).isEqualTo(MeteringStore.LEDGER_SCAN_LIMIT);
            System.out.printf("bounded: a ledger page filtered to nothing over 20,000 entries: %d queries, %d items read%n",
                    cost.calls("Query"), cost.itemsRead());
            MeteringStore.Page<LedgerEntry> after = c.store().ledgerPage("acct_big", CYCLE, 1, page[0].cursor(), LedgerFilter.ALL);
            assertThat(after.items()).extracting(LedgerEntry::eventId).as("the next page starts where the scan stopped").containsExactly("e19000");

            List<LedgerEntry> debits = new ArrayList<>();
            String next = null;
            do {
                MeteringStore.Page<LedgerEntry> matches = c.store().ledgerPage("acct_big", CYCLE, 100, next,
                        new LedgerFilter(EntryKind.DEBIT, null, null));
                debits.addAll(matches.items());
                next = matches.cursor();
            } while (next != null && debits.size() < 450);
            assertThat(debits).as("pages of matches, newest first, none twice").hasSize(500).doesNotHaveDuplicates();
            assertThat(debits.get(0).eventId()).isEqualTo("e20000");
        } finally {
            fixture.drop();
        }
    }

    @Test
    void aPageOfTenSeatsOfATwentyThousandSeatOrganizationReadsTenAccounts() {
        StoreFixture fixture = new StoreFixture("bounded-org", Clock.fixed(NOW, ZoneOffset.UTC));
        try {
            MeteringTable table = new MeteringTable(fixture.client(), fixture.table);
            List<AccountItem> seats = new ArrayList<>();
            for (int i = 0; i < 20_000; i++) {
                seats.add(AccountItem.of(new Account("seat_%05d".formatted(i), "org_huge", CYCLE, ZoneOffset.UTC, CYCLE,
                        List.of(AccountChange.plan(CYCLE, CYCLE, "admin", "team-standard"), AccountChange.claim(CYCLE, "admin")), 2)));
            }
            TableSeed.put(table.enhanced(), table.accounts(), AccountItem.class, seats);
            Counted c = counted(fixture);

            MeteringStore.Page<Account>[] page = new MeteringStore.Page[1];
            ReadCounter.Counts cost = c.counter().during(() -> page[0] = c.store().seats("org_huge", 10, null));
            assertThat(page[0].items()).extracting(Account::id).containsExactly("seat_00000", "seat_00001", "seat_00002", "seat_00003",
                    "seat_00004", "seat_00005", "seat_00006", "seat_00007", "seat_00008", "seat_00009");
            assertThat(cost.calls()).containsExactly(java.util.Map.entry("Query", 1L));
            assertThat(cost.itemsRead()).isEqualTo(10);

            MeteringStore.Page<Account> second = c.store().seats("org_huge", 10, page[0].cursor());
            assertThat(second.items().get(0).id()).isEqualTo("seat_00010");
            System.out.printf("bounded: a page of 10 seats of a 20,000-seat organization: %s, %d items read%n", cost.calls(), cost.itemsRead());
        } finally {
            fixture.drop();
        }
    }

    @Test
    void aQuarantinePageOfLargeBodiesStaysUnderFiveMegabytesAndListsEachOnce() throws Exception {
        StoreFixture fixture = new StoreFixture("bounded-quarantine", Clock.fixed(NOW, ZoneOffset.UTC));
        try {
            QuarantineStore quarantine = new QuarantineStore(fixture.client(), fixture.config);
            // Bodies of 64 KiB of control characters: each written out as JSON six times its size.
            for (int i = 0; i < 100; i++) {
                quarantine.quarantine(("%03d".formatted(i)) + "\u0001".repeat(QuarantineStore.MAX_RAW_BYTES), "malformed JSON", null, null, NOW);
            }
            ReadCounter counter = new ReadCounter();
            QuarantineStore counted = new QuarantineStore(fixture.track(DynamoEngine.shared().newClient(o -> o.addExecutionInterceptor(counter))),
                    fixture.config);
            com.fasterxml.jackson.databind.ObjectMapper json = new com.fasterxml.jackson.databind.ObjectMapper();
            java.util.function.ToLongFunction<QuarantineStore.Quarantined> asJson = q -> {
                try {
                    // As the API shows it: its fields, times as text.
                    return json.writeValueAsBytes(java.util.Map.of("id", q.id(), "raw", q.raw(), "truncated", q.truncated(), "reason", q.reason(),
                            "firstSeen", q.firstSeen().toString(), "lastSeen", q.lastSeen().toString(), "count", q.seenCount())).length + 1L;
                } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
                    throw new IllegalStateException(e);
                }
            };

            java.util.Set<String> seen = new java.util.HashSet<>();
            String cursor = null;
            int pages = 0;
            do {
                String from = cursor;
                MeteringStore.Page<QuarantineStore.Quarantined>[] page = new MeteringStore.Page[1];
                ReadCounter.Counts cost = counter.during(() -> page[0] = counted.page(Instant.EPOCH, 100, from, 5_000_000, asJson));
                long bytes = page[0].items().stream().mapToLong(asJson).sum();
                assertThat(bytes).as("a page as JSON").isLessThanOrEqualTo(5_000_000);
                assertThat(page[0].items()).isNotEmpty();
                assertThat(cost.calls()).containsExactly(java.util.Map.entry("Query", 1L));
                page[0].items().forEach(q -> assertThat(seen.add(q.id())).as("listed once").isTrue());
                if (pages++ == 0) {
                    System.out.printf("bounded: a quarantine page of 64 KiB bodies: %d bodies, %d bytes as JSON, %d query%n",
                            page[0].items().size(), bytes, cost.calls("Query"));
                }
                cursor = page[0].cursor();
            } while (cursor != null);
            assertThat(seen).hasSize(100);

            String hugeId = "y".repeat(200_000);
            // A second later than the large bodies, so that the first page from then holds it.
            Instant later = NOW.plusSeconds(1);
            String id = quarantine.quarantine("{\"eventId\": \"" + hugeId + "\"}", "eventId: longer than 128 characters", hugeId, hugeId, later);
            QuarantineStore.Quarantined kept = quarantine.page(later, 100, null, 5_000_000, asJson).items().stream()
                    .filter(q -> q.id().equals(id)).findFirst().orElseThrow();
            assertThat(kept.eventId()).hasSize(128).startsWith("yyy").endsWith(dev.metering.core.data.Sha256.hex(hugeId));
            assertThat(kept.accountId()).isEqualTo(kept.eventId());
        } finally {
            fixture.drop();
        }
    }
}
