package dev.metering.store;

import dev.metering.core.cycle.CyclePools;
import dev.metering.store.item.LedgerEntryItem;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.services.dynamodb.model.CancellationReason;
import software.amazon.awssdk.services.dynamodb.model.DynamoDbException;
import software.amazon.awssdk.services.dynamodb.model.TransactionCanceledException;

/**
 * Writes a {@link DebitWrite} as one {@code TransactWriteItems}. The guards, which make a debit
 * safe under any number of concurrent writers:
 *
 * <pre>
 * item                      condition                                         why
 * cycle, already stored     version = :read AND attribute_not_exists(closedAt) the split was computed from exactly
 *                                                                              this state; any other writer (debit,
 *                                                                              settings, reset) bumps the version,
 *                                                                              and a closed cycle never changes
 * cycle, opened here        attribute_not_exists(pk)                          two openers cannot both grant
 * EVT#{eventId} (debit)     attribute_not_exists(pk)                          an event is counted once, and marked
 *                                                                              seen only together with its debit; on
 *                                                                              failure the stored entry comes back
 *                                                                              (ALL_OLD), whose body hash tells a
 *                                                                              resend from a reused id
 * ENTRY#grant:... (opening) attribute_not_exists(pk)                          the opening grant is recorded once
 * account (opening only)    version = :read (a check, no write)               the cycle opened on the terms read:
 *                                                                              a settings change in between
 *                                                                              forces a re-read
 * USAGE#... (cells)         none: ADD of the increments                       a cell only ever grows, and only in
 *                                                                              the transaction that writes its debits
 * BUDGETS                   version = :read (absent when none was read)       each debit is counted under the budgets
 *                                                                              it was matched against, once
 * TAG#... (tag cells)       none: ADD of the increments                       as usage cells
 * TAGVAL#... (new values)   attribute_not_exists(pk)                          a value is told apart once
 * TAGKEY#... (their count)  values + the new ones within 1,000                a key never tells more values apart
 * </pre>
 *
 * The whole cycle item is written with its new totals, state, rate switch and thresholds, so that
 * all of them change together with the ledger entries or not at all.
 */
public final class DebitWriter {

    private final MeteringStore store;

    public DebitWriter(MeteringStore store) {
        this.store = store;
    }

    public DebitOutcome write(DebitWrite write) {
        CyclePools before = write.before();
        String accountId = before.accountId();
        Transaction debit = store.transaction().cycle(before, write.after(), write.organizationId());
        // The opening grants before the debits: the ledger's order, in which the credit comes before it is spent.
        write.openingGrants().forEach(grant -> debit.newEntry(accountId, grant));
        write.debits().forEach(entry -> debit.newDebit(accountId, entry));
        write.cells().forEach(cell -> debit.addUsage(accountId, before.cycle().start(), cell));
        if (write.openedFrom() != null) {
            debit.accountUnchanged(write.openedFrom());
        }
        if (write.budgets() != null) {
            DebitWrite.Budgets b = write.budgets();
            debit.budgets(accountId, b.before(), b.after(), b.crossings(), b.current(), write.organizationId());
        }
        debit.addTagUsage(accountId, before.cycle().start(), write.tagCells());
        write.admitted().forEach((tag, values) -> debit.admitTagValues(accountId, before.cycle().start(), tag, values));
        try {
            debit.commit();
            if (write.budgets() != null) {
                store.budgetsCommitted(accountId, write.budgets().after());
            }
            return DebitOutcome.committed();
        } catch (TransactionCanceledException e) {
            return fromCancellation(e, write);
        } catch (SdkClientException e) {
            // A timeout may hide a commit; the retry is safe because each event's entry is conditional.
            return DebitOutcome.of(DebitOutcome.Kind.TRANSIENT, "client: " + e.getMessage());
        } catch (DynamoDbException e) {
            if (e.isThrottlingException() || e.statusCode() >= 500 || "TransactionInProgressException".equals(e.awsErrorDetails().errorCode())) {
                return DebitOutcome.of(DebitOutcome.Kind.TRANSIENT, e.awsErrorDetails().errorCode());
            }
            throw e;
        }
    }

    private static DebitOutcome fromCancellation(TransactionCanceledException e, DebitWrite write) {
        List<CancellationReason> reasons = e.hasCancellationReasons() ? e.cancellationReasons() : List.of();
        Map<String, String> seen = new HashMap<>();
        boolean stale = false;
        boolean transientFailure = reasons.isEmpty();
        int firstDebit = 1 + write.openingGrants().size();
        for (int i = 0; i < reasons.size(); i++) {
            String code = reasons.get(i).code();
            if (code == null || "None".equals(code)) {
                continue;
            }
            if ("ConditionalCheckFailed".equals(code)) {
                if (i >= firstDebit && i < firstDebit + write.debits().size()) {
                    seen.put(write.debits().get(i - firstDebit).eventId(), storedBodyHash(reasons.get(i)));
                } else {
                    // the cycle changed, another writer opened it first (a grant), or the account changed
                    stale = true;
                }
            } else {
                transientFailure = true; // TransactionConflict, ThrottlingError, ProvisionedThroughputExceeded, ...
            }
        }
        if (!seen.isEmpty()) {
            return new DebitOutcome(DebitOutcome.Kind.SEEN, Map.copyOf(seen), "already counted");
        }
        if (stale) {
            return DebitOutcome.of(DebitOutcome.Kind.STALE, "cycle changed since read");
        }
        return DebitOutcome.of(DebitOutcome.Kind.TRANSIENT,
                transientFailure ? "cancelled: " + reasonCodes(reasons) : "cancelled without reasons");
    }

    private static String storedBodyHash(CancellationReason reason) {
        String hash = reason.hasItem() ? LedgerEntryItem.SCHEMA.mapToItem(reason.item()).bodyHash() : null;
        return hash == null ? "" : hash;
    }

    private static String reasonCodes(List<CancellationReason> reasons) {
        List<String> codes = new ArrayList<>();
        reasons.forEach(r -> codes.add(r.code()));
        return String.join(",", codes);
    }
}
