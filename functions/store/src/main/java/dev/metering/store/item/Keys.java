package dev.metering.store.item;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.zip.CRC32;

/**
 * Every key of the single table. Instants in keys are fixed-width UTC with milliseconds, so that
 * string order is time order.
 *
 * <pre>
 * pk                      sk                       item (class)
 * ACCT#{account}          ACCOUNT                  account settings ({@link AccountItem})
 * ACCT#{account}          CYCLE#{start}            both pools of one cycle (versioned); once closed, also
 *                                                  its EXPIRY entry, invoice line and domain events
 *                                                  ({@link CycleItem}, {@link CloseRecord})
 * ACCT#{account}          EVT#{eventId}            debit ledger entry = the event's idempotency record
 *                                                  (permanent, with the hash of the event's body)
 *                                                  ({@link LedgerEntryItem})
 * ACCT#{account}          ENTRY#{entryId}          grant and adjustment ledger entries ({@link LedgerEntryItem})
 * ACCT#{account}          BUDGETS                  the account's budgets and their spend ({@link BudgetSetItem})
 * ACCT#{account}          TAG#{start}#{key}#{value}#{day}
 *                                                  one tag cell of a cycle, added to like a usage cell
 *                                                  ({@link TagCellItem})
 * ACCT#{account}          TAGKEY#{start}#{key}     how many values of a key the cycle tells apart ({@link TagKeyItem})
 * ACCT#{account}          TAGVAL#{start}#{key}#{value}
 *                                                  a value the cycle tells apart ({@link TagValueItem})
 * ACCT#{account}          USAGE#{start}#{day}#{model}#{source}
 *                                                  one usage cell of a cycle, added to by each debit
 *                                                  transaction ({@link UsageCellItem})
 * QUARANTINE#{sha256}     QUARANTINE               a quarantined raw event ({@link QuarantineItem})
 * PRICES                  ROW#{model}#{from}       a price row put at runtime ({@link PriceRowItem})
 * PRICES                  ID#{id}                  an API id put at runtime, and the model it names ({@link ModelIdItem})
 * PRICES                  MODEL#{model}            how many rows a model has in the table, the version its
 *                                                  puts are conditioned on ({@link PriceModelItem})
 * ORGTOTALS#{org}         TOTALS                   an organization's totals, kept from the stream
 *                                                  ({@link OrganizationTotalsItem})
 * ORGTOTALS#{org}         SEAT#{account}           what one seat adds to them, and the version it was
 *                                                  applied at ({@link SeatShareItem})
 *
 * gsi1 (all attributes)
 * gsi1pk                  gsi1sk                   what it finds
 * LEDGER#{account}#{start} SEQ#{sequence}          a cycle's ledger, newest first by sequence; a closed
 *                                                  cycle item is listed here too, as the cycle's EXPIRY
 *                                                  entry (entries written before sequences were kept:
 *                                                  {at}#{entryId}, which sorts before every SEQ#)
 * QUARANTINE              {firstSeen}#{sha256}     unresolved quarantined events since an instant
 * QUARANTINE#RESOLVED     {firstSeen}#{sha256}     quarantined events a replay applied or found recorded
 * ORG#{organization}      {account}                an organization's seats: its accounts' items, by id
 *
 * gsi2 (keys only, read as {@link DueMarker})
 * gsi2pk                  gsi2sk                   what it finds
 * DUE#{shard}             {cycle end}#{account}    open cycles by their end, for the reset; on the cycle
 *                                                  item, whose debits keep these keys and so cost no
 *                                                  write on a keys-only index
 * CLOSED#{shard}          {closedAt}#{account}     closed cycles by their close, for invoice lines; on the
 *                                                  closed cycle item, in the shard its due marker had
 * </pre>
 */
public final class Keys {

    public static final String PK = "pk";
    public static final String SK = "sk";
    public static final String GSI1 = "gsi1";
    public static final String GSI1PK = "gsi1pk";
    public static final String GSI1SK = "gsi1sk";
    public static final String GSI2 = "gsi2";
    public static final String GSI2PK = "gsi2pk";
    public static final String GSI2SK = "gsi2sk";
    public static final String TTL = "ttl";
    public static final String ACCOUNT = "ACCOUNT";
    public static final String QUARANTINE = "QUARANTINE";

    private static final DateTimeFormatter KEY_TIME =
            DateTimeFormatter.ofPattern("uuuu-MM-dd'T'HH:mm:ss.SSS'Z'").withZone(ZoneOffset.UTC);

