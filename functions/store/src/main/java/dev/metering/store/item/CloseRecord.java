package dev.metering.store.item;

import dev.metering.core.ledger.LedgerEntry;
import dev.metering.core.money.Money;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import software.amazon.awssdk.enhanced.dynamodb.TableSchema;

/**
 * What a closed cycle item carries besides its pools: its EXPIRY ledger entry (listed in the
 * cycle's ledger through {@code gsi1}, under the ledger entry's own attribute names), the invoice
 * line (extra usage, by model) and the domain events of the close.
 */
public final class CloseRecord {

    String gsi1pk;
    String gsi1sk;
    LedgerFields expiry;
    Money invoiceExtraUsage;
    Map<String, Money> invoiceByModel;
    List<DomainEventItem> domainEvents;

    static final TableSchema<CloseRecord> SCHEMA = ItemSchema.of(CloseRecord.class, CloseRecord::new)
            .attr(String.class, Keys.GSI1PK)
            .attr(String.class, Keys.GSI1SK)
            .flatten(LedgerFields.SCHEMA, "expiry")
            .attr(Money.class, "invoiceExtraUsage")
            .attr(StoreConverters.MONEY_BY_NAME, "invoiceByModel")
            .attr(StoreConverters.documents(DomainEventItem.class, DomainEventItem.SCHEMA), "domainEvents")
            .build();

    /** The cycle's EXPIRY entry, given its place in the ledger when the close is written. */
    public LedgerEntry expiry() {
        return expiry.toEntry();
    }

    /** The same record, its EXPIRY entry at {@code where}. */
    public CloseRecord at(LedgerEntry.Position where) {
        LedgerEntry placed = expiry().at(where);
        CloseRecord record = new CloseRecord();
        record.gsi1pk = gsi1pk;
        record.gsi1sk = LedgerFields.ledgerOrder(placed);
        record.expiry = LedgerFields.of(placed);
        record.invoiceExtraUsage = invoiceExtraUsage;
        record.invoiceByModel = invoiceByModel;
        record.domainEvents = domainEvents;
        return record;
    }

    /** The domain events of the close, as a record of what it decided; notify derives what it tells from the pools. */
    public static CloseRecord of(String accountId, LedgerEntry expiry, Money invoiceExtraUsage,
                                 Map<String, Money> invoiceByModel, List<DomainEventItem> events) {
        CloseRecord record = new CloseRecord();
        record.gsi1pk = Keys.ledger(accountId, expiry.cycleStart());
        record.expiry = LedgerFields.of(expiry);
        record.invoiceExtraUsage = invoiceExtraUsage;
        record.invoiceByModel = new HashMap<>(invoiceByModel);
        record.domainEvents = new ArrayList<>(events);
        return record;
    }
}
