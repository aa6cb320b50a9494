package dev.metering.store;

import dev.metering.core.account.Account;
import dev.metering.core.cycle.CyclePools;
import dev.metering.core.cycle.InvoiceLine;
import dev.metering.core.ledger.LedgerEntry;
import dev.metering.core.usage.UsageCell;
import dev.metering.core.budget.BudgetSet;
import dev.metering.store.item.AccountItem;
import dev.metering.store.item.BudgetSetItem;
import dev.metering.store.item.TagCellItem;
import dev.metering.store.item.TagKeyItem;
import dev.metering.store.item.TagValueItem;
import dev.metering.store.item.CycleItem;
import dev.metering.store.item.DueMarker;
import dev.metering.store.item.Keys;
import dev.metering.store.item.LedgerEntryItem;
import dev.metering.store.item.MeteringTable;
import dev.metering.store.item.PageCursor;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import java.util.function.Predicate;
import software.amazon.awssdk.enhanced.dynamodb.DynamoDbTable;
import software.amazon.awssdk.enhanced.dynamodb.Key;
import software.amazon.awssdk.enhanced.dynamodb.model.BatchGetItemEnhancedRequest;
import software.amazon.awssdk.enhanced.dynamodb.model.BatchGetResultPage;
import software.amazon.awssdk.enhanced.dynamodb.model.GetItemEnhancedRequest;
import software.amazon.awssdk.enhanced.dynamodb.model.QueryConditional;
import software.amazon.awssdk.enhanced.dynamodb.model.QueryEnhancedRequest;
import software.amazon.awssdk.enhanced.dynamodb.model.ReadBatch;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.TransactionCanceledException;

/** Reads and the simple writes of accounts, cycles and the ledger. Debits go through {@link DebitWriter}. */
public final class MeteringStore {

    private static final int BATCH_GET_LIMIT = 100;

    private final DynamoDbClient dynamo;
    private final MeteringTable table;
    private final StoreConfig config;
    private final KnownBudgetSets knownBudgets = new KnownBudgetSets();

    public MeteringStore(DynamoDbClient dynamo, StoreConfig config) {
        this.dynamo = dynamo;
        this.table = new MeteringTable(dynamo, config.tableName());
        this.config = config;
    }

    public StoreConfig config() {
        return config;
    }

    /** Open cycles by their end, for the reset. */
    public DueIndex dueIndex() {
        return new DueIndex(table, config.dueShards());
    }

    /** A new transaction on this table. */
    public Transaction transaction() {
        return new Transaction(table, config.dueShards());
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
        Transaction create = transaction().newAccount(account).cycle(firstCycle.atVersion(0), firstCycle, account.organizationId());
        openingGrants.forEach(grant -> create.newEntry(account.id(), grant));
        try {
            create.commit();
        } catch (TransactionCanceledException e) {
            if (e.hasCancellationReasons() && "ConditionalCheckFailed".equals(e.cancellationReasons().get(0).code())) {
                throw new AccountExists(account.id());
            }
            throw e;
        }
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
        Transaction change = transaction().account(before, after);
        cycles.forEach(c -> change.cycle(c.before(), c.after(), after.organizationId()));
        entries.forEach(e -> change.newEntry(after.id(), e));
        absentCycles.forEach(start -> change.cycleAbsent(after.id(), start));
        return change.tryCommit();
    }

    /** An answer kept with the entry a request made, for a retry of that request: its fingerprint, status and body. */
    public record KeptAnswer(String fingerprint, int status, String body) {}

    /**
     * An adjustment: the account touched (condition: the version read, so that it serializes with
     * settings changes), the cycle (condition: the version read and open, or new), opening grants
     * when this write opens the cycle, and the adjustment's entry with the answer to its request
     * (condition: new, so that a request is applied once).
     *
     * @return false when a concurrent write got in first, or the entry exists: see {@link #findAnswer}
     */
    public boolean writeAdjustment(Account before, CycleWrite cycle, List<LedgerEntry> grants, LedgerEntry adjustment,
                                   KeptAnswer answer) {
        Transaction adjust = transaction().account(before, before.touched()).cycle(cycle.before(), cycle.after(), before.organizationId());
        grants.forEach(grant -> adjust.newEntry(before.id(), grant));
        return adjust.newAdjustment(before.id(), adjustment, answer).tryCommit();
    }

