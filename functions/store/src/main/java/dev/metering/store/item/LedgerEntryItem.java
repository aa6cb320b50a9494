package dev.metering.store.item;

import static software.amazon.awssdk.enhanced.dynamodb.mapper.StaticAttributeTags.primaryPartitionKey;
import static software.amazon.awssdk.enhanced.dynamodb.mapper.StaticAttributeTags.primarySortKey;
import static software.amazon.awssdk.enhanced.dynamodb.mapper.StaticAttributeTags.secondaryPartitionKey;
import static software.amazon.awssdk.enhanced.dynamodb.mapper.StaticAttributeTags.secondarySortKey;

import dev.metering.core.ledger.EntryKind;
import dev.metering.core.ledger.LedgerEntry;
import java.util.List;
import java.util.Map;
import software.amazon.awssdk.enhanced.dynamodb.Key;
import software.amazon.awssdk.enhanced.dynamodb.TableSchema;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * A ledger entry. A debit's item is keyed by its event id and doubles as the idempotency record:
 * it is permanent (no TTL), so that an event is counted once forever and the ledger always sums to
 * the pools, and it keeps the hash of the event's body. Grants and adjustments are keyed by their
 * entry id. Listed in its cycle's ledger through {@code gsi1}.
 */
public final class LedgerEntryItem {

    static final String TYPE = "LEDGER";

    String pk;
    String sk;
    String type;
    String gsi1pk;
    String gsi1sk;
    LedgerFields fields;
    /** On an adjustment: the request's fingerprint and the answer first given, for a retry. */
    String requestFingerprint;
    Long answerStatus;
    String answerBody;

    public static final TableSchema<LedgerEntryItem> SCHEMA = ItemSchema.of(LedgerEntryItem.class, LedgerEntryItem::new)
            .attr(String.class, Keys.PK, primaryPartitionKey())
            .attr(String.class, Keys.SK, primarySortKey())
            .attr(String.class, "type")
            .attr(String.class, Keys.GSI1PK, secondaryPartitionKey(Keys.GSI1))
            .attr(String.class, Keys.GSI1SK, secondarySortKey(Keys.GSI1))
            .flatten(LedgerFields.SCHEMA, "fields")
            .attr(String.class, "requestFingerprint")
            .attr(Long.class, "answerStatus")
            .attr(String.class, "answerBody")
            .build();

    public static LedgerEntryItem of(String accountId, LedgerEntry entry) {
        LedgerEntryItem item = new LedgerEntryItem();
        item.pk = Keys.account(accountId);
        item.sk = sortKey(entry);
        item.type = TYPE;
        item.gsi1pk = Keys.ledger(accountId, entry.cycleStart());
        item.gsi1sk = LedgerFields.ledgerOrder(entry);
        item.fields = LedgerFields.of(entry);
        return item;
    }

    /** The entry of an adjustment, with the answer first given to its request. */
    public static LedgerEntryItem answered(String accountId, LedgerEntry entry, String requestFingerprint, int status, String body) {
        LedgerEntryItem item = of(accountId, entry);
        item.requestFingerprint = requestFingerprint;
        item.answerStatus = (long) status;
        item.answerBody = body;
        return item;
    }

    public static Key key(String accountId, String sortKey) {
        return Key.builder().partitionValue(Keys.account(accountId)).sortValue(sortKey).build();
    }

    private static String sortKey(LedgerEntry entry) {
        return entry.kind() == EntryKind.DEBIT ? Keys.event(entry.eventId()) : Keys.entry(entry.entryId());
    }

    /** Where a page of the ledger index that ends at this entry resumes. */
    public Map<String, AttributeValue> indexKey() {
        return SCHEMA.itemToMap(this, List.of(Keys.PK, Keys.SK, Keys.GSI1PK, Keys.GSI1SK));
    }

    /** The entry; a closed cycle item read through this schema gives its EXPIRY entry. */
    public LedgerEntry toEntry() {
        return fields.toEntry();
    }

    public String requestFingerprint() {
        return requestFingerprint;
    }

    public int answerStatus() {
        return answerStatus == null ? 0 : answerStatus.intValue();
    }

    public String answerBody() {
        return answerBody;
    }

    /** The hash of the body of the event a debit entry counts ({@code null} for other kinds and old entries). */
    public String bodyHash() {
        return fields == null ? null : fields.bodyHash;
    }
}
