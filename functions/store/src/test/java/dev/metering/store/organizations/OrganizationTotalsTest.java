package dev.metering.store.organizations;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.metering.core.account.Account;
import dev.metering.core.cycle.CreditTotals;
import dev.metering.core.cycle.CycleOpening;
import dev.metering.core.cycle.CyclePools;
import dev.metering.store.Deadline;
import dev.metering.store.Events;
import dev.metering.store.MeteringStore;
import dev.metering.store.StoreFixture;
import dev.metering.store.accounts.AccountService;
import dev.metering.store.model.MutableClock;
import dev.metering.store.recording.IncomingEvent;
import dev.metering.store.recording.RecordStatus;
import dev.metering.store.reset.MonthlyReset;
import dev.metering.store.stream.TableChange;
import dev.metering.testsupport.DynamoEngine;
import dev.metering.testsupport.TableStream;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * An organization's totals kept from the table's stream, as notify keeps them, against the seats'
 * cycles as stored: after usage, settings changes and adjustments, with every record delivered
 * twice, the whole stream replayed and delivered backwards, a seat moved from one organization to
 * another, and the cycles closed and opened anew.
 */
class OrganizationTotalsTest {

    private static final Instant ANCHOR = Instant.parse("2027-06-01T00:00:00Z");
    private static final AtomicInteger EVENTS = new AtomicInteger();

    private MutableClock clock;
    private StoreFixture fixture;
    private MeteringStore store;
    private OrganizationTotals totals;
    private TableStream stream;
    private int applied;

    @BeforeEach
    void table() {
        clock = new MutableClock(ANCHOR.plus(Duration.ofDays(2)));
        fixture = new StoreFixture("org-totals", clock, true);
        store = fixture.store();
        totals = new OrganizationTotals(fixture.client(), store);
        stream = TableStream.of(DynamoEngine.shared(), fixture.table);
    }

    @AfterEach
    void drop() {
        fixture.drop();
    }

    private void seat(String id, String plan, String organization) {
        AccountService accounts = fixture.accounts();
        accounts.put(id, new AccountService.Settings(plan, organization, ANCHOR, ZoneOffset.UTC), "admin");
        accounts.claimCredit(id, id);
    }

    private void spend(String accountId, int events) {
        List<IncomingEvent> batch = new ArrayList<>();
        for (int i = 0; i < events; i++) {
            String id = "e" + EVENTS.incrementAndGet();
            batch.add(new IncomingEvent(id, Events.usage(id, accountId, clock.instant().minusSeconds(30), "agent-sdk", "claude-opus-4-1",
                    50_000, 20_000)));
        }
        assertThat(fixture.recorder().record(batch, Deadline.none())).allMatch(r -> r.status() == RecordStatus.APPLIED);
    }

    /** The stream's records since the last call, as notify would be handed them. */
    private List<JsonNode> fresh() {
        List<JsonNode> all = stream.all();
        List<JsonNode> fresh = all.subList(applied, all.size());
        applied = all.size();
        return fresh;
    }

    private void apply(List<JsonNode> records) {
        records.forEach(r -> TableChange.of(r).seatChange().ifPresent(totals::apply));
    }

    /** The totals as they should be: each seat's latest stored cycle, added up. */
    private CreditTotals fromTheCycles(String... seats) {
        List<CyclePools> cycles = new ArrayList<>();
        for (String seat : seats) {
            Account account = store.findAccount(seat).orElseThrow();
            Instant now = clock.instant();
            CyclePools current = store.findCycle(seat, account.calendar().cycleContaining(now).start())
                    .orElseGet(() -> new CycleOpening(fixture.catalogs.plans()).open(account, account.calendar().cycleContaining(now), now));
            cycles.add(current);
        }
        return CreditTotals.of(cycles);
    }

    private CreditTotals kept(String organization) {
        return totals.read(organization).map(OrganizationTotals.Totals::totals).orElse(CreditTotals.NONE);
    }

    @Test
    void theTotalsFollowTheSeatsWhateverIsDeliveredTwiceReplayedOrOutOfOrder() {
        seat("acct_a", "team-premium", "org_x");
        seat("acct_b", "team-standard", "org_x");
        seat("acct_c", "team-standard", "org_y");
        spend("acct_a", 7);
        spend("acct_b", 3);
        spend("acct_c", 5);
        fixture.accounts().setExtraUsage("acct_b", true, null, "acct_b");
        spend("acct_b", 20);

        List<JsonNode> first = fresh();
        for (JsonNode record : first) {
            apply(List.of(record, record)); // each record delivered twice
        }
        assertThat(kept("org_x")).isEqualTo(fromTheCycles("acct_a", "acct_b")).extracting(CreditTotals::seats).isEqualTo(2L);
        assertThat(kept("org_y")).isEqualTo(fromTheCycles("acct_c"));
        assertThat(totals.read("org_x").orElseThrow().asOf()).isNotNull();

        apply(stream.all()); // the whole stream replayed
        List<JsonNode> backwards = new ArrayList<>(stream.all());
        Collections.reverse(backwards);
        apply(backwards); // and delivered newest first: older changes never undo newer ones
        assertThat(kept("org_x")).isEqualTo(fromTheCycles("acct_a", "acct_b"));
        assertThat(kept("org_y")).isEqualTo(fromTheCycles("acct_c"));

        fixture.accounts().put("acct_b", new AccountService.Settings("team-standard", "org_y", null, null), "admin");
        spend("acct_b", 4);
        apply(fresh());
        assertThat(kept("org_x")).as("the seat left").isEqualTo(fromTheCycles("acct_a"));
        assertThat(kept("org_y")).as("and joined the other").isEqualTo(fromTheCycles("acct_b", "acct_c"));
        apply(stream.all());
        assertThat(kept("org_x")).as("an older change does not bring it back").isEqualTo(fromTheCycles("acct_a"));
        assertThat(kept("org_y")).isEqualTo(fromTheCycles("acct_b", "acct_c"));

        clock.set(ANCHOR.plus(Duration.ofDays(31)).plus(Duration.ofHours(2)));
        MonthlyReset reset = new MonthlyReset(store, new CycleOpening(fixture.catalogs.plans()), Duration.ofHours(1), clock);
        assertThat(reset.run(clock.instant(), false, Deadline.none()).cyclesClosed()).isEqualTo(3);
        apply(fresh());
        assertThat(kept("org_x")).as("the new cycle's pools").isEqualTo(fromTheCycles("acct_a"));
        assertThat(kept("org_x").used()).isEqualTo(dev.metering.core.money.Money.ZERO);
        assertThat(kept("org_y")).isEqualTo(fromTheCycles("acct_b", "acct_c"));
        apply(stream.all());
        assertThat(kept("org_y")).isEqualTo(fromTheCycles("acct_b", "acct_c"));
    }
}