    /** The answer kept with an entry made on request, if the entry exists. */
    public Optional<KeptAnswer> findAnswer(String accountId, String entryId) {
        LedgerEntryItem item = findEntryItem(accountId, entryId);
        return item == null ? Optional.empty()
                : Optional.of(new KeptAnswer(item.requestFingerprint(), item.answerStatus(), item.answerBody()));
    }

    private LedgerEntryItem findEntryItem(String accountId, String entryId) {
        return table.ledger().getItem(GetItemEnhancedRequest.builder()
                .key(LedgerEntryItem.key(accountId, Keys.entry(entryId))).consistentRead(true).build());
    }

    /**
     * One page of a query, with where the listing goes on: an opaque cursor, null on the last page.
     */
    public record Page<T>(List<T> items, String cursor) {}

    /** The most ledger entries one page looks at, whatever it finds among them. */
    public static final int LEDGER_SCAN_LIMIT = 1_000;
    /** The fewest entries one read of a page asks for (unless the scan limit leaves fewer). */
    public static final int LEDGER_MIN_READ = 100;

    /**
     * One page of a cycle's ledger, newest first (by sequence), of the entries {@code wanted}: up to
     * {@code limit} of them, reading on through the index in reads of at least {@link #LEDGER_MIN_READ}
     * until the page is full, the ledger ends, or {@link #LEDGER_SCAN_LIMIT} entries were looked at:
     * then the page may hold fewer than {@code limit} (none, even) and its cursor goes on from where
     * the scan stopped. So a page costs at most ten reads whatever the cycle holds and the filter lets through.
     *
     * @param cursor where the previous page stopped (null: from the newest)
     * @throws IllegalArgumentException for a cursor that no page of this store gave
     */
    public Page<LedgerEntry> ledgerPage(String accountId, Instant cycleStart, int limit, String cursor, Predicate<LedgerEntry> wanted) {
        Map<String, AttributeValue> from = PageCursor.decode(cursor);
        List<LedgerEntry> entries = new ArrayList<>();
        int scanned = 0;
        while (scanned < LEDGER_SCAN_LIMIT) {
            int read = Math.min(LEDGER_SCAN_LIMIT - scanned, Math.max(LEDGER_MIN_READ, limit));
            var page = table.ledgerIndex().query(QueryEnhancedRequest.builder()
                    .queryConditional(QueryConditional.keyEqualTo(k -> k.partitionValue(Keys.ledger(accountId, cycleStart))))
                    .scanIndexForward(false).limit(read).exclusiveStartKey(from).build()).iterator().next();
            List<LedgerEntryItem> items = page.items();
            for (int i = 0; i < items.size(); i++) {
                scanned++;
                LedgerEntry entry = items.get(i).toEntry();
                if (wanted.test(entry)) {
                    entries.add(entry);
                    if (entries.size() == limit) {
                        boolean last = i == items.size() - 1 && page.lastEvaluatedKey() == null;
                        return new Page<>(entries, last ? null : PageCursor.encode(items.get(i).indexKey()));
                    }
                }
            }
            from = page.lastEvaluatedKey();
            if (from == null) {
                return new Page<>(entries, null);
            }
        }
        return new Page<>(entries, PageCursor.encode(from));
    }

