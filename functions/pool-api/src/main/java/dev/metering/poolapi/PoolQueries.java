package dev.metering.poolapi;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.metering.core.account.Account;
import dev.metering.core.cycle.CreditTotals;
import dev.metering.core.cycle.Cycle;
import dev.metering.core.cycle.CycleOpening;
import dev.metering.core.cycle.CyclePools;
import dev.metering.core.cycle.InvoiceLine;
import dev.metering.core.debit.Authorization;
import dev.metering.core.ledger.LedgerEntry;
import dev.metering.core.ledger.LedgerFilter;
import dev.metering.core.source.PoolKind;
import dev.metering.core.usage.Forecast;
import dev.metering.core.usage.UsageSummary;
import dev.metering.store.Catalogs;
import dev.metering.store.MeteringStore;
import dev.metering.store.QuarantineStore;
import dev.metering.store.organizations.OrganizationTotals;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The reads of the API, one call per route: each reads the account once (a 404 when it is
 * missing), checks the instant asked for against it, and reads what the answer needs.
 */
@ApplicationScoped
public class PoolQueries {

    @Inject
    MeteringStore store;

    @Inject
    QuarantineStore quarantine;

    @Inject
    CycleOpening opening;

    @Inject
    CursorCodec cursors;

    @Inject
    Catalogs catalogs;

    @Inject
    ObjectMapper json;

    @Inject
    OrganizationTotals organizationTotals;

    @Inject
    Clock clock;

    /** How long after its stamp a close is surely committed and in the index: more than the reset's timeout. */
    @ConfigProperty(name = "metering.invoice.settling")
    Duration settling;

    Instant now() {
        return clock.instant();
    }

    Account account(String accountId) {
        return store.findAccount(accountId).orElseThrow(() -> ApiProblem.notFound("unknown account: " + accountId));
    }

    /**
     * The pools of the cycle containing {@code at} (now if null), a cycle not opened yet as it would
     * open, with the forecast from those pools: two reads, the account and the cycle.
     */
    PoolsSlice pools(String accountId, String param, Instant at) {
        Account account = account(accountId);
        CyclePools pools = poolsAt(account, cycleAt(account, param, at));
        return new PoolsSlice(pools, Forecast.of(pools, now()));
    }

    record PoolsSlice(CyclePools pools, Forecast forecast) {}

    /**
     * What the next event of {@code pool} from {@code source} with {@code tags} would meet in the current
     * cycle, the account's budgets included: one read of the account, one batch read of the cycle and
     * the budgets.
     */
    Authorization authorization(String accountId, PoolKind pool, String source, dev.metering.core.budget.Tags tags) {
        Account account = account(accountId);
        Instant now = now();
        Cycle current = cycleAt(account, "at", null);
        MeteringStore.CycleAndBudgets read = store.findCycleAndBudgets(accountId, current.start());
        CyclePools pools = read.cycle().orElseGet(() -> opening.open(account, current, now));
        return Authorization.of(pools, pool).withBudgets(read.budgets(), source, tags, current, account.zone(), now);
    }

    /**
     * One page of a cycle's ledger, newest first, of the entries {@code filter} lets through, with the
     * signed cursor of the next page (bound to the filter); a page may hold fewer entries than asked
     * when the store's scan limit stopped it, and goes on from there.
     */
    LedgerSlice ledger(String accountId, Instant in, LedgerFilter filter, int limit, String cursor) {
        Account account = account(accountId);
        Instant cycleStart = cycleAt(account, "cycle", in).start();
        Bounds.within("from", filter.from(), account.firstCycleStart(), now());
        Bounds.within("to", filter.to(), account.firstCycleStart(), now());
        // The filters are part of the listing: a cursor taken with one filter is refused with another.
        String scope = "ledger:" + accountId + ":" + cycleStart + ":" + filter.kind() + ":" + filter.from() + ":" + filter.to();
        MeteringStore.Page<LedgerEntry> page = store.ledgerPage(accountId, cycleStart, limit, cursors.decode(scope, cursor), filter);
        return new LedgerSlice(page.items(), cursors.encode(scope, page.cursor()));
    }

    record LedgerSlice(List<LedgerEntry> entries, String nextCursor) {}

    /** A cycle's usage grouped by {@code dimensions}. */
    UsageSlice usage(String accountId, Instant in, List<String> dimensions) {
        Account account = account(accountId);
        CyclePools pools = poolsAt(account, cycleAt(account, "cycle", in));
        return new UsageSlice(pools, UsageSummary.group(store.usage(accountId, pools.cycle().start()), dimensions));
    }

