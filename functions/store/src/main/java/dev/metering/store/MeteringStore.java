package dev.metering.store;

import dev.metering.core.account.Account;
import dev.metering.core.cycle.CyclePools;
import dev.metering.core.ledger.LedgerEntry;
import dev.metering.store.item.AccountItems;
import dev.metering.store.item.Attrs;
import dev.metering.store.item.CycleItems;
import dev.metering.store.item.Keys;
import dev.metering.store.item.LedgerItems;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.BatchGetItemResponse;
import software.amazon.awssdk.services.dynamodb.model.ConditionCheck;
import software.amazon.awssdk.services.dynamodb.model.KeysAndAttributes;
import software.amazon.awssdk.services.dynamodb.model.Put;
import software.amazon.awssdk.services.dynamodb.model.TransactWriteItem;
import software.amazon.awssdk.services.dynamodb.model.TransactionCanceledException;

/** Reads and the simple writes of accounts, cycles and the ledger. Debits go through {@link DebitWriter}. */
public final class MeteringStore {

    private static final int BATCH_GET_LIMIT = 100;

    private final DynamoDbClient dynamo;
    private final StoreConfig config;

    public MeteringStore(DynamoDbClient dynamo, StoreConfig config) {
        this.dynamo = dynamo;
        this.config = config;
    }

    public StoreConfig config() {
        return config;
    }

    /** Thrown when an account that should be new already exists. */
    public static final class AccountExists extends RuntimeException {
        public AccountExists(String accountId) {
            super("account already exists: " + accountId);
        }
    }

    /**
     * Creates an account together with its first cycle's pools and their opening grants, in one
     * transaction: an account never exists without the pools of its current cycle.
     */
    public void createAccount(Account account, CyclePools firstCycle, List<LedgerEntry> openingGrants) {
        List<TransactWriteItem> actions = new ArrayList<>();
        actions.add(newItem(AccountItems.toItem(account)));
        actions.add(newItem(CycleItems.toItem(firstCycle, 1)));
        for (LedgerEntry grant : openingGrants) {
            actions.add(newItem(LedgerItems.toItem(account.id(), grant)));
        }
        try {
            dynamo.transactWriteItems(b -> b.transactItems(actions));
        } catch (TransactionCanceledException e) {
            if (e.hasCancellationReasons() && "ConditionalCheckFailed".equals(e.cancellationReasons().get(0).code())) {
                throw new AccountExists(account.id());
            }
            throw e;
        }
    }

    /**
     * Runs a transaction whose conditions guard against concurrent writers.
     *
     * @return false when it was cancelled (a condition failed, or a conflict or throttle): the caller
     *     reads again and retries with backoff
     */
    public boolean transact(List<TransactWriteItem> actions) {
        try {
            dynamo.transactWriteItems(b -> b.transactItems(actions));
            return true;
        } catch (TransactionCanceledException e) {
            return false;
        }
    }

    /** The whole cycle item at the next version, on condition that it is still the version read (or new). */
    public TransactWriteItem cycleWrite(CyclePools before, CyclePools after) {
        return cycleWrite(before, after, Map.of());
    }

    /** As {@link #cycleWrite(CyclePools, CyclePools)}, with more attributes on the item (a close's record). */
    public TransactWriteItem cycleWrite(CyclePools before, CyclePools after, Map<String, AttributeValue> more) {
        Map<String, AttributeValue> item = CycleItems.toItem(after, before.version() + 1);
        item.putAll(more);
        Put.Builder put = Put.builder().tableName(config.tableName()).item(item);
        if (before.isStored()) {
            put.conditionExpression("version = :read AND attribute_not_exists(closedAt)")
                    .expressionAttributeValues(Map.of(":read", Attrs.n(before.version())));
        } else {
            put.conditionExpression("attribute_not_exists(pk)");
        }
        return TransactWriteItem.builder().put(put.build()).build();
    }

    /** A cycle written by a settings change: as read ({@code version 0}: opened by this write) and after it. */
    public record CycleWrite(CyclePools before, CyclePools after) {}

    /**
     * Changes settings: the account (condition: the version read), each cycle the change reaches
     * (condition: the version read and still open, or new), the ledger entries that record the
     * change, and a check that each of {@code absentCycles} is still not opened (an event stamped
     * ahead may open the next cycle at any moment, and it would miss this change), all at once.
     *
     * @return false when a concurrent write got in first: read again and retry
     */
    public boolean writeSettings(Account before, Account after, List<CycleWrite> cycles, List<LedgerEntry> entries,
                                 List<Instant> absentCycles) {
        List<TransactWriteItem> actions = new ArrayList<>();
        actions.add(TransactWriteItem.builder().put(Put.builder().tableName(config.tableName())
                .item(AccountItems.toItem(after))
                .conditionExpression("version = :read")
                .expressionAttributeValues(Map.of(":read", Attrs.n(before.version())))
                .build()).build());
        cycles.forEach(c -> actions.add(cycleWrite(c.before(), c.after())));
        entries.forEach(e -> actions.add(newItem(LedgerItems.toItem(after.id(), e))));
        absentCycles.forEach(start -> actions.add(TransactWriteItem.builder().conditionCheck(ConditionCheck.builder()
                .tableName(config.tableName()).key(CycleItems.key(after.id(), start))
                .conditionExpression("attribute_not_exists(pk)").build()).build()));
        return transact(actions);
    }

    /** A check, inside a transaction, that the account is still at the version a cycle's opening was computed from. */
    public TransactWriteItem accountUnchanged(Account account) {
        return TransactWriteItem.builder().conditionCheck(ConditionCheck.builder().tableName(config.tableName())
                .key(AccountItems.key(account.id())).conditionExpression("version = :read")
                .expressionAttributeValues(Map.of(":read", Attrs.n(account.version()))).build()).build();
    }

