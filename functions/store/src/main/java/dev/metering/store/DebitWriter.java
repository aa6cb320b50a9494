package dev.metering.store;

import dev.metering.core.cycle.CyclePools;
import dev.metering.core.ledger.LedgerEntry;
import dev.metering.store.item.LedgerItems;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.CancellationReason;
import software.amazon.awssdk.services.dynamodb.model.DynamoDbException;
import software.amazon.awssdk.services.dynamodb.model.Put;
import software.amazon.awssdk.services.dynamodb.model.TransactWriteItem;
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
 *                                                                              seen only together with its debit
 * ENTRY#grant:... (opening) attribute_not_exists(pk)                          the opening grant is recorded once
 * </pre>
 *
 * The whole cycle item is written with its new totals, state, rate switch and thresholds, so that
 * all of them change together with the ledger entries or not at all.
 */
public final class DebitWriter {

    private final DynamoDbClient dynamo;
    private final MeteringStore store;
    private final StoreConfig config;

    public DebitWriter(DynamoDbClient dynamo, MeteringStore store) {
        this.dynamo = dynamo;
        this.store = store;
        this.config = store.config();
    }

    public DebitOutcome write(DebitWrite write, Instant now) {
        CyclePools before = write.before();
        List<TransactWriteItem> actions = new ArrayList<>(1 + write.debits().size() + write.openingGrants().size());
        actions.add(store.cycleWrite(before, write.after()));
        Instant expiresAt = now.plus(config.eventRetention());
        String accountId = before.accountId();
        for (LedgerEntry debit : write.debits()) {
            actions.add(newItem(LedgerItems.toItem(accountId, debit, expiresAt)));
        }
        for (LedgerEntry grant : write.openingGrants()) {
            actions.add(newItem(LedgerItems.toItem(accountId, grant, null)));
        }
        try {
            dynamo.transactWriteItems(b -> b.transactItems(actions));
            return DebitOutcome.committed();
        } catch (TransactionCanceledException e) {
            return fromCancellation(e, write);
        } catch (SdkClientException e) {
            // A timeout may hide a commit; the retry is safe because each event's entry is conditional.
            return new DebitOutcome(DebitOutcome.Kind.TRANSIENT, Set.of(), "client: " + e.getMessage());
        } catch (DynamoDbException e) {
            if (e.isThrottlingException() || e.statusCode() >= 500 || "TransactionInProgressException".equals(e.awsErrorDetails().errorCode())) {
                return new DebitOutcome(DebitOutcome.Kind.TRANSIENT, Set.of(), e.awsErrorDetails().errorCode());
            }
            throw e;
        }
    }

    private TransactWriteItem newItem(Map<String, AttributeValue> item) {
        return TransactWriteItem.builder().put(Put.builder().tableName(config.tableName()).item(item)
                .conditionExpression("attribute_not_exists(pk)").build()).build();
    }

    private static DebitOutcome fromCancellation(TransactionCanceledException e, DebitWrite write) {
        List<CancellationReason> reasons = e.hasCancellationReasons() ? e.cancellationReasons() : List.of();
        Set<String> duplicates = new HashSet<>();
        boolean stale = false;
        boolean transientFailure = reasons.isEmpty();
        for (int i = 0; i < reasons.size(); i++) {
            String code = reasons.get(i).code();
            if (code == null || "None".equals(code)) {
                continue;
            }
            if ("ConditionalCheckFailed".equals(code)) {
                if (i == 0) {
                    stale = true;
                } else if (i <= write.debits().size()) {
                    duplicates.add(write.debits().get(i - 1).eventId());
                } else {
                    stale = true; // another writer opened the cycle first
                }
            } else {
                transientFailure = true; // TransactionConflict, ThrottlingError, ProvisionedThroughputExceeded, ...
            }
        }
        if (!duplicates.isEmpty()) {
            return new DebitOutcome(DebitOutcome.Kind.DUPLICATES, Set.copyOf(duplicates), "already counted");
        }
        if (stale) {
            return new DebitOutcome(DebitOutcome.Kind.STALE, Set.of(), "cycle changed since read");
        }
        return new DebitOutcome(DebitOutcome.Kind.TRANSIENT, Set.of(),
                transientFailure ? "cancelled: " + reasonCodes(reasons) : "cancelled without reasons");
    }

    private static String reasonCodes(List<CancellationReason> reasons) {
        List<String> codes = new ArrayList<>();
        reasons.forEach(r -> codes.add(r.code()));
        return String.join(",", codes);
    }
}