    record UsageSlice(CyclePools pools, List<UsageSummary.Group> groups) {}

    /** One group of a tag grouping: the key's value (null: events without it), its day when grouped by day. */
    record TagGroup(String value, java.time.LocalDate day, dev.metering.core.usage.Tally tally) {}

    record TagUsageSlice(CyclePools pools, List<TagGroup> groups, String nextCursor) {}

    /** How many cells one read of a key's cells asks for (the engine stops it at 1 MB too). */
    private static final int TAG_CELLS_PER_READ = 1_000;

    /**
     * A cycle's usage by one tag key (and day), a page of at most {@code limit} groups, read from the
     * key's cells (never the ledger): a group's cells are read together, and the page stops after
     * a whole group. The events without the key close the last page: the cycle's usage (its usage
     * cells) less every group of the key, whose sums the cursor carries from page to page.
     */
    TagUsageSlice tagUsage(String accountId, Instant in, String tag, boolean byDay, int limit, String cursor) {
        Account account = account(accountId);
        CyclePools pools = poolsAt(account, cycleAt(account, "cycle", in));
        Instant cycleStart = pools.cycle().start();
        String scope = "tags:" + accountId + ":" + cycleStart + ":" + tag + ":" + byDay;
        TagCursor from = TagCursor.decode(cursors.decode(scope, cursor));
        Map<java.time.LocalDate, dev.metering.core.usage.Tally> sums = new java.util.TreeMap<>(from.sums());
        List<TagGroup> groups = new java.util.ArrayList<>();
        TagGroup open = null;
        dev.metering.core.usage.TagCell openLast = null;
        String read = from.store();
        do {
            MeteringStore.Page<dev.metering.core.usage.TagCell> page = store.tagCells(accountId, cycleStart, tag, TAG_CELLS_PER_READ, read);
            for (dev.metering.core.usage.TagCell cell : page.items()) {
                java.time.LocalDate day = byDay ? cell.key().day() : null;
                if (open != null && open.value().equals(cell.key().value()) && java.util.Objects.equals(open.day(), day)) {
                    open = new TagGroup(open.value(), day, open.tally().plus(cell.tally()));
                } else {
                    if (open != null) {
                        groups.add(open);
                        add(sums, open);
                        if (groups.size() == limit) {
                            String next = new TagCursor(store.tagCellCursor(accountId, cycleStart, openLast), sums).encode();
                            return new TagUsageSlice(pools, groups, cursors.encode(scope, next));
                        }
                    }
                    open = new TagGroup(cell.key().value(), day, cell.tally());
                }
                openLast = cell;
            }
            read = page.cursor();
        } while (read != null);
        if (open != null) {
            groups.add(open);
            add(sums, open);
        }
        // The events without the key: the cycle's usage less every value's.
        Map<java.time.LocalDate, dev.metering.core.usage.Tally> totals = new java.util.TreeMap<>();
        for (dev.metering.core.usage.UsageCell cell : store.usage(accountId, cycleStart)) {
            totals.merge(byDay ? cell.key().day() : TagCursor.ALL_DAYS, dev.metering.core.usage.Tally.of(cell),
                    dev.metering.core.usage.Tally::plus);
        }
        totals.forEach((day, total) -> {
            dev.metering.core.usage.Tally without = total.minus(sums.getOrDefault(day, dev.metering.core.usage.Tally.ZERO));
            if (without.events() > 0) {
                groups.add(new TagGroup(null, byDay ? day : null, without));
            }
        });
        return new TagUsageSlice(pools, groups, null);
    }

    private static void add(Map<java.time.LocalDate, dev.metering.core.usage.Tally> sums, TagGroup group) {
        sums.merge(group.day() == null ? TagCursor.ALL_DAYS : group.day(), group.tally(), dev.metering.core.usage.Tally::plus);
    }

    /** Quarantined events (held, or resolved) first seen since {@code since} (the earliest if null), a page at a time, cut before it passes 5 MB. */
    QuarantineSlice quarantined(Instant since, boolean resolved, int limit, String cursor) {
        Instant start = since == null ? Bounds.EARLIEST : since;
        String scope = "quarantine:" + start + ":" + resolved;
        MeteringStore.Page<QuarantineStore.Quarantined> page = quarantine.page(start, resolved, limit, cursors.decode(scope, cursor),
                Bounds.MAX_PAGE_BYTES, event -> Bounds.jsonBytes(json, Views.quarantined(event)));
        return new QuarantineSlice(page.items(), cursors.encode(scope, page.cursor()));
    }

