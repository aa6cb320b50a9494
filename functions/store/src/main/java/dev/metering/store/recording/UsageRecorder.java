package dev.metering.store.recording;

import dev.metering.core.account.Account;
import dev.metering.core.cycle.CycleOpening;
import dev.metering.core.id.Identifier;
import dev.metering.core.cycle.CyclePools;
import dev.metering.core.price.PriceBook;
import dev.metering.core.usage.UsageEventParser;
import dev.metering.store.Deadline;
import dev.metering.store.DebitWriter;
import dev.metering.store.MeteringStore;
import dev.metering.store.MeteringStore.CycleKey;
import dev.metering.store.QuarantineStore;
import dev.metering.store.prices.PriceBookSource;
import dev.metering.store.prices.PricesUnavailable;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.jboss.logging.Logger;
import org.jboss.logging.MDC;
import software.amazon.awssdk.core.exception.SdkException;

/**
 * Records a batch of usage events: validates each, quarantines what can never be applied, and
 * applies the rest account by account. Every incoming event gets exactly one result; none is
 * dropped. Transient failures come back as {@link RecordStatus#RETRY} for redelivery, which is
 * safe because an event is counted once however often it arrives.
 */
public final class UsageRecorder {

    private static final Logger LOG = Logger.getLogger(UsageRecorder.class);

    private final MeteringStore store;
    private final DebitWriter writer;
    private final QuarantineStore quarantine;
    private final UsageEventParser parser;
    private final PriceBookSource prices;
    private final CycleOpening opening;
    private final Clock clock;
    private final Keeping keeping;
    private final AdmittedTags admittedTags;

    /** How a body that cannot be applied is kept: quarantined on arrival, left held (with its new reason) on a replay. */
    @FunctionalInterface
    interface Keeping {
        String keep(String raw, String reason, String eventId, String accountId, Instant now);
    }

    public UsageRecorder(MeteringStore store, DebitWriter writer, QuarantineStore quarantine, UsageEventParser parser,
                         PriceBookSource prices, CycleOpening opening, Clock clock) {
        this(store, writer, quarantine, parser, prices, opening, clock, quarantine::quarantine, new AdmittedTags());
    }

    private UsageRecorder(MeteringStore store, DebitWriter writer, QuarantineStore quarantine, UsageEventParser parser,
                          PriceBookSource prices, CycleOpening opening, Clock clock, Keeping keeping, AdmittedTags admittedTags) {
        this.store = store;
        this.writer = writer;
        this.quarantine = quarantine;
        this.parser = parser;
        this.prices = prices;
        this.opening = opening;
        this.clock = clock;
        this.keeping = keeping;
        this.admittedTags = admittedTags;
    }

    /**
     * The same rules for bodies taken out of the quarantine: one that still cannot be applied stays
     * where it is, with the reason of now, and is not counted as seen again.
     */
    public UsageRecorder replaying() {
        return new UsageRecorder(store, writer, quarantine, parser, prices, opening, clock,
                (raw, reason, eventId, accountId, now) -> quarantine.stillHeld(raw, reason, now), admittedTags);
    }

    public List<RecordResult> record(List<IncomingEvent> incoming) {
        return record(incoming, Deadline.none());
    }

    /**
     * Records a batch, starting no write once {@code deadline} has passed: what is left comes back
     * as {@link RecordStatus#RETRY}, so that the function answers before it is killed and only
     * those events are delivered again.
     */
    public List<RecordResult> record(List<IncomingEvent> incoming, Deadline deadline) {
        Instant now = clock.instant();
        RecordResult[] results = new RecordResult[incoming.size()];
        PriceBook book;
        try {
            book = prices.current();
        } catch (PricesUnavailable e) {
            // Never priced from an older copy: every event of the batch comes back, and is priced once the rows can be read.
            for (int i = 0; i < incoming.size(); i++) {
                results[i] = RecordResult.retry(incoming.get(i), null, null, e.getMessage());
            }
            return List.of(results);
        }
        Map<String, List<AccountRecorder.Accepted>> byAccount = new LinkedHashMap<>();
        for (int i = 0; i < incoming.size(); i++) {
            IncomingEvent in = incoming.get(i);
            UsageEventParser.Result parsed = parser.parse(in.raw(), book);
            if (parsed.isValid()) {
                byAccount.computeIfAbsent(parsed.event().event().accountId(), k -> new ArrayList<>())
                        .add(new AccountRecorder.Accepted(i, in, parsed.event()));
            } else {
                results[i] = quarantine(in, parsed.rejection().reason(), parsed.eventId(), parsed.accountId(), now);
            }
        }
        if (!byAccount.isEmpty()) {
            applyValid(byAccount, results, now, deadline);
        }
        return List.of(results);
    }

