package dev.metering.poolapi;

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
import dev.metering.core.usage.UsageCell;
import dev.metering.core.usage.UsageSummary;
import dev.metering.store.Catalogs;
import dev.metering.store.MeteringStore;
import dev.metering.store.QuarantineStore;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

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
    Clock clock;

    Instant now() {
        return clock.instant();
    }

    Account account(String accountId) {
        return store.findAccount(accountId).orElseThrow(() -> ApiProblem.notFound("unknown account: " + accountId));
    }

    /**
     * The pools of the cycle containing {@code at} (now if null), a cycle not opened yet as it would
     * open, with the forecast from the cycle's usage cells.
     */
    PoolsSlice pools(String accountId, String param, Instant at) {
        Account account = account(accountId);
        CyclePools pools = poolsAt(account, cycleAt(account, param, at));
        List<UsageCell> cells = pools.isStored() ? store.usage(accountId, pools.cycle().start()) : List.of();
        return new PoolsSlice(pools, Forecast.of(pools, cells, catalogs.sources(), now()));
    }

    record PoolsSlice(CyclePools pools, Forecast forecast) {}

    /** What the next event of {@code pool} would meet in the current cycle: one read of the account, one of the cycle. */
    Authorization authorization(String accountId, PoolKind pool) {
        Account account = account(accountId);
        return Authorization.of(poolsAt(account, cycleAt(account, "at", null)), pool);
    }

    /** One page of a cycle's ledger, newest first, of the entries {@code filter} lets through, with the signed cursor of the next page. */
    LedgerSlice ledger(String accountId, Instant in, LedgerFilter filter, int limit, String cursor) {
        Account account = account(accountId);
        Instant cycleStart = cycleAt(account, "cycle", in).start();
        Bounds.within("from", filter.from(), account.firstCycleStart(), now());
        Bounds.within("to", filter.to(), account.firstCycleStart(), now());
        String scope = "ledger:" + accountId + ":" + cycleStart;
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

    /** Quarantined events first seen since {@code since} (the earliest if null), a page at a time. */
    QuarantineSlice quarantined(Instant since, int limit, String cursor) {
        Instant start = since == null ? Bounds.EARLIEST : since;
        String scope = "quarantine:" + start;
        MeteringStore.Page<QuarantineStore.Quarantined> page = quarantine.page(start, limit, cursors.decode(scope, cursor));
        return new QuarantineSlice(page.items(), cursors.encode(scope, page.cursor()));
    }

    record QuarantineSlice(List<QuarantineStore.Quarantined> events, String nextCursor) {}

    /** The invoice lines of the cycles closed in {@code [closedFrom, closedTo)}, a page at a time. */
    InvoiceSlice invoiceLines(Instant closedFrom, Instant closedTo, int limit, String cursor) {
        Bounds.within("closedFrom", closedFrom, Bounds.EARLIEST, now());
        Bounds.within("closedTo", closedTo, Bounds.EARLIEST, now());
        if (closedTo.isBefore(closedFrom)) {
            throw ApiProblem.badRequest("closedTo", "must not lie before closedFrom (" + closedFrom + ")");
        }
        String scope = "invoice-lines:" + closedFrom + ":" + closedTo;
        MeteringStore.Page<InvoiceLine> page = store.invoiceLines(closedFrom, closedTo, limit, cursors.decode(scope, cursor));
        return new InvoiceSlice(page.items(), cursors.encode(scope, page.cursor()));
    }

    record InvoiceSlice(List<InvoiceLine> lines, String nextCursor) {}

    /**
     * One page of an organization's seats, each with its current cycle (as it would open, when not
     * opened yet), and the totals over every seat. Reads each seat's account and current cycle item,
     * never a ledger.
     */
    OrganizationSlice organization(String organizationId, int limit, String cursor) {
        List<Account> seats = store.seats(organizationId);
        if (seats.isEmpty()) {
            throw ApiProblem.notFound("no seats in organization " + organizationId);
        }
        Instant now = now();
        List<Cycle> cycles = seats.stream().map(a -> a.calendar().cycleContaining(now)).toList();
        List<MeteringStore.CycleKey> keys = new ArrayList<>();
        for (int i = 0; i < seats.size(); i++) {
            keys.add(new MeteringStore.CycleKey(seats.get(i).id(), cycles.get(i).start()));
        }
        Map<MeteringStore.CycleKey, CyclePools> stored = store.findCycles(keys);
        List<CyclePools> current = new ArrayList<>();
        for (int i = 0; i < seats.size(); i++) {
            CyclePools found = stored.get(keys.get(i));
            current.add(found != null ? found : opening.open(seats.get(i), cycles.get(i), now));
        }
        String scope = "organization:" + organizationId;
        String after = cursors.decode(scope, cursor);
        int from = 0;
        while (after != null && from < seats.size() && seats.get(from).id().compareTo(after) <= 0) {
            from++;
        }
        int to = Math.min(current.size(), from + limit);
        String next = to < current.size() ? cursors.encode(scope, seats.get(to - 1).id()) : null;
        return new OrganizationSlice(organizationId, current.subList(from, to), CreditTotals.of(current), next);
    }

    record OrganizationSlice(String organizationId, List<CyclePools> seats, CreditTotals totals, String nextCursor) {}

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