    public boolean ledgerEntryExists(String accountId, String entryId) {
        return dynamo.getItem(b -> b.tableName(config.tableName()).consistentRead(true).key(Map.of(
                Keys.PK, AttributeValue.fromS(Keys.account(accountId)), Keys.SK, AttributeValue.fromS(Keys.entry(entryId))))).hasItem();
    }

    /** One page of a query, newest first, with the key to continue from (null on the last page). */
    public record Page<T>(List<T> items, Map<String, AttributeValue> lastKey) {}

    /** One page of a cycle's ledger, newest first. */
    public Page<LedgerEntry> ledgerPage(String accountId, Instant cycleStart, int limit, Map<String, AttributeValue> startKey) {
        var response = dynamo.query(b -> {
            b.tableName(config.tableName()).indexName(Keys.GSI1).scanIndexForward(false).limit(limit)
                    .keyConditionExpression("gsi1pk = :pk")
                    .expressionAttributeValues(Map.of(":pk", AttributeValue.fromS(Keys.ledger(accountId, cycleStart))));
            if (startKey != null) {
                b.exclusiveStartKey(startKey);
            }
        });
        List<LedgerEntry> entries = new ArrayList<>();
        response.items().forEach(item -> entries.add(LedgerItems.fromItem(item)));
        return new Page<>(entries, response.hasLastEvaluatedKey() && !response.lastEvaluatedKey().isEmpty() ? response.lastEvaluatedKey() : null);
    }

    public Optional<Account> findAccount(String accountId) {
        Map<String, AttributeValue> item = dynamo.getItem(b -> b.tableName(config.tableName())
                .key(AccountItems.key(accountId)).consistentRead(true)).item();
        return item == null || item.isEmpty() ? Optional.empty() : Optional.of(AccountItems.fromItem(item));
    }

    /** The accounts among {@code accountIds} that exist, by id. */
    public Map<String, Account> findAccounts(Collection<String> accountIds) {
        List<Map<String, AttributeValue>> keys = new ArrayList<>();
        accountIds.forEach(id -> keys.add(AccountItems.key(id)));
        Map<String, Account> found = new HashMap<>();
        for (Map<String, AttributeValue> item : batchGet(keys)) {
            Account account = AccountItems.fromItem(item);
            found.put(account.id(), account);
        }
        return found;
    }

    public Optional<CyclePools> findCycle(String accountId, Instant cycleStart) {
        Map<String, AttributeValue> item = dynamo.getItem(b -> b.tableName(config.tableName())
                .key(CycleItems.key(accountId, cycleStart)).consistentRead(true)).item();
        return item == null || item.isEmpty() ? Optional.empty() : Optional.of(CycleItems.fromItem(item));
    }

    /** A cycle of an account, as a key for {@link #findCycles}. */
    public record CycleKey(String accountId, Instant cycleStart) {}

    public Map<CycleKey, CyclePools> findCycles(Collection<CycleKey> cycles) {
        List<Map<String, AttributeValue>> keys = new ArrayList<>();
        cycles.stream().distinct().forEach(k -> keys.add(CycleItems.key(k.accountId(), k.cycleStart())));
        Map<CycleKey, CyclePools> found = new HashMap<>();
        for (Map<String, AttributeValue> item : batchGet(keys)) {
            CyclePools pools = CycleItems.fromItem(item);
            found.put(new CycleKey(pools.accountId(), pools.cycle().start()), pools);
        }
        return found;
    }

    /** Every ledger entry of one cycle, oldest first (for audits and tests; the API pages). */
    public List<LedgerEntry> ledger(String accountId, Instant cycleStart) {
        List<LedgerEntry> entries = new ArrayList<>();
        dynamo.queryPaginator(b -> b.tableName(config.tableName()).indexName(Keys.GSI1)
                        .keyConditionExpression("gsi1pk = :pk")
                        .expressionAttributeValues(Map.of(":pk", AttributeValue.fromS(Keys.ledger(accountId, cycleStart)))))
                .items().forEach(item -> entries.add(LedgerItems.fromItem(item)));
        return entries;
    }

    public DynamoDbClient dynamo() {
        return dynamo;
    }

    private List<Map<String, AttributeValue>> batchGet(List<Map<String, AttributeValue>> keys) {
        List<Map<String, AttributeValue>> items = new ArrayList<>();
        for (int from = 0; from < keys.size(); from += BATCH_GET_LIMIT) {
            Map<String, KeysAndAttributes> request = new LinkedHashMap<>();
            request.put(config.tableName(), KeysAndAttributes.builder()
                    .keys(keys.subList(from, Math.min(keys.size(), from + BATCH_GET_LIMIT))).consistentRead(true).build());
            int rounds = 0;
            while (!request.isEmpty()) {
                Map<String, KeysAndAttributes> ask = request;
                BatchGetItemResponse response = dynamo.batchGetItem(b -> b.requestItems(ask));
                items.addAll(response.responses().getOrDefault(config.tableName(), List.of()));
                request = response.hasUnprocessedKeys() ? response.unprocessedKeys() : Map.of();
                if (!request.isEmpty()) {
                    Backoff.sleep(config, ++rounds);
                }
            }
        }
        return items;
    }

    /** A put of a new item: condition attribute_not_exists(pk), so nothing is ever overwritten. */
    public TransactWriteItem newItem(Map<String, AttributeValue> item) {
        return TransactWriteItem.builder().put(Put.builder().tableName(config.tableName()).item(item)
                .conditionExpression("attribute_not_exists(pk)").build()).build();
    }
}
