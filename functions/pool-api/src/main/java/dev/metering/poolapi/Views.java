package dev.metering.poolapi;

import dev.metering.core.account.Account;
import dev.metering.core.account.AccountChange;
import dev.metering.core.account.Terms;
import dev.metering.core.cycle.CreditTotals;
import dev.metering.core.cycle.CyclePools;
import dev.metering.core.cycle.InvoiceLine;
import dev.metering.core.debit.Authorization;
import dev.metering.core.debit.Pool;
import dev.metering.core.ledger.LedgerEntry;
import dev.metering.core.money.Money;
import dev.metering.core.source.SourceCatalog;
import dev.metering.core.price.LongContext;
import dev.metering.core.price.ModelRates;
import dev.metering.core.price.PriceBook;
import dev.metering.core.price.PriceRow;
import dev.metering.core.price.TokenType;
import dev.metering.core.usage.Forecast;
import dev.metering.core.usage.UsageSummary;
import dev.metering.store.QuarantineStore.Quarantined;
import dev.metering.store.recording.QuarantineReplay;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

/**
 * The JSON shapes of the API; money always as USD strings with nine decimals. The annotations are
 * the API document's schema of each: nullable where the code writes null, the enums, formats and
 * patterns that a client may rely on.
 */
public final class Views {

    /** A USD amount as the API writes it: nine decimals, a sign only when negative. */
    public static final String USD = "^-?[0-9]+\\.[0-9]{9}$";

    private Views() {}

    @Schema(name = "Cycle")
    public record CycleView(@Schema(required = true, format = "date-time") String start,
                            @Schema(required = true, format = "date-time") String end,
                            @Schema(required = true, description = "IANA time zone") String timeZone) {}

    @Schema(name = "ExtraUsage")
    public record ExtraUsageView(@Schema(required = true) boolean enabled,
                                 @Schema(required = true, nullable = true, pattern = USD, description = "null: no cap") String capUsd,
                                 @Schema(required = true, pattern = USD) String accruedUsd) {}

    @Schema(name = "ProgrammaticPool")
    public record ProgrammaticView(
            @Schema(required = true, enumeration = {"CREDIT", "EXTRA_USAGE", "PAUSED"}) String state,
            @Schema(required = true) boolean claimed,
            @Schema(required = true, pattern = USD) String grantedUsd,
            @Schema(required = true, pattern = USD) String usedUsd,
            @Schema(required = true, pattern = USD) String remainingUsd,
            @Schema(required = true) ExtraUsageView extraUsage,
            @Schema(required = true, pattern = USD) String overrunUsd,
            @Schema(required = true, pattern = USD) String expiredUsd,
            @Schema(required = true, nullable = true, format = "date-time") String rateSwitchedAt,
            @Schema(required = true) List<Integer> thresholdsReached,
            @Schema(required = true, nullable = true, format = "date-time") String closedAt) {}

    @Schema(name = "InteractivePool")
    public record InteractiveView(@Schema(required = true, enumeration = {"ACTIVE", "PAUSED"}) String state,
                                  @Schema(required = true, pattern = USD) String grantedUsd,
                                  @Schema(required = true, pattern = USD) String usedUsd,
                                  @Schema(required = true, pattern = USD) String remainingUsd,
                                  @Schema(required = true, pattern = USD) String overrunUsd) {}

    @Schema(name = "Forecast", description = "the programmatic credit at the rate the cycle has burned so far")
    public record ForecastView(@Schema(required = true, pattern = USD, description = "programmatic cost per elapsed day (at least one), "
                                       + "days in the account's time zone by when events occurred") String dailyBurnUsd,
                               @Schema(required = true, nullable = true, format = "date-time", description = "when the credit runs out at "
                                       + "that rate (the rate switch once it has); null when it lasts the cycle or nothing burns")
                               String creditDepletesAt,
                               @Schema(required = true, nullable = true, format = "date-time", description = "when extra usage reaches its "
                                       + "cap at that rate; null without a cap, with extra usage off, once reached, or not this cycle")
                               String capReachedAt,
                               @Schema(required = true, description = "what the figures rest on") String basis) {}

