package dev.metering.store.item;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.metering.core.account.Account;
import dev.metering.core.account.AccountChange;
import dev.metering.core.cycle.Cycle;
import dev.metering.core.cycle.CyclePools;
import dev.metering.core.debit.Pool;
import dev.metering.core.ledger.EntryKind;
import dev.metering.core.ledger.LedgerEntry;
import dev.metering.core.money.Money;
import dev.metering.core.price.TokenUsage;
import dev.metering.core.source.PoolKind;
import dev.metering.core.usage.UsageCell;
import java.time.Instant;
import java.time.ZoneId;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.enhanced.dynamodb.TableSchema;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * The typed items read back what they write, and write exactly the attributes (names and types)
 * that items of this table have always had, so that items written before the typed schemas read the same.
 */
class ItemSchemasTest {

    private static final Instant START = Instant.parse("2027-02-10T08:00:00Z");
    private static final Cycle CYCLE = new Cycle(4, START, Instant.parse("2027-03-10T08:00:00Z"), ZoneId.of("Europe/Paris"));

    private static CyclePools pools() {
        CyclePools opened = CyclePools.opened("acct_1", CYCLE, "pro", true,
                Pool.programmatic(Money.ofUsd(20), true, Money.parseUsd("5.50")), Pool.interactive(Money.ofUsd(8)));
        return opened.debit(PoolKind.PROGRAMMATIC, "claude-sonnet-4-5", Money.parseUsd("21.25"), START.plusSeconds(60)).after()
                .debit(PoolKind.INTERACTIVE, "claude-haiku-4-5", Money.parseUsd("0.000000001"), START.plusSeconds(90)).after()
                .atVersion(7);
    }

    private static LedgerEntry debit() {
        return new LedgerEntry("evt:e1", EntryKind.DEBIT, PoolKind.PROGRAMMATIC, START.plusSeconds(61), START,
                Money.parseUsd("1.5"), Money.parseUsd("0.25"), Money.ZERO, "e1", "agent-sdk", "claude-sonnet-4-5",
                START.plusSeconds(60), false, Money.parseUsd("1.75"), new TokenUsage(1, 2, 3, 4, 5), null,
                new LedgerEntry.Marks(true, List.of(50, 75)), "hash-1", null, null);
    }

    @Test
    void aUsageCellReadsBackAndStoresItsCountersAsNumbersToAddTo() {
        UsageCell cell = UsageCell.of(debit(), ZoneId.of("Europe/Paris"));
        Map<String, AttributeValue> stored = UsageCellItem.SCHEMA.itemToMap(UsageCellItem.increment("acct_1", START, cell), true);
        assertThat(UsageCellItem.SCHEMA.mapToItem(stored).toCell()).isEqualTo(cell);
        assertThat(stored.get("sk").s()).isEqualTo("USAGE#2027-02-10T08:00:00.000Z#2027-02-10#claude-sonnet-4-5#agent-sdk");
        for (String counter : List.of("events", "cost", "credit", "extraUsage", "overrun", "tokIn", "tokOut", "tokW5m", "tokW1h", "tokRead")) {
            assertThat(stored.get(counter).n()).as(counter).isNotNull();
        }
        assertThat(stored.get("cost").n()).isEqualTo("1750000000");
    }

    @Test
    void theLargestUsageCellStaysUnderOneKilobyteWhateverItCounts() {
        // The longest source (128 characters), a long model id, and every counter at its largest.
        UsageCell biggest = new UsageCell(new UsageCell.Key(java.time.LocalDate.parse("2027-02-28"), "claude-" + "x".repeat(57),
                "third-party:" + "y".repeat(116)), Long.MAX_VALUE, Money.ofNanos(Long.MAX_VALUE), Money.ofNanos(Long.MAX_VALUE),
                Money.ofNanos(Long.MAX_VALUE), Money.ofNanos(Long.MAX_VALUE),
                new TokenUsage(Long.MAX_VALUE, Long.MAX_VALUE, Long.MAX_VALUE, Long.MAX_VALUE, Long.MAX_VALUE));
        Map<String, AttributeValue> stored = UsageCellItem.SCHEMA.itemToMap(UsageCellItem.increment("acct_" + "z".repeat(59), START, biggest), true);
        // An upper bound of DynamoDB's size: each name and value at its full text length.
        int size = stored.entrySet().stream().mapToInt(e -> e.getKey().length()
                + (e.getValue().s() != null ? e.getValue().s().length() : e.getValue().n().length())).sum();
        assertThat(size).as("one write unit, however many events the cell counts").isLessThan(1024);
    }