    /** Keys are mostly made of a few instants (cycles' starts), each written into keys again and again. */
    private static final Memo<Instant, String> TIMES = new Memo<>(KEY_TIME::format, 4_096);

    private Keys() {}

    public static String time(Instant instant) {
        return TIMES.apply(instant);
    }

    public static String account(String accountId) {
        return "ACCT#" + accountId;
    }

    public static String cycle(Instant start) {
        return "CYCLE#" + time(start);
    }

    /** The start of the cycle whose item has this sort key. */
    public static Instant cycleStart(String sortKey) {
        if (!sortKey.startsWith("CYCLE#")) {
            throw new IllegalArgumentException("not a cycle's sort key: " + sortKey);
        }
        return Instant.parse(sortKey.substring("CYCLE#".length()));
    }

    public static String usageCell(Instant cycleStart, LocalDate day, String model, String source) {
        return usageCells(cycleStart) + day + "#" + model + "#" + source;
    }

    /** The prefix of every usage cell of one cycle. */
    public static String usageCells(Instant cycleStart) {
        return "USAGE#" + time(cycleStart) + "#";
    }

    public static String event(String eventId) {
        return "EVT#" + eventId;
    }

    public static String entry(String entryId) {
        return "ENTRY#" + entryId;
    }

    public static String ledger(String accountId, Instant cycleStart) {
        return "LEDGER#" + accountId + "#" + time(cycleStart);
    }

    /** Fixed width, so that string order is sequence order. */
    public static String ledgerSequence(long sequence) {
        return String.format("SEQ#%019d", sequence);
    }

    public static String due(int shard) {
        return "DUE#" + shard;
    }

    public static String closed(int shard) {
        return "CLOSED#" + shard;
    }

    /** The shard a closes' partition key names. */
    public static int closedShard(String partitionKey) {
        if (!partitionKey.startsWith("CLOSED#")) {
            throw new IllegalArgumentException("not a closes' partition: " + partitionKey);
        }
        return Integer.parseInt(partitionKey.substring("CLOSED#".length()));
    }

    /** The due order of an open cycle (by its end), and the order of a closed one among the closes (by its close). */
    public static String dueOrder(Instant cycleEnd, String accountId) {
        return time(cycleEnd) + "#" + accountId;
    }

    /** A stable shard per account and shard count, so that a month's busiest hour spreads over several index partitions. */
    public static int dueShard(String accountId, int shards) {
        CRC32 crc = new CRC32();
        crc.update(accountId.getBytes(StandardCharsets.UTF_8));
        return (int) (crc.getValue() % shards);
    }

    public static String organization(String organizationId) {
        return "ORG#" + organizationId;
    }

    public static final String TOTALS = "TOTALS";

    public static String organizationTotals(String organizationId) {
        return "ORGTOTALS#" + organizationId;
    }

    public static String seatShare(String accountId) {
        return "SEAT#" + accountId;
    }

    public static final String QUARANTINE_RESOLVED = "QUARANTINE#RESOLVED";
    public static final String TAG_KEY_PREFIX = "TAGKEY#";
    public static final String TAG_VALUE_PREFIX = "TAGVAL#";

    /** Key, value, then day: a value's days sort together, and a key's values in order. */
    public static String tagCell(Instant cycleStart, String tag, String value, LocalDate day) {
        return tagCell(time(cycleStart), tag, value, day);
    }

    /** As {@link #tagCell(Instant, String, String, LocalDate)}, the cycle's start written already ({@link #time}). */
    static String tagCell(String cycleTime, String tag, String value, LocalDate day) {
        return "TAG#" + cycleTime + "#" + tag + "#" + value + "#" + day;
    }

    /** The prefix of every cell of one key in one cycle. */
    public static String tagCells(Instant cycleStart, String tag) {
        return "TAG#" + time(cycleStart) + "#" + tag + "#";
    }

    public static String tagKey(Instant cycleStart, String tag) {
        return TAG_KEY_PREFIX + time(cycleStart) + "#" + tag;
    }

    public static String tagValue(Instant cycleStart, String tag, String value) {
        return TAG_VALUE_PREFIX + time(cycleStart) + "#" + tag + "#" + value;
    }
    public static final String PRICES = "PRICES";

    public static String priceRow(String model, Instant effectiveFrom) {
        return "ROW#" + model + "#" + time(effectiveFrom);
    }

    public static String modelId(String id) {
        return "ID#" + id;
    }

    public static String priceModel(String model) {
        return "MODEL#" + model;
    }

    public static String quarantine(String sha256) {
        return "QUARANTINE#" + sha256;
    }
}