    @Schema(name = "Pools")
    public record PoolsView(@Schema(required = true) String accountId,
                            @Schema(required = true) String plan,
                            @Schema(required = true) CycleView cycle,
                            @Schema(required = true) ProgrammaticView programmatic,
                            @Schema(required = true) InteractiveView interactive,
                            @Schema(required = true, nullable = true, description = "on GET .../pools; null in the answers to writes")
                            ForecastView forecast) {}

    @Schema(name = "Authorization", description = "whether the next request of a source would be served, and how it would be paid; "
            + "a decision, not a reservation")
    public record AuthorizationView(@Schema(required = true, enumeration = {"ALLOW", "DENY"}) String decision,
                                    @Schema(required = true, enumeration = {"PROGRAMMATIC", "INTERACTIVE"}) String pool,
                                    @Schema(required = true, nullable = true, enumeration = {"CREDIT", "EXTRA_USAGE", "ALLOWANCE"},
                                            description = "null when denied") String billing,
                                    @Schema(required = true, nullable = true, enumeration = {"CREDIT_EXHAUSTED_EXTRA_USAGE_OFF",
                                            "EXTRA_USAGE_CAP_REACHED", "INTERACTIVE_ALLOWANCE_EXHAUSTED", "NO_CREDIT_CLAIMED_EXTRA_USAGE_OFF",
                                            "BUDGET_EXHAUSTED"}, description = "null when allowed") String reason,
                                    @Schema(required = true, nullable = true, description = "the budget that denies it (BUDGET_EXHAUSTED), else null")
                                    String budgetId,
                                    @Schema(required = true, pattern = USD, description = "left in the pool before extra usage") String remainingUsd,
                                    @Schema(required = true, nullable = true, pattern = USD, description = "extra usage that may still accrue "
                                            + "under the cap: 0 with extra usage off, null without a cap or for the interactive pool")
                                    String extraUsageHeadroomUsd,
                                    @Schema(required = true, format = "date-time", description = "when the cycle ends and the pools reset")
                                    String resetsAt,
                                    @Schema(required = true, description = "the cycle item's version the decision was made from") long cycleVersion) {}

    @Schema(name = "LedgerEntry", description = "Debit-only fields are null on other kinds; by is shown to admins only")
    public record LedgerEntryView(@Schema(required = true) String entryId,
                                  @Schema(required = true, enumeration = {"DEBIT", "GRANT", "EXPIRY", "ADJUSTMENT"}) String kind,
                                  @Schema(required = true, enumeration = {"PROGRAMMATIC", "INTERACTIVE"}) String pool,
                                  @Schema(required = true, format = "date-time") String at,
                                  @Schema(required = true, pattern = USD) String creditUsd,
                                  @Schema(required = true, pattern = USD) String extraUsageUsd,
                                  @Schema(required = true, pattern = USD) String overrunUsd,
                                  @Schema(required = true, nullable = true) String eventId,
                                  @Schema(required = true, nullable = true) String source,
                                  @Schema(required = true, nullable = true) String model,
                                  @Schema(required = true, nullable = true, format = "date-time") String occurredAt,
                                  @Schema(required = true, nullable = true) Boolean late,
                                  @Schema(required = true, nullable = true, pattern = USD) String costUsd,
                                  @Schema(required = true, nullable = true) String reason,
                                  @Schema(required = true, nullable = true, description = "who asked for it (admins only)") String by,
                                  @Schema(required = true, nullable = true, description = "increasing in the order entries were written "
                                          + "(not contiguous); null on entries written before sequences were kept") Long sequence,
                                  @Schema(required = true, nullable = true, pattern = USD, description = "programmatic credit remaining "
                                          + "after this entry; null on entries written before balances were kept") String balanceAfterUsd,
                                  @Schema(required = true, nullable = true, description = "the tags the debit's event carried; null on other "
                                          + "entries and on debits of events without tags") Map<String, String> tags) {}

    @Schema(name = "LedgerPage")
    public record LedgerPage(@Schema(required = true) List<LedgerEntryView> entries,
                             @Schema(required = true, nullable = true, description = "null on the last page") String nextCursor) {}

