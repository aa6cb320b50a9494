package dev.metering.store;

import static org.assertj.core.api.Assertions.assertThat;

import dev.metering.core.cycle.BillingCalendar;
import dev.metering.core.cycle.Cycle;
import dev.metering.core.cycle.CyclePools;
import dev.metering.core.ledger.LedgerEntry;
import dev.metering.core.money.Money;
import dev.metering.store.accounts.AccountService;
import dev.metering.store.item.CycleItem;
import dev.metering.store.item.LedgerEntryItem;
import dev.metering.store.recording.IncomingEvent;
import dev.metering.store.recording.RecordResult;
import dev.metering.store.recording.RecordStatus;
import dev.metering.store.recording.Recording;
import dev.metering.store.reset.ResetReport;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/** The monthly reset over many accounts, anchors and time zones, closing each cycle exactly once. */
class MonthlyResetTest {

    private static final Instant CREATED = Instant.parse("2027-02-15T12:00:00Z");
    private static final Duration GRACE = Duration.ofHours(1);

    /** Four kinds of anchor: the 31st, a local time that DST skips in March, a zone east of UTC, the 1st. */
    private static final List<ZoneId> ZONES = List.of(ZoneOffset.UTC, ZoneId.of("America/Los_Angeles"), ZoneId.of("Asia/Tokyo"), ZoneOffset.UTC);
    private static final List<Instant> ANCHORS = List.of(
            Instant.parse("2027-01-31T10:00:00Z"),
            LocalDateTime.parse("2027-01-14T02:30:00").atZone(ZoneId.of("America/Los_Angeles")).toInstant(),
            LocalDateTime.parse("2027-01-05T00:00:00").atZone(ZoneId.of("Asia/Tokyo")).toInstant(),
            Instant.parse("2027-01-01T00:00:00Z"));

    /** One account in five, claimed and unclaimed alike, of every anchor kind. */
    private static boolean heavy(int i) {
        return i % 5 == 0;
    }

    private record Scan(Map<String, List<LedgerEntry>> expiries, Map<String, Money> invoiced, Map<String, CyclePools> cycles, int items) {}

    private static Scan scan(StoreFixture fixture) {
        Map<String, List<LedgerEntry>> expiries = new HashMap<>();
        Map<String, Money> invoiced = new HashMap<>();
        Map<String, CyclePools> cycles = new HashMap<>();
        AtomicInteger items = new AtomicInteger();
        fixture.client().scanPaginator(b -> b.tableName(fixture.table).consistentRead(true)).items().forEach(item -> {
            items.incrementAndGet();
            String type = item.get("type") == null ? "" : item.get("type").s();
            String account = item.get("pk").s().substring("ACCT#".length());
            if (type.equals("CYCLE")) {
                CyclePools pools = CycleItem.SCHEMA.mapToItem(item).toPools();
                cycles.put(account + "@" + pools.cycle().start(), pools);
            }
            // A closed cycle item is also its cycle's EXPIRY entry (and the only one).
            if (item.containsKey("kind") && "EXPIRY".equals(item.get("kind").s())) {
                LedgerEntry entry = LedgerEntryItem.SCHEMA.mapToItem(item).toEntry();
                expiries.computeIfAbsent(account + "@" + entry.cycleStart(), k -> new ArrayList<>()).add(entry);
                invoiced.put(account + "@" + entry.cycleStart(), Money.ofNanos(Long.parseLong(item.get("invoiceExtraUsage").n())));
            }
        });
        return new Scan(expiries, invoiced, cycles, items.get());
    }