    @Test
    void aCycleReadsBackAsItWasWritten() {
        CyclePools pools = pools();
        Map<String, AttributeValue> stored = CycleItem.SCHEMA.itemToMap(CycleItem.of(pools, 8, 16, null), true);
        CyclePools read = CycleItem.SCHEMA.mapToItem(stored).toPools();
        assertThat(read).usingRecursiveComparison().isEqualTo(pools.atVersion(8));
        assertThat(read.extraUsageByModel()).isEqualTo(Map.of("claude-sonnet-4-5", Money.parseUsd("1.25")));
    }

    @Test
    void anOpenCycleIsStoredWithItsDueMarkerAndMoneyInWholeNanoDollars() {
        Map<String, AttributeValue> stored = CycleItem.SCHEMA.itemToMap(CycleItem.of(pools(), 8, 16, null), true);
        assertThat(stored.keySet()).containsExactlyInAnyOrder("pk", "sk", "type", "accountId", "cycleIndex", "start", "end",
                "timeZone", "plan", "claimed", "version", "p_granted", "p_used", "p_overrun", "p_expired", "p_extraEnabled",
                "p_extraCap", "p_extraAccrued", "p_rateSwitchedAt", "p_extraByModel", "p_thresholds", "i_granted", "i_used",
                "i_overrun", "i_expired", "p_adjusted", "i_adjusted", "gsi2pk", "gsi2sk");
        assertThat(stored.get("pk").s()).isEqualTo("ACCT#acct_1");
        assertThat(stored.get("sk").s()).isEqualTo("CYCLE#2027-02-10T08:00:00.000Z");
        assertThat(stored.get("start").s()).isEqualTo("2027-02-10T08:00:00Z");
        assertThat(stored.get("timeZone").s()).isEqualTo("Europe/Paris");
        assertThat(stored.get("p_used").n()).isEqualTo("20000000000");
        assertThat(stored.get("p_extraCap").n()).isEqualTo("5500000000");
        assertThat(stored.get("i_used").n()).isEqualTo("1");
        assertThat(stored.get("p_extraByModel").m()).isEqualTo(Map.of("claude-sonnet-4-5", AttributeValue.fromN("1250000000")));
        assertThat(stored.get("claimed").bool()).isTrue();
        assertThat(stored.get("version").n()).isEqualTo("8");
        assertThat(stored.get("p_thresholds").s()).isEqualTo("50,75,90,100");
        assertThat(stored.get("gsi2pk").s()).isEqualTo(Keys.due(Keys.dueShard("acct_1", 16)));
        assertThat(stored.get("gsi2sk").s()).isEqualTo("2027-03-10T08:00:00.000Z#acct_1");
    }