    @Schema(name = "Seat", description = "A seat of an organization in its current cycle: its programmatic pool")
    public record SeatView(@Schema(required = true) String accountId,
                           @Schema(required = true) String plan,
                           @Schema(required = true) CycleView cycle,
                           @Schema(required = true, enumeration = {"CREDIT", "EXTRA_USAGE", "PAUSED"}) String state,
                           @Schema(required = true, pattern = USD) String grantedUsd,
                           @Schema(required = true, pattern = USD) String usedUsd,
                           @Schema(required = true, pattern = USD) String remainingUsd,
                           @Schema(required = true, pattern = USD) String extraUsageAccruedUsd,
                           @Schema(required = true, pattern = USD) String overrunUsd) {}

    @Schema(name = "SeatTotals", description = "Over every seat of the organization, not only this page's")
    public record SeatTotalsView(@Schema(required = true) long seats,
                                 @Schema(required = true, pattern = USD) String grantedUsd,
                                 @Schema(required = true, pattern = USD) String usedUsd,
                                 @Schema(required = true, pattern = USD) String remainingUsd,
                                 @Schema(required = true, pattern = USD) String extraUsageAccruedUsd,
                                 @Schema(required = true, pattern = USD) String overrunUsd) {}

    @Schema(name = "OrganizationPools")
    public record OrganizationView(@Schema(required = true) String organizationId,
                                   @Schema(required = true) List<SeatView> seats,
                                   @Schema(required = true, description = "over every seat's latest cycle, kept as the seats' cycles "
                                           + "change: they may lag the seats by the table stream's delay") SeatTotalsView totals,
                                   @Schema(required = true, nullable = true, format = "date-time", description = "the time of the latest "
                                           + "change the totals hold; null before any reached them") String totalsAsOf,
                                   @Schema(required = true, nullable = true, description = "null on the last page") String nextCursor) {}

    @Schema(name = "UsageGroup")
    public record UsageGroupView(@Schema(required = true) Map<String, String> key,
                                 @Schema(required = true, nullable = true, enumeration = {"PROGRAMMATIC", "INTERACTIVE"},
                                         description = "the pool the group's source draws on; null unless grouped by source") String pool,
                                 @Schema(required = true) long events,
                                 @Schema(required = true, pattern = USD) String costUsd,
                                 @Schema(required = true, pattern = USD, description = "paid from the pool's credit or allowance") String creditUsd,
                                 @Schema(required = true, pattern = USD, description = "billed as extra usage") String extraUsageUsd,
                                 @Schema(required = true, pattern = USD, description = "neither: past the credit, extra usage off or capped") String overrunUsd,
                                 @Schema(required = true) long inputTokens,
                                 @Schema(required = true) long outputTokens,
                                 @Schema(required = true) long cacheWriteTokens,
                                 @Schema(required = true) long cacheReadTokens,
                                 @Schema(required = true, nullable = true, description = "grouped by a tag: {key: value}, the value null for "
                                         + "events without the key, \"(other)\" for values past the first 1000 of the cycle; else null")
                                 Map<String, String> tags) {}

    @Schema(name = "Usage")
    public record UsageView(@Schema(required = true) CycleView cycle, @Schema(required = true) List<UsageGroupView> groups,
                            @Schema(required = true, nullable = true, description = "grouped by a tag, the next page's; else null")
                            String nextCursor) {}

    @Schema(name = "AccountChange", description = "One change of the account's terms, with who made it")
    public record AccountChangeView(@Schema(required = true, format = "date-time") String recordedAt,
                                    @Schema(required = true, format = "date-time") String effectiveFrom,
                                    @Schema(required = true, enumeration = {"PLAN", "CLAIM", "EXTRA_USAGE"}) String kind,
                                    @Schema(required = true, nullable = true) String plan,
                                    @Schema(required = true, nullable = true) Boolean extraUsageEnabled,
                                    @Schema(required = true, nullable = true, pattern = USD) String extraUsageCapUsd,
                                    @Schema(required = true, nullable = true, description = "the token subject that made it") String by) {}

    @Schema(name = "Account")
    public record AccountView(@Schema(required = true) String accountId,
                              @Schema(required = true) String plan,
                              @Schema(required = true, nullable = true) String organizationId,
                              @Schema(required = true, format = "date-time") String anchor,
                              @Schema(required = true) String timeZone,
                              @Schema(required = true, nullable = true) String pendingPlan,
                              @Schema(required = true, nullable = true, format = "date-time") String pendingFrom,
                              @Schema(required = true) boolean claimed,
                              @Schema(required = true) boolean extraUsageEnabled,
                              @Schema(required = true, nullable = true, pattern = USD) String extraUsageCapUsd,
                              @Schema(required = true) List<AccountChangeView> history) {}