    @Test
    void twoThousandAccountsCloseEachCycleExactlyOnceAndTheReportMatchesTheLedger() {
        int accounts = 2_000;
        try (StoreFixture fixture = new StoreFixture("reset-many", Clock.fixed(CREATED, ZoneOffset.UTC))) {
            AccountService service = fixture.accounts();
            for (int i = 0; i < accounts; i++) {
                int kind = i % 4;
                service.create(new AccountService.NewAccount("acct_" + i, "pro", "org_" + (i % 7), ANCHORS.get(kind), ZONES.get(kind),
                        heavy(i), null));
                if (i % 2 == 0) {
                    service.claimCredit("acct_" + i);
                }
            }
            // Heavy accounts (extra usage on) spend $22.50 of opus-4-1 output: $20 credit and $2.50 extra
            // usage when claimed (even i), all $22.50 as extra usage when not.
            List<IncomingEvent> usage = new ArrayList<>();
            for (int i = 0; i < accounts; i += 5) {
                usage.add(new IncomingEvent("u" + i, Events.usage("big-" + i, "acct_" + i, CREATED.minusSeconds(60), "agent-sdk",
                        "claude-opus-4-1", 0, 300_000)));
            }
            List<RecordResult> recorded = Recording.recorder(fixture.client(), fixture.config, fixture.catalogs,
                    Clock.fixed(CREATED, ZoneOffset.UTC)).record(usage);
            assertThat(recorded).allMatch(r -> r.status() == RecordStatus.APPLIED);

            // The scheduler fires just after each cycle end plus the grace period, through mid-April.
            TreeSet<Instant> runs = new TreeSet<>();
            for (int kind = 0; kind < 4; kind++) {
                BillingCalendar calendar = new BillingCalendar(ANCHORS.get(kind), ZONES.get(kind));
                Cycle cycle = calendar.cycleContaining(CREATED);
                for (int k = 0; k < 2; k++) {
                    runs.add(cycle.end().plus(GRACE).plusSeconds(60));
                    cycle = calendar.next(cycle);
                }
            }
            ResetFixture reset = new ResetFixture(fixture);
            long closed = 0;
            Money expired = Money.ZERO;
            Money billed = Money.ZERO;
            for (Instant run : runs) {
                ResetReport report = reset.run(run);
                assertThat(report.remaining()).isZero();
                assertThat(report.alreadyClosed()).isZero();
                closed += report.cyclesClosed();
                expired = expired.plus(report.creditExpired());
                billed = billed.plus(report.extraUsageBilled());
                System.out.printf("reset at %s: %s%n", run, report);
            }

            Scan after = scan(fixture);
            assertThat(closed).isEqualTo(2L * accounts);
            assertThat(after.expiries()).hasSize(2 * accounts).allSatisfy((cycle, entries) -> assertThat(entries).hasSize(1));
            Money ledgerExpired = after.expiries().values().stream().map(e -> e.get(0).credit()).reduce(Money.ZERO, Money::plus);
            Money ledgerBilled = after.invoiced().values().stream().reduce(Money.ZERO, Money::plus);
            assertThat(expired).isEqualTo(ledgerExpired);
            assertThat(billed).isEqualTo(ledgerBilled);
            // 1,000 claimed accounts, two cycles of $20 each; the 200 heavy claimed ones spent their first cycle's credit.
            assertThat(ledgerExpired).isEqualTo(Money.ofUsd(20).times(2 * 1000 - 200));
            assertThat(ledgerBilled).isEqualTo(Money.parseUsd("2.5").times(200).plus(Money.parseUsd("22.5").times(200)));

            int open = 0;
            for (CyclePools pools : after.cycles().values()) {
                if (pools.isClosed()) {
                    assertThat(pools.programmatic().remaining()).isEqualTo(Money.ZERO);
                    assertThat(pools.programmatic().granted()).isEqualTo(pools.programmatic().used().plus(pools.programmatic().expired()));
                } else {
                    open++;
                }
            }
            assertThat(open).as("each account has exactly its next cycle open").isEqualTo(accounts);
            for (int i = 0; i < accounts; i += 250) {
                BillingCalendar calendar = fixture.store().findAccount("acct_" + i).orElseThrow().calendar();
                Cycle first = calendar.cycleContaining(CREATED);
                fixture.assertInvariants("acct_" + i, first.start());
                fixture.assertInvariants("acct_" + i, calendar.next(first).start());
            }

            // A second run at the same instant changes nothing.
            ResetReport again = reset.run(runs.last());
            assertThat(again.cyclesClosed()).isZero();
            assertThat(again.creditExpired()).isEqualTo(Money.ZERO);
            assertThat(scan(fixture).items()).isEqualTo(after.items());
            System.out.printf("reset: %d accounts, %d cycles closed over %d runs, %s expired, %s billed; second run: %s%n",
                    accounts, closed, runs.size(), expired.toUsdString(), billed.toUsdString(), again);
        }
    }
}