    @Test
    void aClosedCycleDropsItsMarkerAndIsItsCyclesExpiryEntry() {
        CyclePools closed = pools().close(CYCLE.end().plusSeconds(3600));
        LedgerEntry expiry = LedgerEntry.movement("close:1", EntryKind.EXPIRY, PoolKind.PROGRAMMATIC, CYCLE.end().plusSeconds(3600),
                START, closed.programmatic().expired(), "cycle closed: unused credit expires");
        CycleItem item = CycleItem.of(closed, 9, 16, "org_7").closedWith(CloseRecord.of("acct_1", expiry, Money.parseUsd("1.25"),
                closed.extraUsageByModel(), List.of(DomainEventItem.of("CycleClosed", "acct_1", START, CYCLE.end(), "1.25",
                        CYCLE.end().plusSeconds(3600)))).at(new LedgerEntry.Position(900, Money.ZERO)));
        Map<String, AttributeValue> stored = CycleItem.SCHEMA.itemToMap(item, true);
        assertThat(stored.get("gsi1sk").s()).isEqualTo("SEQ#0000000000000000900");
        assertThat(stored).containsKeys("closedAt", "invoiceExtraUsage", "invoiceByModel");
        assertThat(stored.get("gsi2pk").s()).as("the due marker gives way to the entry among the closes")
                .isEqualTo(Keys.closed(Keys.dueShard("acct_1", 16)));
        assertThat(stored.get("gsi2sk").s()).isEqualTo("2027-03-10T09:00:00.000Z#acct_1");
        assertThat(stored.get("organizationId").s()).isEqualTo("org_7");
        assertThat(CycleItem.SCHEMA.mapToItem(stored).toInvoiceLine().organizationId()).isEqualTo("org_7");
        assertThat(stored.get("domainEvents").l().get(0).m()).containsOnlyKeys("type", "accountId", "cycleStart", "cycleEnd",
                "amountUsd", "at");
        assertThat(stored.get("gsi1pk").s()).isEqualTo("LEDGER#acct_1#2027-02-10T08:00:00.000Z");
        assertThat(CycleItem.SCHEMA.mapToItem(stored).toPools().closedAt()).isEqualTo(closed.closedAt());
        assertThat(LedgerEntryItem.SCHEMA.mapToItem(stored).toEntry()).isEqualTo(expiry.at(new LedgerEntry.Position(900, Money.ZERO)));
    }

    @Test
    void aDebitEntryReadsBackWithItsTokensMarksAndBodyHash() {
        LedgerEntry debit = debit().at(new LedgerEntry.Position(704, Money.parseUsd("18.5")));
        Map<String, AttributeValue> stored = LedgerEntryItem.SCHEMA.itemToMap(LedgerEntryItem.of("acct_1", debit), true);
        assertThat(stored.get("sk").s()).isEqualTo("EVT#e1");
        assertThat(stored.get("gsi1sk").s()).isEqualTo("SEQ#0000000000000000704");
        assertThat(stored.get("sequence").n()).isEqualTo("704");
        assertThat(stored.get("balanceAfter").n()).isEqualTo("18500000000");
        assertThat(stored.get("thresholds").s()).isEqualTo("50,75");
        assertThat(stored.get("kind").s()).isEqualTo("DEBIT");
        assertThat(stored.get("late").bool()).isFalse();
        assertThat(LedgerEntryItem.SCHEMA.mapToItem(stored).toEntry()).isEqualTo(debit);
        assertThat(LedgerEntryItem.SCHEMA.mapToItem(stored).bodyHash()).isEqualTo("hash-1");
    }

    @Test
    void anEntryWithoutItsPlaceInTheLedgerIsNeverWritten() {
        assertThatThrownBy(() -> LedgerEntryItem.of("acct_1", debit())).isInstanceOf(IllegalStateException.class);
    }

    @Test
    void anEntryWrittenBeforeSequencesReadsWithoutAPlace() {
        Map<String, AttributeValue> stored = new HashMap<>(LedgerEntryItem.SCHEMA.itemToMap(
                LedgerEntryItem.of("acct_1", debit().at(new LedgerEntry.Position(1, Money.ZERO))), true));
        stored.put("gsi1sk", AttributeValue.fromS("2027-02-10T08:01:01.000Z#evt:e1"));
        stored.remove("sequence");
        stored.remove("balanceAfter");
        assertThat(LedgerEntryItem.SCHEMA.mapToItem(stored).toEntry().position()).isNull();
    }