    /**
     * One page of the invoice lines of the cycles closed in {@code [closedFrom, closedTo)}: the closes'
     * partitions ({@code CLOSED#{shard}}) one after another, by close within each, so that a listing
     * costs one query per shard and per page however long the window; then one batch read of the
     * pages' cycle items. Every close of the window is listed once across the pages.
     *
     * @param cursor where the previous page stopped (null: from the first shard)
     * @throws IllegalArgumentException for a cursor that no page of this listing gave
     */
    public Page<InvoiceLine> invoiceLines(Instant closedFrom, Instant closedTo, int limit, String cursor) {
        Map<String, AttributeValue> from = PageCursor.decode(cursor);
        if (from != null && from.get(Keys.GSI2PK) == null) {
            throw new IllegalArgumentException("not a cursor of invoice lines");
        }
        int shard = from == null ? 0 : Keys.closedShard(from.get(Keys.GSI2PK).s());
        List<DueMarker> listed = new ArrayList<>();
        while (shard < config.dueShards() && listed.size() < limit) {
            int current = shard;
            var page = table.dueIndex().query(QueryEnhancedRequest.builder()
                    .queryConditional(QueryConditional.sortBetween(k -> k.partitionValue(Keys.closed(current)).sortValue(Keys.time(closedFrom)),
                            k -> k.partitionValue(Keys.closed(current)).sortValue(Keys.time(closedTo))))
                    .limit(limit - listed.size()).exclusiveStartKey(from).build()).iterator().next();
            listed.addAll(page.items());
            from = page.lastEvaluatedKey();
            if (from == null) {
                shard++;
            }
        }
        // A full page may end where its shard ends: the next page then starts by finding that shard done.
        boolean more = listed.size() == limit && (from != null || shard < config.dueShards());
        String next = more ? PageCursor.encode(listed.get(listed.size() - 1).indexKey()) : null;
        Map<String, InvoiceLine> lines = new HashMap<>();
        batchGet(table.cycles(), CycleItem.class, listed.stream().map(m -> CycleItem.key(m.accountId(), m.cycleStart())).toList(),
                Function.identity()).forEach(item -> lines.put(item.toPools().accountId() + "@" + item.toPools().cycle().start(),
                item.toInvoiceLine()));
        return new Page<>(listed.stream().map(m -> lines.get(m.accountId() + "@" + m.cycleStart())).toList(), next);
    }

    public Optional<Account> findAccount(String accountId) {
        AccountItem item = table.accounts().getItem(GetItemEnhancedRequest.builder()
                .key(AccountItem.key(accountId)).consistentRead(true).build());
        return Optional.ofNullable(item).map(AccountItem::toAccount);
    }

    /** The accounts among {@code accountIds} that exist, by id. */
    public Map<String, Account> findAccounts(Collection<String> accountIds) {
        List<Key> keys = new ArrayList<>();
        accountIds.stream().distinct().forEach(id -> keys.add(AccountItem.key(id)));
        Map<String, Account> found = new HashMap<>();
        batchGet(table.accounts(), AccountItem.class, keys, AccountItem::toAccount).forEach(a -> found.put(a.id(), a));
        return found;
    }

    /** An account and its budgets (none: the empty set at version 0). */
    public record AccountState(Account account, BudgetSet budgets) {}

    /** The accounts among {@code accountIds} that exist, with their budgets, by id: one batch read of both. */
    public Map<String, AccountState> findAccountsWithBudgets(Collection<String> accountIds) {
        List<Map<String, AttributeValue>> keys = new ArrayList<>();
        accountIds.stream().distinct().forEach(id -> {
            keys.add(key(Keys.account(id), Keys.ACCOUNT));
            keys.add(key(Keys.account(id), BudgetSetItem.SORT_KEY));
        });
        Map<String, Account> accounts = new HashMap<>();
        Map<String, BudgetSet> budgets = new HashMap<>();
        for (Map<String, AttributeValue> item : MixedBatch.read(dynamo, config, keys)) {
            String sk = item.get(Keys.SK).s();
            if (BudgetSetItem.isOne(sk)) {
                String accountId = item.get(Keys.PK).s().substring(Keys.account("").length());
                BudgetSet known = knownBudgets.at(accountId, BudgetSetItem.versionOf(item));
                if (known == null) {
                    known = BudgetSetItem.setOf(item);
                    knownBudgets.read(accountId, known);
                }
                budgets.put(accountId, known);
            } else if (Keys.ACCOUNT.equals(sk)) {
                Account account = AccountItem.SCHEMA.mapToItem(item).toAccount();
                accounts.put(account.id(), account);
            }
        }
        Map<String, AccountState> found = new HashMap<>();
        accounts.forEach((id, account) -> found.put(id, new AccountState(account, budgets.getOrDefault(id, BudgetSet.NONE))));
        return found;
    }