    private void applyValid(Map<String, List<AccountRecorder.Accepted>> byAccount, RecordResult[] results, Instant now,
                            Deadline deadline) {
        Map<String, MeteringStore.AccountState> states;
        Map<String, Account> accounts = new HashMap<>();
        Map<String, ReadPlan> plans = new HashMap<>();
        MeteringStore.CycleReads prefetched;
        try {
            states = store.findAccountsWithBudgets(byAccount.keySet());
            states.forEach((id, state) -> accounts.put(id, state.account()));
            List<CycleKey> cycles = new ArrayList<>();
            List<MeteringStore.TagRef> tags = new ArrayList<>();
            byAccount.forEach((accountId, events) -> {
                Account account = accounts.get(accountId);
                if (account != null) {
                    ReadPlan plan = ReadPlan.of(account, events, now, admittedTags);
                    plans.put(accountId, plan);
                    plan.cycles().forEach(start -> cycles.add(new CycleKey(accountId, start)));
                    tags.addAll(plan.unknownTags());
                }
            });
            prefetched = store.findCyclesAndTags(cycles, tags);
            prefetched.tags().forEach((cycle, read) -> admittedTags.add(cycle, read.admitted()));
        } catch (RuntimeException e) {
            LOG.warnf("cannot read accounts for a batch of %d events, handing them back: %s", results.length, e.toString());
            byAccount.values().forEach(list -> list.forEach(a -> results[a.index()] =
                    RecordResult.retry(a.in(), a.event().eventId(), a.event().accountId(), "store unavailable: " + e.getMessage())));
            return;
        }
        for (Map.Entry<String, List<AccountRecorder.Accepted>> entry : byAccount.entrySet()) {
            String accountId = entry.getKey();
            Account account = accounts.get(accountId);
            if (account == null) {
                for (AccountRecorder.Accepted a : entry.getValue()) {
                    results[a.index()] = quarantine(a.in(), "accountId: unknown account '" + accountId + "'", a.event().eventId(), accountId, now);
                }
                continue;
            }
            Map<Instant, Optional<CyclePools>> known = new HashMap<>();
            Map<Instant, MeteringStore.TagAdmissions> tagsKnown = new HashMap<>();
            ReadPlan plan = plans.get(accountId);
            for (Instant start : plan.cycles()) {
                CycleKey key = new CycleKey(accountId, start);
                known.put(start, Optional.ofNullable(prefetched.cycles().get(key)));
                tagsKnown.put(start, prefetched.tags().getOrDefault(key, MeteringStore.TagAdmissions.NONE)
                        .alsoAdmitting(plan.knownTags().getOrDefault(start, Set.of())));
            }
            try {
                new AccountRecorder(store, writer, opening, (in, reason, eventId, owner) -> quarantine(in, reason, eventId, owner, now),
                        account, states.get(accountId).budgets(), known, tagsKnown, now, deadline, admittedTags).record(entry.getValue(), results);
            } catch (RuntimeException e) {
                // Whatever went wrong is this account's alone: its events come back, every other account goes on.
                boolean storeFailure = e instanceof SdkException;
                LOG.log(storeFailure ? Logger.Level.WARN : Logger.Level.ERROR, "account " + accountId + ": "
                        + (storeFailure ? "store failure" : "unexpected failure") + ", handing its unsettled events back for redelivery: " + e,
                        storeFailure ? null : e);
                for (AccountRecorder.Accepted a : entry.getValue()) {
                    if (results[a.index()] == null) {
                        results[a.index()] = RecordResult.retry(a.in(), a.event().eventId(), accountId,
                                (storeFailure ? "store failure: " : "failure: ") + e);
                    }
                }
            }
        }
    }

    private RecordResult quarantine(IncomingEvent in, String reason, String eventId, String accountId, Instant now) {
        MDC.put("eventId", eventId == null ? "" : Identifier.clipped(eventId));
        MDC.put("accountId", accountId == null ? "" : Identifier.clipped(accountId));
        try {
            String id = keeping.keep(in.raw(), reason, eventId, accountId, now);
            LOG.warnf("quarantined delivery %s as %s: %s", in.deliveryId(), id, reason);
            return RecordResult.quarantined(in, eventId, accountId, reason);
        } catch (RuntimeException e) {
            // Not kept yet, so not acknowledged either: it comes back and is quarantined then.
            LOG.warnf("could not quarantine delivery %s (%s), handing it back: %s", in.deliveryId(), reason, e.getMessage());
            return RecordResult.retry(in, eventId, accountId, "quarantine failed: " + e.getMessage());
        } finally {
            MDC.remove("eventId");
            MDC.remove("accountId");
        }
    }
}