    @Schema(name = "QuarantinedEvent")
    public record QuarantinedView(@Schema(required = true) String id,
                                  @Schema(required = true) String raw,
                                  @Schema(required = true) boolean truncated,
                                  @Schema(required = true) String reason,
                                  @Schema(required = true, nullable = true) String eventId,
                                  @Schema(required = true, nullable = true) String accountId,
                                  @Schema(required = true, format = "date-time") String firstSeen,
                                  @Schema(required = true, format = "date-time") String lastSeen,
                                  @Schema(required = true) long count,
                                  @Schema(required = true, nullable = true, format = "date-time",
                                          description = "when a replay applied it or found it recorded; null while held") String resolvedAt,
                                  @Schema(required = true, nullable = true) String resolvedBy,
                                  @Schema(required = true, nullable = true, enumeration = {"APPLIED", "DUPLICATE"}) String resolution) {}

    @Schema(name = "QuarantinePage")
    public record QuarantinePage(@Schema(required = true) List<QuarantinedView> events,
                                 @Schema(required = true, nullable = true, description = "null on the last page") String nextCursor) {}

    @Schema(name = "InvoiceLine", description = "What a closed cycle bills: its extra usage (by model) and what became of the credit")
    public record InvoiceLineView(@Schema(required = true) String accountId,
                                  @Schema(required = true, nullable = true, description = "the seat's organization when the cycle closed")
                                  String organizationId,
                                  @Schema(required = true) String plan,
                                  @Schema(required = true) CycleView cycle,
                                  @Schema(required = true, format = "date-time") String closedAt,
                                  @Schema(required = true, pattern = USD) String creditGrantedUsd,
                                  @Schema(required = true, pattern = USD) String creditUsedUsd,
                                  @Schema(required = true, pattern = USD) String creditExpiredUsd,
                                  @Schema(required = true, pattern = USD) String extraUsageUsd,
                                  @Schema(required = true, description = "extra usage by model, USD")
                                  Map<String, String> extraUsageByModelUsd,
                                  @Schema(required = true, pattern = USD) String overrunUsd) {}

    @Schema(name = "InvoiceLinePage")
    public record InvoiceLinePage(@Schema(required = true) List<InvoiceLineView> lines,
                                  @Schema(required = true, format = "date-time", description = "every cycle closed before this instant "
                                          + "(and at or after closedFrom) is listed across the pages: the next pull starts here")
                                  String completeThrough,
                                  @Schema(required = true, nullable = true, description = "null on the last page") String nextCursor) {}

    @Schema(name = "FieldError")
    public record FieldErrorView(@Schema(required = true) String field, @Schema(required = true) String problem) {}

    @Schema(name = "Problem", description = "RFC 9457 problem details; errors names each field at fault on a 400")
    public record ProblemView(@Schema(required = true) String type,
                              @Schema(required = true) String title,
                              @Schema(required = true) int status,
                              @Schema(required = true) String detail,
                              @Schema(required = true) String instance,
                              List<FieldErrorView> errors) {}

    static String usd(Money money) {
        return money == null ? null : money.toUsdString();
    }

    static String time(Instant instant) {
        return instant == null ? null : instant.toString();
    }

    static CycleView cycle(CyclePools pools) {
        return new CycleView(time(pools.cycle().start()), time(pools.cycle().end()), pools.cycle().zone().getId());
    }

    static PoolsView pools(CyclePools c) {
        return pools(c, null);
    }

    static PoolsView pools(CyclePools c, Forecast forecast) {
        Pool p = c.programmatic();
        Pool i = c.interactive();
        return new PoolsView(c.accountId(), c.plan(), cycle(c),
                new ProgrammaticView(p.state().name(), c.claimed(), usd(p.granted()), usd(p.used()), usd(p.remaining()),
                        new ExtraUsageView(p.extraUsage().enabled(), usd(p.extraUsage().cap()), usd(p.extraUsage().accrued())),
                        usd(p.overrun()), usd(p.expired()), time(p.rateSwitchedAt()), List.copyOf(p.thresholds()), time(c.closedAt())),
                new InteractiveView(i.state().name(), usd(i.granted()), usd(i.used()), usd(i.remaining()), usd(i.overrun())),
                forecast == null ? null : new ForecastView(usd(forecast.dailyBurn()), time(forecast.creditDepletesAt()),
                        time(forecast.capReachedAt()), forecast.basis()));
    }

