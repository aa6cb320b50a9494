package dev.metering.store.item;

import dev.metering.core.budget.Tags;
import dev.metering.core.ledger.EntryKind;
import dev.metering.core.ledger.LedgerEntry;
import dev.metering.core.money.Money;
import dev.metering.core.source.PoolKind;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Collectors;
import software.amazon.awssdk.enhanced.dynamodb.TableSchema;

/**
 * The attributes of one ledger entry, without its keys: carried by a {@link LedgerEntryItem}, and by
 * a closed {@link CycleItem} as the cycle's EXPIRY entry, under the same names, so that one schema
 * reads every item of a cycle's ledger listing. Debit-only attributes are absent on other kinds.
 */
public final class LedgerFields {

    String entryId;
    EntryKind kind;
    PoolKind pool;
    Instant at;
    Instant cycleStart;
    Money credit;
    Money extraUsage;
    Money overrun;
    String reason;
    String eventId;
    String source;
    String model;
    Instant occurredAt;
    Boolean late;
    Money cost;
    TokenFields tokens;
    String bodyHash;
    Boolean rateSwitch;
    String thresholds;
    String by;
    Long sequence;
    Money balanceAfter;
    Tags tags;

    /** An event's tags, as text by name; remembered, since an account's events mostly carry the same ones. */
    private static final software.amazon.awssdk.enhanced.dynamodb.AttributeConverter<Tags> TAGS = StoreConverters.remembered(
            StoreConverters.converter(software.amazon.awssdk.enhanced.dynamodb.EnhancedType.of(Tags.class),
                    software.amazon.awssdk.enhanced.dynamodb.AttributeValueType.M,
                    tags -> StoreConverters.TEXT_BY_NAME.transformFrom(tags.values()),
                    stored -> Tags.of(StoreConverters.TEXT_BY_NAME.transformTo(stored))), 4096);

    static final TableSchema<LedgerFields> SCHEMA = ItemSchema.of(LedgerFields.class, LedgerFields::new)
            .attr(String.class, "entryId")
            .attr(EntryKind.class, "kind")
            .attr(PoolKind.class, "pool")
            .attr(Instant.class, "at")
            .attr(Instant.class, "cycleStart")
            .attr(Money.class, "credit")
            .attr(Money.class, "extraUsage")
            .attr(Money.class, "overrun")
            .attr(String.class, "reason")
            .attr(String.class, "eventId")
            .attr(String.class, "source")
            .attr(String.class, "model")
            .attr(Instant.class, "occurredAt")
            .attr(Boolean.class, "late")
            .attr(Money.class, "cost")
            .flatten(TokenFields.SCHEMA, "tokens")
            .attr(String.class, "bodyHash")
            .attr(Boolean.class, "rateSwitch")
            .attr(String.class, "thresholds")
            .attr(String.class, "by")
            .attr(Long.class, "sequence")
            .attr(Money.class, "balanceAfter")
            .attr(TAGS, "tags")
            .build();

    static LedgerFields of(LedgerEntry e) {
        LedgerFields f = new LedgerFields();
        f.entryId = e.entryId();
        f.kind = e.kind();
        f.pool = e.pool();
        f.at = e.at();
        f.cycleStart = e.cycleStart();
        f.credit = e.credit();
        f.extraUsage = e.extraUsage();
        f.overrun = e.overrun();
        f.reason = e.reason();
        if (e.kind() == EntryKind.DEBIT) {
            f.eventId = e.eventId();
            f.source = e.source();
            f.model = e.model();
            f.occurredAt = e.occurredAt();
            f.late = Boolean.TRUE.equals(e.late());
            f.cost = e.cost();
            f.tokens = TokenFields.of(e.tokens());
            f.bodyHash = e.bodyHash();
            if (!e.tags().isEmpty()) {
                f.tags = e.tags();
            }
        }
        if (e.marks().rateSwitch()) {
            f.rateSwitch = true;
        }
        f.by = e.by();
        if (e.position() != null) {
            f.sequence = e.position().sequence();
            f.balanceAfter = e.position().balanceAfter();
        }
        if (!e.marks().thresholdsReached().isEmpty()) {
            f.thresholds = e.marks().thresholdsReached().stream().map(String::valueOf).collect(Collectors.joining(","));
        }
        return f;
    }

    LedgerEntry toEntry() {
        boolean debit = kind == EntryKind.DEBIT;
        return new LedgerEntry(entryId, kind, pool, at, cycleStart, credit, extraUsage, overrun,
                eventId, source, model, occurredAt,
                debit ? Boolean.TRUE.equals(late) : null,
                debit ? cost : null,
                debit ? tokens.toUsage() : null,
                reason,
                new LedgerEntry.Marks(Boolean.TRUE.equals(rateSwitch), thresholds(thresholds)),
                bodyHash, by, sequence == null ? null : new LedgerEntry.Position(sequence, balanceAfter), tags == null ? Tags.NONE : tags);
    }

    /** Where the entry sorts in its cycle's ledger index. */
    static String ledgerOrder(LedgerEntry e) {
        if (e.position() == null) {
            throw new IllegalStateException("entry " + e.entryId() + " is written without its place in the ledger");
        }
        return Keys.ledgerSequence(e.position().sequence());
    }

    static List<Integer> thresholds(String text) {
        return text == null || text.isEmpty() ? List.of() : Arrays.stream(text.split(",")).map(Integer::valueOf).toList();
    }
}
