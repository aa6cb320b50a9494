package dev.metering.store.item;

import software.amazon.awssdk.enhanced.dynamodb.DynamoDbEnhancedClient;
import software.amazon.awssdk.enhanced.dynamodb.DynamoDbIndex;
import software.amazon.awssdk.enhanced.dynamodb.DynamoDbTable;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;

/**
 * The one table, seen through a typed view per kind of item (all on the same table name) and the
 * index views that list them: a cycle's ledger and the quarantine on {@code gsi1}, open cycles by
 * their end on {@code gsi2}. The enhanced client has no extension (no versioning: every version
 * check is a condition the store states, next to the write it guards); transactions are built
 * action by action ({@link TransactActions}), which adds to counters ({@link AddCounters}).
 */
public final class MeteringTable {

    private final DynamoDbClient dynamo;
    private final DynamoDbEnhancedClient enhanced;
    private final DynamoDbTable<AccountItem> accounts;
    private final DynamoDbTable<CycleItem> cycles;
    private final DynamoDbTable<LedgerEntryItem> ledger;
    private final DynamoDbTable<QuarantineItem> quarantine;
    private final DynamoDbTable<DueMarker> dueMarkers;
    private final DynamoDbTable<UsageCellItem> usageCells;
    private final DynamoDbTable<SeatShareItem> seatShares;
    private final DynamoDbTable<OrganizationTotalsItem> organizationTotals;
    private final DynamoDbTable<PriceRowItem> priceRows;
    private final DynamoDbTable<ModelIdItem> modelIds;
    private final DynamoDbTable<PriceModelItem> priceModels;
    private final DynamoDbTable<BudgetSetItem> budgetSets;
    private final DynamoDbTable<TagCellItem> tagCells;
    private final DynamoDbTable<TagValueItem> tagValues;
    private final DynamoDbTable<TagKeyItem> tagKeys;

    public MeteringTable(DynamoDbClient dynamo, String tableName) {
        this.dynamo = dynamo;
        this.enhanced = DynamoDbEnhancedClient.builder().dynamoDbClient(dynamo).extensions().build();
        this.accounts = enhanced.table(tableName, AccountItem.SCHEMA);
        this.cycles = enhanced.table(tableName, CycleItem.SCHEMA);
        this.ledger = enhanced.table(tableName, LedgerEntryItem.SCHEMA);
        this.quarantine = enhanced.table(tableName, QuarantineItem.SCHEMA);
        this.dueMarkers = enhanced.table(tableName, DueMarker.SCHEMA);
        this.usageCells = enhanced.table(tableName, UsageCellItem.SCHEMA);
        this.seatShares = enhanced.table(tableName, SeatShareItem.SCHEMA);
        this.organizationTotals = enhanced.table(tableName, OrganizationTotalsItem.SCHEMA);
        this.priceRows = enhanced.table(tableName, PriceRowItem.SCHEMA);
        this.modelIds = enhanced.table(tableName, ModelIdItem.SCHEMA);
        this.priceModels = enhanced.table(tableName, PriceModelItem.SCHEMA);
        this.budgetSets = enhanced.table(tableName, BudgetSetItem.SCHEMA);
        this.tagCells = enhanced.table(tableName, TagCellItem.SCHEMA);
        this.tagValues = enhanced.table(tableName, TagValueItem.SCHEMA);
        this.tagKeys = enhanced.table(tableName, TagKeyItem.SCHEMA);
    }

    /** The low-level client under the views, for writes built action by action ({@code Transaction}). */
    public DynamoDbClient dynamo() {
        return dynamo;
    }

    public DynamoDbEnhancedClient enhanced() {
        return enhanced;
    }

    public DynamoDbTable<AccountItem> accounts() {
        return accounts;
    }

    /** An organization's seats: the account items that name it, by account id. */
    public DynamoDbIndex<AccountItem> organizationIndex() {
        return accounts.index(Keys.GSI1);
    }

    public DynamoDbTable<CycleItem> cycles() {
        return cycles;
    }

    public DynamoDbTable<LedgerEntryItem> ledger() {
        return ledger;
    }

    /** A cycle's ledger, by {@code at}: its entries, and the closed cycle item as its EXPIRY entry. */
    public DynamoDbIndex<LedgerEntryItem> ledgerIndex() {
        return ledger.index(Keys.GSI1);
    }

    /** A cycle's usage cells, under its account's partition. */
    public DynamoDbTable<UsageCellItem> usageCells() {
        return usageCells;
    }

    /** What each seat adds to its organization's totals. */
    public DynamoDbTable<SeatShareItem> seatShares() {
        return seatShares;
    }

    public DynamoDbTable<OrganizationTotalsItem> organizationTotals() {
        return organizationTotals;
    }

    /** Price rows, ids and per-model counts put at runtime, all under one partition. */
    public DynamoDbTable<PriceRowItem> priceRows() {
        return priceRows;
    }

    public DynamoDbTable<ModelIdItem> modelIds() {
        return modelIds;
    }

    public DynamoDbTable<PriceModelItem> priceModels() {
        return priceModels;
    }

    /** An account's budgets and their spend. */
    public DynamoDbTable<BudgetSetItem> budgetSets() {
        return budgetSets;
    }

    /** A cycle's tag cells, and the values and keys it tells apart. */
    public DynamoDbTable<TagCellItem> tagCells() {
        return tagCells;
    }

    public DynamoDbTable<TagValueItem> tagValues() {
        return tagValues;
    }

    public DynamoDbTable<TagKeyItem> tagKeys() {
        return tagKeys;
    }

    public DynamoDbTable<QuarantineItem> quarantine() {
        return quarantine;
    }

    public DynamoDbIndex<QuarantineItem> quarantineIndex() {
        return quarantine.index(Keys.GSI1);
    }

    /** Open cycles by their end, per shard (keys only). */
    public DynamoDbIndex<DueMarker> dueIndex() {
        return dueMarkers.index(Keys.GSI2);
    }
}