    /** A set this store's writer committed: the one a read at its version finds. */
    void budgetsCommitted(String accountId, BudgetSet set) {
        knownBudgets.committed(accountId, set);
    }

    /** An account's budgets and their spend (none: the empty set at version 0). */
    public BudgetSet findBudgets(String accountId) {
        BudgetSetItem item = table.budgetSets().getItem(GetItemEnhancedRequest.builder().key(BudgetSetItem.key(accountId)).consistentRead(true).build());
        return item == null ? BudgetSet.NONE : item.toSet();
    }

    /** A cycle (empty when not opened) and the account's budgets: one batch read of both. */
    public record CycleAndBudgets(Optional<CyclePools> cycle, BudgetSet budgets) {}

    public CycleAndBudgets findCycleAndBudgets(String accountId, Instant cycleStart) {
        CyclePools cycle = null;
        BudgetSet budgets = BudgetSet.NONE;
        for (Map<String, AttributeValue> item : MixedBatch.read(dynamo, config,
                List.of(key(Keys.account(accountId), Keys.cycle(cycleStart)), key(Keys.account(accountId), BudgetSetItem.SORT_KEY)))) {
            if (BudgetSetItem.isOne(item.get(Keys.SK).s())) {
                budgets = BudgetSetItem.SCHEMA.mapToItem(item).toSet();
            } else {
                cycle = CycleItem.SCHEMA.mapToItem(item).toPools();
            }
        }
        return new CycleAndBudgets(Optional.ofNullable(cycle), budgets);
    }

    /** A tag value an account's event carries, in a cycle. */
    public record TagRef(String accountId, Instant cycleStart, String tag, String value) {}

    /**
     * What a cycle tells apart of some tag keys: how many values each key has, and which of the values
     * asked about are among them ({@code tag + "=" + value}).
     */
    public record TagAdmissions(Map<String, Long> valuesPerKey, java.util.Set<String> admitted) {
        public static final TagAdmissions NONE = new TagAdmissions(Map.of(), java.util.Set.of());

        public boolean admits(String tag, String value) {
            return admitted.contains(tag + "=" + value);
        }

        public long values(String tag) {
            return valuesPerKey.getOrDefault(tag, 0L);
        }

        /** The same, also admitting {@code known} ({@code tag=value} each), values told apart already. */
        public TagAdmissions alsoAdmitting(java.util.Set<String> known) {
            if (known.isEmpty()) {
                return this;
            }
            java.util.Set<String> all = new java.util.HashSet<>(admitted);
            all.addAll(known);
            return new TagAdmissions(valuesPerKey, all);
        }

        public TagAdmissions with(Map<String, java.util.Set<String>> added) {
            Map<String, Long> counts = new HashMap<>(valuesPerKey);
            java.util.Set<String> all = new java.util.HashSet<>(admitted);
            added.forEach((tag, values) -> {
                counts.merge(tag, (long) values.size(), Long::sum);
                values.forEach(value -> all.add(tag + "=" + value));
            });
            return new TagAdmissions(counts, all);
        }
    }

    /** Cycles, and what each tells apart of the tags asked about: one batch read of both. */
    public record CycleReads(Map<CycleKey, CyclePools> cycles, Map<CycleKey, TagAdmissions> tags) {}