    static AuthorizationView authorization(Authorization a) {
        return new AuthorizationView(a.decision().name(), a.pool().name(), a.billing() == null ? null : a.billing().name(),
                a.reason() == null ? null : a.reason().name(), a.budgetId(), usd(a.remaining()), usd(a.extraUsageHeadroom()), time(a.resetsAt()),
                a.cycleVersion());
    }

    static OrganizationView organization(String organizationId, List<CyclePools> seats, CreditTotals t, Instant totalsAsOf,
                                         String nextCursor) {
        List<SeatView> views = seats.stream().map(c -> {
            Pool p = c.programmatic();
            return new SeatView(c.accountId(), c.plan(), cycle(c), p.state().name(), usd(p.granted()), usd(p.used()), usd(p.remaining()),
                    usd(p.extraUsage().accrued()), usd(p.overrun()));
        }).toList();
        return new OrganizationView(organizationId, views, new SeatTotalsView(t.seats(), usd(t.granted()), usd(t.used()),
                usd(t.remaining()), usd(t.extraUsageAccrued()), usd(t.overrun())), time(totalsAsOf), nextCursor);
    }

    /** An entry; who asked for it only to an admin. */
    static LedgerEntryView entry(LedgerEntry e, boolean admin) {
        return new LedgerEntryView(e.entryId(), e.kind().name(), e.pool().name(), time(e.at()), usd(e.credit()), usd(e.extraUsage()),
                usd(e.overrun()), e.eventId(), e.source(), e.model(), time(e.occurredAt()), e.late(), usd(e.cost()), e.reason(),
                admin ? e.by() : null, e.position() == null ? null : e.position().sequence(),
                e.position() == null ? null : usd(e.position().balanceAfter()), e.tags().isEmpty() ? null : new TreeMap<>(e.tags().values()));
    }

    static UsageGroupView group(UsageSummary.Group g, SourceCatalog sources) {
        String source = g.key().get("source");
        String pool = source == null ? null : sources.poolOf(source).map(Enum::name).orElse(null);
        return new UsageGroupView(g.key(), pool, g.events(), usd(g.cost()), usd(g.credit()), usd(g.extraUsage()), usd(g.overrun()),
                g.inputTokens(), g.outputTokens(), g.cacheWriteTokens(), g.cacheReadTokens(), null);
    }

    /** A group of a tag grouping: its day when grouped by day, and the key's value (null: events without the key). */
    static UsageGroupView tagGroup(String tag, String value, java.time.LocalDate day, dev.metering.core.usage.Tally t) {
        Map<String, String> key = new TreeMap<>();
        if (day != null) {
            key.put("day", day.toString());
        }
        Map<String, String> tags = new java.util.HashMap<>();
        tags.put(tag, value);
        return new UsageGroupView(key, null, t.events(), usd(t.cost()), usd(t.credit()), usd(t.extraUsage()), usd(t.overrun()),
                t.tokens().input(), t.tokens().output(), t.tokens().cacheWrites(), t.tokens().cacheRead(), tags);
    }

    /** The account as it stands at {@code now}, with a downgrade still waiting for its cycle, and its history. */
    static AccountView account(Account a, Instant now) {
        Terms terms = a.termsAt(now);
        Optional<AccountChange> pending = a.pendingPlan(now);
        List<AccountChangeView> history = new ArrayList<>();
        for (AccountChange c : a.history()) {
            boolean extra = c.kind() == AccountChange.Kind.EXTRA_USAGE;
            history.add(new AccountChangeView(time(c.recordedAt()), time(c.effectiveFrom()), c.kind().name(), c.plan(),
                    extra ? c.extraUsageEnabled() : null, extra ? usd(c.extraUsageCap()) : null, c.by()));
        }
        return new AccountView(a.id(), terms.plan(), a.organizationId(), time(a.anchor()), a.zone().getId(),
                pending.map(AccountChange::plan).orElse(null), pending.map(c -> time(c.effectiveFrom())).orElse(null), a.claimed(),
                terms.extraUsageEnabled(), usd(terms.extraUsageCap()), history);
    }

