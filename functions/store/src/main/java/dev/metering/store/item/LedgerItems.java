package dev.metering.store.item;

import static dev.metering.store.item.Attrs.bool;
import static dev.metering.store.item.Attrs.instant;
import static dev.metering.store.item.Attrs.money;
import static dev.metering.store.item.Attrs.n;
import static dev.metering.store.item.Attrs.s;

import dev.metering.core.ledger.EntryKind;
import dev.metering.core.ledger.LedgerEntry;
import dev.metering.core.price.TokenUsage;
import dev.metering.core.source.PoolKind;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.stream.Collectors;
import java.util.Map;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * Ledger entries. A debit's item is keyed by its event id and doubles as the idempotency record:
 * it is permanent (no TTL), so that an event is counted once forever and the ledger always sums to
 * the pools, and it keeps the hash of the event's body.
 */
public final class LedgerItems {

    private LedgerItems() {}

    public static Map<String, AttributeValue> key(String accountId, LedgerEntry entry) {
        String sk = entry.kind() == EntryKind.DEBIT ? Keys.event(entry.eventId()) : Keys.entry(entry.entryId());
        return Map.of(Keys.PK, s(Keys.account(accountId)), Keys.SK, s(sk));
    }

    public static Map<String, AttributeValue> toItem(String accountId, LedgerEntry e) {
        Map<String, AttributeValue> item = new HashMap<>(key(accountId, e));
        item.put("type", s("LEDGER"));
        item.put("entryId", s(e.entryId()));
        item.put("kind", s(e.kind().name()));
        item.put("pool", s(e.pool().name()));
        item.put("at", instant(e.at()));
        item.put("cycleStart", instant(e.cycleStart()));
        item.put("credit", money(e.credit()));
        item.put("extraUsage", money(e.extraUsage()));
        item.put("overrun", money(e.overrun()));
        item.put(Keys.GSI1PK, s(Keys.ledger(accountId, e.cycleStart())));
        item.put(Keys.GSI1SK, s(Keys.ledgerOrder(e.at(), e.entryId())));
        if (e.reason() != null) {
            item.put("reason", s(e.reason()));
        }
        if (e.kind() == EntryKind.DEBIT) {
            item.put("eventId", s(e.eventId()));
            item.put("source", s(e.source()));
            item.put("model", s(e.model()));
            item.put("occurredAt", instant(e.occurredAt()));
            item.put("late", bool(Boolean.TRUE.equals(e.late())));
            item.put("cost", money(e.cost()));
            TokenUsage t = e.tokens();
            item.put("tokIn", n(t.input()));
            item.put("tokOut", n(t.output()));
            item.put("tokW5m", n(t.cacheWrite5m()));
            item.put("tokW1h", n(t.cacheWrite1h()));
            item.put("tokRead", n(t.cacheRead()));
            item.put("bodyHash", s(e.bodyHash()));
        }
        if (e.marks().rateSwitch()) {
            item.put("rateSwitch", bool(true));
        }
        if (!e.marks().thresholdsReached().isEmpty()) {
            item.put("thresholds", s(e.marks().thresholdsReached().stream().map(String::valueOf).collect(Collectors.joining(","))));
        }
        return item;
    }

    public static LedgerEntry fromItem(Map<String, AttributeValue> item) {
        EntryKind kind = EntryKind.valueOf(Attrs.str(item, "kind"));
        boolean debit = kind == EntryKind.DEBIT;
        return new LedgerEntry(
                Attrs.str(item, "entryId"),
                kind,
                PoolKind.valueOf(Attrs.str(item, "pool")),
                Attrs.instantOrNull(item, "at"),
                Attrs.instantOrNull(item, "cycleStart"),
                Attrs.money(item, "credit"),
                Attrs.money(item, "extraUsage"),
                Attrs.money(item, "overrun"),
                Attrs.str(item, "eventId"),
                Attrs.str(item, "source"),
                Attrs.str(item, "model"),
                Attrs.instantOrNull(item, "occurredAt"),
                debit ? Attrs.flag(item, "late") : null,
                debit ? Attrs.money(item, "cost") : null,
                debit ? new TokenUsage(Attrs.num(item, "tokIn"), Attrs.num(item, "tokOut"), Attrs.num(item, "tokW5m"),
                        Attrs.num(item, "tokW1h"), Attrs.num(item, "tokRead")) : null,
                Attrs.str(item, "reason"),
                new LedgerEntry.Marks(Attrs.flag(item, "rateSwitch"), thresholds(Attrs.str(item, "thresholds"))),
                Attrs.str(item, "bodyHash"));
    }

    private static List<Integer> thresholds(String text) {
        return text == null || text.isEmpty() ? List.of() : Arrays.stream(text.split(",")).map(Integer::valueOf).toList();
    }
}