    public CycleReads findCyclesAndTags(Collection<CycleKey> cycles, Collection<TagRef> tags) {
        List<Map<String, AttributeValue>> keys = new ArrayList<>();
        cycles.stream().distinct().forEach(k -> keys.add(key(Keys.account(k.accountId()), Keys.cycle(k.cycleStart()))));
        java.util.Set<String> tagKeys = new java.util.HashSet<>();
        for (TagRef ref : new java.util.HashSet<>(tags)) {
            keys.add(key(Keys.account(ref.accountId()), Keys.tagValue(ref.cycleStart(), ref.tag(), ref.value())));
            if (tagKeys.add(ref.accountId() + "@" + ref.cycleStart() + "#" + ref.tag())) {
                keys.add(key(Keys.account(ref.accountId()), Keys.tagKey(ref.cycleStart(), ref.tag())));
            }
        }
        Map<CycleKey, CyclePools> found = new HashMap<>();
        Map<CycleKey, Map<String, Long>> counts = new HashMap<>();
        Map<CycleKey, java.util.Set<String>> admitted = new HashMap<>();
        for (Map<String, AttributeValue> item : MixedBatch.read(dynamo, config, keys)) {
            String sk = item.get(Keys.SK).s();
            String accountId = item.get(Keys.PK).s().substring(Keys.account("").length());
            if (TagValueItem.isOne(sk)) {
                TagValueItem value = TagValueItem.SCHEMA.mapToItem(item);
                admitted.computeIfAbsent(new CycleKey(accountId, value.cycleStart()), k -> new java.util.HashSet<>())
                        .add(value.tagKey() + "=" + value.tagValue());
            } else if (TagKeyItem.isOne(sk)) {
                TagKeyItem key = TagKeyItem.SCHEMA.mapToItem(item);
                counts.computeIfAbsent(new CycleKey(accountId, key.cycleStart()), k -> new HashMap<>()).put(key.tagKey(), key.values());
            } else {
                CyclePools pools = CycleItem.SCHEMA.mapToItem(item).toPools();
                found.put(new CycleKey(pools.accountId(), pools.cycle().start()), pools);
            }
        }
        Map<CycleKey, TagAdmissions> admissions = new HashMap<>();
        java.util.Set<CycleKey> withTags = new java.util.HashSet<>(counts.keySet());
        withTags.addAll(admitted.keySet());
        withTags.forEach(k -> admissions.put(k, new TagAdmissions(counts.getOrDefault(k, Map.of()), admitted.getOrDefault(k, java.util.Set.of()))));
        return new CycleReads(found, admissions);
    }

    /**
     * The cells of one tag key in one cycle, in key order (value, then day), from {@code cursor}: at
     * most {@code limit} items in one query, which the engine stops at 1 MB.
     */
    public Page<dev.metering.core.usage.TagCell> tagCells(String accountId, Instant cycleStart, String tag, int limit, String cursor) {
        var page = dynamo.query(b -> b.tableName(config.tableName()).consistentRead(true).limit(limit)
                .keyConditionExpression("#pk = :pk AND begins_with(#sk, :prefix)")
                .expressionAttributeNames(Map.of("#pk", Keys.PK, "#sk", Keys.SK))
                .expressionAttributeValues(Map.of(":pk", AttributeValue.fromS(Keys.account(accountId)),
                        ":prefix", AttributeValue.fromS(Keys.tagCells(cycleStart, tag))))
                .exclusiveStartKey(PageCursor.decode(cursor)));
        List<dev.metering.core.usage.TagCell> cells = new ArrayList<>();
        page.items().forEach(item -> cells.add(TagCellItem.cell(item)));
        return new Page<>(cells, page.hasLastEvaluatedKey() ? PageCursor.encode(page.lastEvaluatedKey()) : null);
    }

    /** The cursor that goes on after {@code cell} in a listing of its key's cells. */
    public String tagCellCursor(String accountId, Instant cycleStart, dev.metering.core.usage.TagCell cell) {
        return PageCursor.encode(key(Keys.account(accountId), Keys.tagCell(cycleStart, cell.key().tag(), cell.key().value(), cell.key().day())));
    }

    private static Map<String, AttributeValue> key(String pk, String sk) {
        return Map.of(Keys.PK, AttributeValue.fromS(pk), Keys.SK, AttributeValue.fromS(sk));
    }