    @Test
    void aGrantHasNoDebitAttributes() {
        LedgerEntry grant = LedgerEntry.movement("grant:p", EntryKind.GRANT, PoolKind.PROGRAMMATIC, START, START, Money.ofUsd(20), "opened")
                .at(new LedgerEntry.Position(100, Money.ofUsd(20)));
        Map<String, AttributeValue> stored = LedgerEntryItem.SCHEMA.itemToMap(LedgerEntryItem.of("acct_1", grant), true);
        assertThat(stored.get("sk").s()).isEqualTo("ENTRY#grant:p");
        assertThat(stored).doesNotContainKeys("eventId", "late", "cost", "tokIn", "bodyHash", "rateSwitch", "thresholds");
        assertThat(LedgerEntryItem.SCHEMA.mapToItem(stored).toEntry()).isEqualTo(grant);
    }

    @Test
    void anAccountKeepsItsHistoryWithWhoMadeEachChange() {
        Account account = new Account("acct_1", "org_1", START, ZoneId.of("Europe/Paris"), START, List.of(
                AccountChange.plan(START, START, null, "pro"),
                AccountChange.extraUsage(START, START, "user-7", true, Money.parseUsd("12.5")),
                AccountChange.claim(START.plusSeconds(5), "user-7")), 3);
        Map<String, AttributeValue> stored = AccountItem.SCHEMA.itemToMap(AccountItem.of(account), true);
        assertThat(stored.get("history").l()).hasSize(3);
        assertThat(stored.get("history").l().get(0).m()).containsOnlyKeys("recordedAt", "effectiveFrom", "kind", "plan");
        assertThat(stored.get("history").l().get(1).m().get("cap").n()).isEqualTo("12500000000");
        assertThat(AccountItem.SCHEMA.mapToItem(stored).toAccount()).isEqualTo(account);
    }

    @Test
    void anAccountWrittenBeforeTheHistoryReadsAsTheHistoryItsFieldsImply() {
        Map<String, AttributeValue> legacy = new HashMap<>(Map.of("pk", AttributeValue.fromS("ACCT#old"),
                "sk", AttributeValue.fromS("ACCOUNT"), "accountId", AttributeValue.fromS("old"),
                "anchor", AttributeValue.fromS(START.toString()), "timeZone", AttributeValue.fromS("UTC"),
                "firstCycleStart", AttributeValue.fromS(START.toString()), "version", AttributeValue.fromN("2"),
                "plan", AttributeValue.fromS("max-5x"), "claimedAt", AttributeValue.fromS(START.plusSeconds(9).toString()),
                "extraUsageEnabled", AttributeValue.fromBool(true)));
        Account account = AccountItem.SCHEMA.mapToItem(legacy).toAccount();
        assertThat(account.history()).containsExactly(AccountChange.plan(START, START, null, "max-5x"),
                AccountChange.extraUsage(START, START, null, true, null), AccountChange.claim(START.plusSeconds(9), null));
    }

    @Test
    void aPageCursorCarriesTheKeyAndRefusesAnythingElse() {
        Map<String, AttributeValue> key = Map.of("pk", AttributeValue.fromS("ACCT#a"), "sk", AttributeValue.fromS("EVT#x\u00e9"),
                "gsi1pk", AttributeValue.fromS("LEDGER#a#t"), "gsi1sk", AttributeValue.fromS("t#evt:x"));
        assertThat(PageCursor.decode(PageCursor.encode(key))).isEqualTo(key);
        assertThat(PageCursor.encode(Map.of())).isNull();
        assertThat(PageCursor.decode(null)).isNull();
        String foreign = java.util.Base64.getUrlEncoder().encodeToString("ttl\u00001\u0000".getBytes(java.nio.charset.StandardCharsets.UTF_8));
        assertThatThrownBy(() -> PageCursor.decode(foreign)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> PageCursor.decode("not base64 at all!")).isInstanceOf(IllegalArgumentException.class);
    }

    static final class Probe {
        String name;
    }