    static InvoiceLineView invoiceLine(InvoiceLine line) {
        Map<String, String> byModel = new TreeMap<>();
        line.extraUsageByModel().forEach((model, amount) -> byModel.put(model, usd(amount)));
        return new InvoiceLineView(line.accountId(), line.organizationId(), line.plan(),
                new CycleView(time(line.cycle().start()), time(line.cycle().end()), line.cycle().zone().getId()), time(line.closedAt()),
                usd(line.creditGranted()), usd(line.creditUsed()), usd(line.creditExpired()), usd(line.extraUsage()), byModel,
                usd(line.overrun()));
    }

    static QuarantinedView quarantined(Quarantined q) {
        return new QuarantinedView(q.id(), q.raw(), q.truncated(), q.reason(), q.eventId(), q.accountId(), time(q.firstSeen()),
                time(q.lastSeen()), q.seenCount(), time(q.resolvedAt()), q.resolvedBy(), q.resolution());
    }

    @Schema(name = "LongContextPrices", description = "USD per million tokens, for requests whose input is above the threshold")
    public record LongContextView(@Schema(required = true) long aboveInputTokens,
                                  @Schema(required = true) String inputUsd,
                                  @Schema(required = true) String outputUsd,
                                  @Schema(required = true) String cacheWrite5mUsd,
                                  @Schema(required = true) String cacheWrite1hUsd,
                                  @Schema(required = true) String cacheReadUsd) {}

    @Schema(name = "Price", description = "A model's row in effect: USD per million tokens as decimal strings")
    public record PriceView(@Schema(required = true, description = "the canonical id") String model,
                            @Schema(required = true, description = "every id that names the model, the canonical one among them") List<String> ids,
                            @Schema(required = true, format = "date-time") String effectiveFrom,
                            @Schema(required = true) String inputUsd,
                            @Schema(required = true) String outputUsd,
                            @Schema(required = true) String cacheWrite5mUsd,
                            @Schema(required = true) String cacheWrite1hUsd,
                            @Schema(required = true) String cacheReadUsd,
                            @Schema(required = true, nullable = true) LongContextView longContext,
                            @Schema(required = true, nullable = true) String usOnlyMultiplier,
                            @Schema(required = true, description = "USD per 1,000 web searches") String webSearchPer1kUsd,
                            @Schema(required = true) boolean holdInexact,
                            @Schema(required = true, description = "the modifier combinations whose rates are held, not whole nano-dollars")
                            List<String> inexact,
                            @Schema(required = true, nullable = true, format = "date-time", description = "null for a row of the bundled book")
                            String recordedAt,
                            @Schema(required = true, nullable = true, description = "who put it; null for a row of the bundled book") String by) {}

    @Schema(name = "Prices")
    public record PricesView(@Schema(required = true, format = "date-time") String at,
                             @Schema(required = true, description = "each model with a row in effect at that instant, by canonical id")
                             List<PriceView> models) {}

    @Schema(name = "ReplayReport")
    public record ReplayView(@Schema(required = true, description = "bodies of the window looked at (the reason filter's matches)") int examined,
                             @Schema(required = true) int applied,
                             @Schema(required = true, description = "found recorded already") int duplicate,
                             @Schema(required = true, description = "held still, with the reason of now (a body kept truncated always)")
                             int stillQuarantined,
                             @Schema(required = true, nullable = true, description = "to go on with the same window; null when it is done")
                             String nextCursor) {}