    /**
     * One page of an organization's seats (the accounts that name it), by account id: one query of
     * its index for at most {@code limit} of them, whatever the size of the organization. An account
     * written before the index existed is listed once it is written again (any settings change).
     *
     * @param cursor where the previous page stopped (null: from the first seat)
     * @throws IllegalArgumentException for a cursor that no page of this store gave
     */
    public Page<Account> seats(String organizationId, int limit, String cursor) {
        var page = table.organizationIndex().query(QueryEnhancedRequest.builder()
                .queryConditional(QueryConditional.keyEqualTo(k -> k.partitionValue(Keys.organization(organizationId))))
                .limit(limit).exclusiveStartKey(PageCursor.decode(cursor)).build()).iterator().next();
        List<Account> seats = new ArrayList<>();
        page.items().forEach(item -> seats.add(item.toAccount()));
        return new Page<>(seats, PageCursor.encode(page.lastEvaluatedKey()));
    }

    public Optional<CyclePools> findCycle(String accountId, Instant cycleStart) {
        CycleItem item = table.cycles().getItem(GetItemEnhancedRequest.builder()
                .key(CycleItem.key(accountId, cycleStart)).consistentRead(true).build());
        return Optional.ofNullable(item).map(CycleItem::toPools);
    }

    /** A cycle of an account, as a key for {@link #findCycles}. */
    public record CycleKey(String accountId, Instant cycleStart) {}

    public Map<CycleKey, CyclePools> findCycles(Collection<CycleKey> cycles) {
        List<Key> keys = new ArrayList<>();
        cycles.stream().distinct().forEach(k -> keys.add(CycleItem.key(k.accountId(), k.cycleStart())));
        Map<CycleKey, CyclePools> found = new HashMap<>();
        batchGet(table.cycles(), CycleItem.class, keys, CycleItem::toPools)
                .forEach(p -> found.put(new CycleKey(p.accountId(), p.cycle().start()), p));
        return found;
    }

    /**
     * The usage cells of one cycle, in key order (day, model, source): one query, paged by the
     * engine only past 1 MB, whatever number of events the cycle counts.
     */
    public List<UsageCell> usage(String accountId, Instant cycleStart) {
        List<UsageCell> cells = new ArrayList<>();
        table.usageCells().query(QueryEnhancedRequest.builder()
                        .queryConditional(QueryConditional.sortBeginsWith(k -> k.partitionValue(Keys.account(accountId))
                                .sortValue(Keys.usageCells(cycleStart))))
                        .consistentRead(true).build())
                .forEach(page -> page.items().forEach(item -> cells.add(item.toCell())));
        return cells;
    }

    /** Every ledger entry of one cycle, oldest first (for audits and tests; the API pages). */
    public List<LedgerEntry> ledger(String accountId, Instant cycleStart) {
        List<LedgerEntry> entries = new ArrayList<>();
        table.ledgerIndex().query(QueryEnhancedRequest.builder()
                        .queryConditional(QueryConditional.keyEqualTo(k -> k.partitionValue(Keys.ledger(accountId, cycleStart))))
                        .build())
                .forEach(page -> page.items().forEach(item -> entries.add(item.toEntry())));
        return entries;
    }

    /**
     * Consistent batch reads, at most 100 keys a request; keys the engine left unprocessed are asked
     * again after a backoff (the enhanced client would ask again at once).
     */
    private <T, R> List<R> batchGet(DynamoDbTable<T> from, Class<T> type, List<Key> keys, Function<T, R> map) {
        List<R> found = new ArrayList<>();
        for (int start = 0; start < keys.size(); start += BATCH_GET_LIMIT) {
            List<Key> pending = keys.subList(start, Math.min(keys.size(), start + BATCH_GET_LIMIT));
            int rounds = 0;
            while (!pending.isEmpty()) {
                ReadBatch.Builder<T> batch = ReadBatch.builder(type).mappedTableResource(from);
                pending.forEach(key -> batch.addGetItem(GetItemEnhancedRequest.builder().key(key).consistentRead(true).build()));
                BatchGetResultPage page = table.enhanced().batchGetItem(BatchGetItemEnhancedRequest.builder()
                        .readBatches(batch.build()).build()).iterator().next();
                page.resultsForTable(from).forEach(item -> found.add(map.apply(item)));
                pending = page.unprocessedKeysForTable(from);
                if (!pending.isEmpty()) {
                    Backoff.sleep(config, ++rounds);
                }
            }
        }
        return found;
    }
}