    @Test
    void aSchemaNamingAFieldThatIsMissingOrOfAnotherTypeFailsWhenBuilt() {
        assertThatThrownBy(() -> ItemSchema.of(Probe.class, Probe::new).attr(Long.class, "name"))
                .isInstanceOf(IllegalStateException.class).hasMessage("Probe.name is a String, not a Long");
        assertThatThrownBy(() -> ItemSchema.of(Probe.class, Probe::new).attr(String.class, "nmae"))
                .isInstanceOf(IllegalStateException.class).hasMessage("Probe has no field nmae");
        Probe probe = new Probe();
        probe.name = "kept";
        TableSchema<Probe> schema = ItemSchema.of(Probe.class, Probe::new).attr(String.class, "stored", "name").build();
        assertThat(schema.itemToMap(probe, true)).isEqualTo(Map.of("stored", AttributeValue.fromS("kept")));
        assertThat(schema.mapToItem(Map.of("stored", AttributeValue.fromS("read"))).name).isEqualTo("read");
    }

    @Test
    void anAccountsBudgetsAreStoredWithTheirLiveCountersAndWhatTheWriteCrossed() {
        java.time.Instant now = java.time.Instant.parse("2027-03-10T10:02:30Z");
        dev.metering.core.cycle.Cycle cycle = new dev.metering.core.cycle.BillingCalendar(java.time.Instant.parse("2027-03-01T00:00:00Z"),
                java.time.ZoneOffset.UTC).cycleContaining(now);
        dev.metering.core.budget.BudgetSet set = dev.metering.core.budget.BudgetSet.NONE
                .put(new dev.metering.core.budget.Budget("ci", dev.metering.core.budget.BudgetMatch.source("agent-sdk"), Money.ofUsd(1),
                        dev.metering.core.budget.BudgetWindow.HOUR, dev.metering.core.budget.Budget.Action.PAUSE, now, now, "owner"))
                .put(new dev.metering.core.budget.Budget("team", dev.metering.core.budget.BudgetMatch.tag("team", "x"), Money.ofUsd(5),
                        dev.metering.core.budget.BudgetWindow.DAY, dev.metering.core.budget.Budget.Action.NOTIFY, now, now, "admin-1"));
        var recorded = set.record(List.of(new dev.metering.core.budget.Charge(now, "agent-sdk",
                dev.metering.core.budget.Tags.of(Map.of("team", "x")), Money.ofUsd(2))), cycle, false, cycle, java.time.ZoneOffset.UTC, now);
        Map<String, AttributeValue> stored = BudgetSetItem.SCHEMA.itemToMap(BudgetSetItem.of("acct_1", recorded.after(), recorded.crossings(),
                cycle, "org_7"), true);
        assertThat(stored.get("pk").s()).isEqualTo("ACCT#acct_1");
        assertThat(stored.get("sk").s()).isEqualTo("BUDGETS");
        BudgetSetItem read = BudgetSetItem.SCHEMA.mapToItem(stored);
        assertThat(read.toSet()).usingRecursiveComparison().isEqualTo(recorded.after());
        assertThat(read.crossings()).isEqualTo(recorded.crossings()).hasSize(2);
        assertThat(read.cycle()).isEqualTo(cycle);
        assertThat(read.organizationId()).isEqualTo("org_7");
        // The forms a debit's write builds directly are the schema's, with crossings or none, in an organization or none.
        assertThat(BudgetSetItem.attributesOf("acct_1", recorded.after(), recorded.crossings(), cycle, "org_7")).isEqualTo(stored);
        assertThat(BudgetSetItem.attributesOf("acct_1", recorded.after(), List.of(), cycle, null)).isEqualTo(BudgetSetItem.SCHEMA.itemToMap(
                BudgetSetItem.of("acct_1", recorded.after(), List.of(), cycle, null), true));
        assertThat(BudgetSetItem.setOf(stored)).usingRecursiveComparison().isEqualTo(recorded.after());
        assertThat(BudgetSetItem.setOf(BudgetSetItem.attributesOf("acct_1", set, List.of(), cycle, null))).usingRecursiveComparison().isEqualTo(set);
    }
}
