package dev.metering.store.recording;

import dev.metering.core.account.Account;
import dev.metering.core.cycle.BillingCalendar;
import dev.metering.core.cycle.CycleOpening;
import dev.metering.core.id.Identifier;
import dev.metering.core.cycle.CyclePools;
import dev.metering.core.usage.UsageEventParser;
import dev.metering.store.Deadline;
import dev.metering.store.DebitWriter;
import dev.metering.store.MeteringStore;
import dev.metering.store.MeteringStore.CycleKey;
import dev.metering.store.QuarantineStore;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
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
    private final CycleOpening opening;
    private final Clock clock;

    public UsageRecorder(MeteringStore store, DebitWriter writer, QuarantineStore quarantine, UsageEventParser parser,
                         CycleOpening opening, Clock clock) {
        this.store = store;
        this.writer = writer;
        this.quarantine = quarantine;
        this.parser = parser;
        this.opening = opening;
        this.clock = clock;
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
        Map<String, List<AccountRecorder.Accepted>> byAccount = new LinkedHashMap<>();
        for (int i = 0; i < incoming.size(); i++) {
            IncomingEvent in = incoming.get(i);
            UsageEventParser.Result parsed = parser.parse(in.raw());
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
        Map<String, Account> accounts;
        Map<CycleKey, CyclePools> prefetched;
        try {
            accounts = store.findAccounts(byAccount.keySet());
            prefetched = store.findCycles(cyclesToRead(byAccount, accounts, now));
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
            for (CycleKey key : cyclesToRead(Map.of(accountId, entry.getValue()), accounts, now)) {
                known.put(key.cycleStart(), Optional.ofNullable(prefetched.get(key)));
            }
            try {
                new AccountRecorder(store, writer, opening, (in, reason, eventId, owner) -> quarantine(in, reason, eventId, owner, now),
                        account, known, now, deadline).record(entry.getValue(), results);
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

    /** Each account's current cycle and the cycles its events occurred in: read in one round trip. */
    private static Set<CycleKey> cyclesToRead(Map<String, List<AccountRecorder.Accepted>> byAccount, Map<String, Account> accounts, Instant now) {
        Set<CycleKey> keys = new HashSet<>();
        byAccount.forEach((accountId, events) -> {
            Account account = accounts.get(accountId);
            if (account == null) {
                return;
            }
            BillingCalendar calendar = account.calendar();
            keys.add(new CycleKey(accountId, calendar.cycleContaining(now).start()));
            events.forEach(a -> keys.add(new CycleKey(accountId, calendar.cycleContaining(a.event().occurredAt()).start())));
        });
        return keys;
    }

    private RecordResult quarantine(IncomingEvent in, String reason, String eventId, String accountId, Instant now) {
        MDC.put("eventId", eventId == null ? "" : Identifier.clipped(eventId));
        MDC.put("accountId", accountId == null ? "" : Identifier.clipped(accountId));
        try {
            String id = quarantine.quarantine(in.raw(), reason, eventId, accountId, now);
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