    @Schema(name = "Budget")
    public record BudgetView(@Schema(required = true) String budgetId,
                             @Schema(required = true, description = "{} for every programmatic event, {\"source\"}, or {\"tag\", \"value\"}")
                             Map<String, String> match,
                             @Schema(required = true, pattern = USD) String limitUsd,
                             @Schema(required = true, enumeration = {"cycle", "day", "hour"}) String window,
                             @Schema(required = true, enumeration = {"pause", "notify"}) String action,
                             @Schema(required = true, pattern = USD, description = "what the matching debits cost in the window of now")
                             String spentUsd,
                             @Schema(required = true, enumeration = {"OK", "EXHAUSTED"}, description = "EXHAUSTED: spent at or above the limit")
                             String state,
                             @Schema(required = true, format = "date-time") String windowStart,
                             @Schema(required = true, format = "date-time") String windowEnd,
                             @Schema(required = true, nullable = true, format = "date-time",
                                     description = "when the spend reached the limit in this window; null while OK") String exhaustedAt,
                             @Schema(required = true, format = "date-time", description = "when its spend began to count: its creation, or the "
                                     + "last change of its match or window") String countingSince,
                             @Schema(required = true, format = "date-time", description = "its last change") String changedAt,
                             @Schema(required = true, description = "who made its last change: the token's subject, an owner's or an admin's")
                             String changedBy) {}

    @Schema(name = "Budgets")
    public record BudgetsView(@Schema(required = true) List<BudgetView> budgets) {}

    static BudgetsView budgets(dev.metering.store.budgets.BudgetService.Standing standing) {
        return new BudgetsView(standing.budgets().budgets().stream().map(b -> budget(standing, b)).toList());
    }

    static BudgetView budget(dev.metering.store.budgets.BudgetService.Standing standing, String budgetId) {
        return budget(standing, standing.budgets().find(budgetId).orElseThrow());
    }

    private static BudgetView budget(dev.metering.store.budgets.BudgetService.Standing standing, dev.metering.core.budget.Budget b) {
        var set = standing.budgets();
        var zone = standing.account().zone();
        var window = b.window().current(standing.now(), standing.current(), zone);
        Map<String, String> match = new TreeMap<>();
        if (b.match().source() != null) {
            match.put("source", b.match().source());
        }
        if (b.match().tag() != null) {
            match.put("tag", b.match().tag());
            match.put("value", b.match().value());
        }
        boolean exhausted = set.exhausted(b, standing.current(), zone, standing.now());
        return new BudgetView(b.budgetId(), match, usd(b.limit()), b.window().wire(), b.action().wire(),
                usd(set.spent(b, standing.current(), zone, standing.now())), exhausted ? "EXHAUSTED" : "OK", time(window.start()),
                time(window.end()), set.exhaustedSince(b, standing.current(), zone, standing.now()).map(Views::time).orElse(null),
                time(b.since()), time(b.changedAt()), b.changedBy());
    }

    static PricesView prices(Instant at, PriceBook book) {
        List<PriceView> models = new ArrayList<>();
        for (String model : book.models()) {
            book.rowAt(model, at).ifPresent(row -> models.add(price(row, book.idsOf(model))));
        }
        return new PricesView(time(at), models);
    }

    static PriceView price(PriceRow row, Collection<String> ids) {
        LongContext lc = row.longContext();
        return new PriceView(row.model(), List.copyOf(ids), time(row.effectiveFrom()), rate(row.rates(), TokenType.INPUT),
                rate(row.rates(), TokenType.OUTPUT), rate(row.rates(), TokenType.CACHE_WRITE_5M), rate(row.rates(), TokenType.CACHE_WRITE_1H),
                rate(row.rates(), TokenType.CACHE_READ),
                lc == null ? null : new LongContextView(lc.aboveInputTokens(), rate(lc.rates(), TokenType.INPUT), rate(lc.rates(), TokenType.OUTPUT),
                        rate(lc.rates(), TokenType.CACHE_WRITE_5M), rate(lc.rates(), TokenType.CACHE_WRITE_1H), rate(lc.rates(), TokenType.CACHE_READ)),
                row.usOnlyMultiplier() == null ? null : row.usOnlyMultiplier().toPlainString(),
                BigDecimal.valueOf(row.webSearchNanosPer1k(), 9).stripTrailingZeros().toPlainString(), row.holdInexact(), row.inexact(),
                time(row.recordedAt()), row.by());
    }

    private static String rate(ModelRates rates, TokenType type) {
        return ModelRates.usdPerMillion(rates.rate(type));
    }

    static ReplayView replay(QuarantineReplay.Report report, String nextCursor) {
        return new ReplayView(report.examined(), report.applied(), report.duplicate(), report.stillQuarantined(), nextCursor);
    }
}