    record QuarantineSlice(List<QuarantineStore.Quarantined> events, String nextCursor) {}

    /**
     * The invoice lines of the cycles closed in {@code [closedFrom, closedTo)}, a page at a time, never
     * past {@code completeThrough}: now less the settling margin, by when every close stamped before
     * it has committed and reached the index (a close is stamped when its transaction is sent, from a
     * reset invocation that cannot outlive its timeout). The first page fixes it for the whole listing
     * (it travels in the cursor), so the pages of one listing agree; billing goes on from it.
     */
    InvoiceSlice invoiceLines(Instant closedFrom, Instant closedTo, int limit, String cursor) {
        Bounds.within("closedFrom", closedFrom, Bounds.EARLIEST, now());
        Bounds.within("closedTo", closedTo, Bounds.EARLIEST, now());
        if (closedTo.isBefore(closedFrom)) {
            throw ApiProblem.badRequest("closedTo", "must not lie before closedFrom (" + closedFrom + ")");
        }
        String scope = "invoice-lines:" + closedFrom + ":" + closedTo;
        String carried = cursors.decode(scope, cursor);
        Instant settled;
        String storeCursor;
        if (carried == null) {
            settled = now().minus(settling);
            storeCursor = null;
        } else {
            int bar = carried.indexOf('|');
            settled = Instant.parse(carried.substring(0, bar));
            storeCursor = carried.substring(bar + 1);
        }
        Instant completeThrough = closedTo.isBefore(settled) ? closedTo : settled;
        if (!completeThrough.isAfter(closedFrom)) {
            return new InvoiceSlice(List.of(), completeThrough.isBefore(closedFrom) ? closedFrom : completeThrough, null);
        }
        MeteringStore.Page<InvoiceLine> page = store.invoiceLines(closedFrom, completeThrough, limit, storeCursor);
        String next = page.cursor() == null ? null : cursors.encode(scope, settled + "|" + page.cursor());
        return new InvoiceSlice(page.items(), completeThrough, next);
    }

    record InvoiceSlice(List<InvoiceLine> lines, Instant completeThrough, String nextCursor) {}

    /**
     * One page of an organization's seats, each with its current cycle (as it would open, when not
     * opened yet), and the totals over every seat as the stream keeps them (with the time of the
     * latest change they hold). Three reads whatever the organization's size: the page of seats, their
     * cycles in one batch, the totals; never a ledger.
     */
    OrganizationSlice organization(String organizationId, int limit, String cursor) {
        String scope = "organization:" + organizationId;
        MeteringStore.Page<Account> page = store.seats(organizationId, limit, cursors.decode(scope, cursor));
        if (page.items().isEmpty() && cursor == null) {
            throw ApiProblem.notFound("no seats in organization " + organizationId);
        }
        Instant now = now();
        List<Account> seats = page.items();
        List<MeteringStore.CycleKey> keys = new ArrayList<>();
        for (Account seat : seats) {
            keys.add(new MeteringStore.CycleKey(seat.id(), seat.calendar().cycleContaining(now).start()));
        }
        Map<MeteringStore.CycleKey, CyclePools> stored = store.findCycles(keys);
        List<CyclePools> current = new ArrayList<>();
        for (int i = 0; i < seats.size(); i++) {
            CyclePools found = stored.get(keys.get(i));
            current.add(found != null ? found : opening.open(seats.get(i), seats.get(i).calendar().cycleContaining(now), now));
        }
        Optional<OrganizationTotals.Totals> totals = organizationTotals.read(organizationId);
        return new OrganizationSlice(organizationId, current, totals.map(OrganizationTotals.Totals::totals).orElse(CreditTotals.NONE),
                totals.map(OrganizationTotals.Totals::asOf).orElse(null), cursors.encode(scope, page.cursor()));
    }

    record OrganizationSlice(String organizationId, List<CyclePools> seats, CreditTotals totals, Instant totalsAsOf, String nextCursor) {}

    /** The cycle containing {@code at} (now if null), which must lie between the account's first cycle and ten years ahead. */
    private Cycle cycleAt(Account account, String param, Instant at) {
        Instant now = now();
        Bounds.within(param, at, account.firstCycleStart(), now);
        return account.calendar().cycleContaining(at == null ? now : at);
    }

    private CyclePools poolsAt(Account account, Cycle cycle) {
        return store.findCycle(account.id(), cycle.start()).orElseGet(() -> opening.open(account, cycle, now()));
    }
}
