package dev.metering.store.item;

import static software.amazon.awssdk.enhanced.dynamodb.mapper.StaticAttributeTags.primaryPartitionKey;
import static software.amazon.awssdk.enhanced.dynamodb.mapper.StaticAttributeTags.primarySortKey;

import dev.metering.core.budget.Budget;
import dev.metering.core.budget.BudgetMatch;
import dev.metering.core.budget.BudgetSet;
import dev.metering.core.budget.BudgetWindow;
import dev.metering.core.budget.Crossing;
import dev.metering.core.cycle.Cycle;
import dev.metering.core.money.Money;
import java.time.Instant;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.enhanced.dynamodb.AttributeConverter;
import software.amazon.awssdk.enhanced.dynamodb.AttributeValueType;
import software.amazon.awssdk.enhanced.dynamodb.EnhancedType;
import software.amazon.awssdk.enhanced.dynamodb.Key;
import software.amazon.awssdk.enhanced.dynamodb.TableSchema;

/**
 * An account's budgets and their spend, one item written whole at the next version by every
 * debit transaction that counts on it (and by every change of the budgets), on condition that it
 * is still the version read. It also carries what the write's spend crossed ({@code crossings}),
 * with the cycle and organization they are told in, for notify to read from the stream.
 */
public final class BudgetSetItem {

    public static final String TYPE = "BUDGETS";
    public static final String SORT_KEY = "BUDGETS";

    /** One budget's definition, as stored. */
    public static final class Definition {
        String budgetId;
        String matchSource;
        String matchTag;
        String matchValue;
        Money limit;
        String window;
        String action;
        Instant since;
        Instant changedAt;
        String changedBy;

        static final TableSchema<Definition> SCHEMA = ItemSchema.of(Definition.class, Definition::new)
                .attr(String.class, "budgetId")
                .attr(String.class, "matchSource")
                .attr(String.class, "matchTag")
                .attr(String.class, "matchValue")
                .attr(Money.class, "limit")
                .attr(String.class, "window")
                .attr(String.class, "action")
                .attr(Instant.class, "since")
                .attr(Instant.class, "changedAt")
                .attr(String.class, "changedBy")
                .build();

        static Definition of(Budget b) {
            Definition d = new Definition();
            d.budgetId = b.budgetId();
            d.matchSource = b.match().source();
            d.matchTag = b.match().tag();
            d.matchValue = b.match().value();
            d.limit = b.limit();
            d.window = b.window().wire();
            d.action = b.action().wire();
            d.since = b.since();
            d.changedAt = b.changedAt();
            d.changedBy = b.changedBy();
            return d;
        }

        Budget toBudget() {
            return new Budget(budgetId, new BudgetMatch(matchSource, matchTag, matchValue), limit, BudgetWindow.fromWire(window).orElseThrow(),
                    Budget.Action.fromWire(action).orElseThrow(), since, changedAt, changedBy);
        }
    }

    /** One crossing of the write, as stored for notify. */
    public static final class Told {
        String budgetId;
        Long percent;
        String discriminator;
        Money spent;
        Money limit;
        String window;
        Instant windowStart;
        Instant windowEnd;
        Instant at;

        static final TableSchema<Told> SCHEMA = ItemSchema.of(Told.class, Told::new)
                .attr(String.class, "budgetId")
                .attr(Long.class, "percent")
                .attr(String.class, "discriminator")
                .attr(Money.class, "spent")
                .attr(Money.class, "limit")
                .attr(String.class, "window")
                .attr(Instant.class, "windowStart")
                .attr(Instant.class, "windowEnd")
                .attr(Instant.class, "at")
                .build();

        static Told of(Crossing c) {
            Told t = new Told();
            t.budgetId = c.budgetId();
            t.percent = (long) c.percent();
            t.discriminator = c.discriminator();
            t.spent = c.spent();
            t.limit = c.limit();
            t.window = c.window().wire();
            t.windowStart = c.windowStart();
            t.windowEnd = c.windowEnd();
            t.at = c.at();
            return t;
        }

        Crossing toCrossing() {
            return new Crossing(budgetId, percent.intValue(), discriminator, spent, limit, BudgetWindow.fromWire(window).orElseThrow(),
                    windowStart, windowEnd, at);
        }
    }

    /**
     * The definitions, stored as documents. Every debit transaction of the account writes them again
     * and every batch reads them, unchanged between changes of the budgets: each stored form is
     * converted once and remembered, and the list read (which the set keeps through its changes of
     * spend) is written from what was remembered for it.
     */
    private static final AttributeConverter<List<Definition>> DEFINITIONS = StoreConverters.documents(Definition.class, Definition.SCHEMA);
    private static final Memo<StoredForm, List<Budget>> READ = new Memo<>(
            stored -> List.copyOf(DEFINITIONS.transformTo(stored.value()).stream().map(Definition::toBudget).toList()), 1024);
    private static final AttributeConverter<List<Budget>> BUDGETS = StoreConverters.converter(EnhancedType.listOf(Budget.class),
            AttributeValueType.L,
            Memo.byIdentity(budgets -> DEFINITIONS.transformFrom(budgets.stream().map(Definition::of).toList()), 1024),
            stored -> READ.apply(StoredForm.of(stored)));

    /** The cycle a write's crossings are told in, as stored: the same for every write of the cycle. */
    private static final Memo<Cycle, Map<String, AttributeValue>> CYCLES = new Memo<>(cycle -> Map.of(
            "cycleIndex", StoreConverters.LONG.transformFrom(cycle.index()),
            "cycleStart", StoreConverters.INSTANT.transformFrom(cycle.start()),
            "cycleEnd", StoreConverters.INSTANT.transformFrom(cycle.end()),
            "timeZone", StoreConverters.ZONE.transformFrom(cycle.zone())), 1024);

    private static final AttributeConverter<List<Told>> CROSSINGS = StoreConverters.documents(Told.class, Told.SCHEMA);

    String pk;
    String sk;
    String type;
    String accountId;
    Long version;
    List<Definition> budgets;
    Map<String, String> spend;
    Map<String, String> exhaustedAt;
    List<Told> crossings;
    Long cycleIndex;
    Instant cycleStart;
    Instant cycleEnd;
    ZoneId timeZone;
    String organizationId;

    public static final TableSchema<BudgetSetItem> SCHEMA = ItemSchema.of(BudgetSetItem.class, BudgetSetItem::new)
            .attr(String.class, Keys.PK, primaryPartitionKey())
            .attr(String.class, Keys.SK, primarySortKey())
            .attr(String.class, "type")
            .attr(String.class, "accountId")
            .attr(Long.class, "version")
            .attr(DEFINITIONS, "budgets")
            .attr(StoreConverters.TEXT_BY_NAME, "spend")
            .attr(StoreConverters.TEXT_BY_NAME, "exhaustedAt")
            .attr(CROSSINGS, "crossings")
            .attr(Long.class, "cycleIndex")
            .attr(Instant.class, "cycleStart")
            .attr(Instant.class, "cycleEnd")
            .attr(ZoneId.class, "timeZone")
            .attr(String.class, "organizationId")
            .build();

    public static Key key(String accountId) {
        return Key.builder().partitionValue(Keys.account(accountId)).sortValue(SORT_KEY).build();
    }

    public static boolean isOne(String sortKey) {
        return SORT_KEY.equals(sortKey);
    }

    /**
     * The set as written, with what this write's spend crossed in {@code current} (the cycle holding
     * the write's now) of the seat's organization. Each budget's counters are one string of
     * {@code span=nanos} pairs: compact, and a fixed handful per budget (its live windows).
     */
    public static BudgetSetItem of(String accountId, BudgetSet set, List<Crossing> crossings, Cycle current, String organizationId) {
        BudgetSetItem item = new BudgetSetItem();
        item.pk = Keys.account(accountId);
        item.sk = SORT_KEY;
        item.type = TYPE;
        item.accountId = accountId;
        item.version = set.version();
        item.budgets = set.budgets().stream().map(Definition::of).toList();
        item.spend = new HashMap<>();
        set.spend().forEach((id, counters) -> item.spend.put(id, line(counters)));
        item.exhaustedAt = new HashMap<>();
        set.exhaustedAt().forEach((id, at) -> item.exhaustedAt.put(id, at.toString()));
        item.crossings = new ArrayList<>(crossings.stream().map(Told::of).toList());
        item.cycleIndex = current.index();
        item.cycleStart = current.start();
        item.cycleEnd = current.end();
        item.timeZone = current.zone();
        item.organizationId = organizationId;
        return item;
    }

    private static String line(Map<String, Long> counters) {
        StringBuilder line = new StringBuilder(48 * counters.size());
        counters.forEach((span, nanos) -> line.append(line.isEmpty() ? "" : ",").append(span).append('=').append(nanos));
        return line.toString();
    }

    private static final AttributeValue NO_CROSSINGS = AttributeValue.fromL(List.of());
    private static final AttributeValue NONE_EXHAUSTED = AttributeValue.fromM(Map.of());

    /**
     * What {@link #SCHEMA} writes of {@link #of}, built directly: every debit transaction that counts
     * on budgets writes the set whole.
     */
    public static Map<String, AttributeValue> attributesOf(String accountId, BudgetSet set, List<Crossing> crossings, Cycle current,
                                                           String organizationId) {
        Map<String, AttributeValue> stored = new HashMap<>(32);
        stored.put(Keys.PK, AttributeValue.fromS(Keys.account(accountId)));
        stored.put(Keys.SK, AttributeValue.fromS(SORT_KEY));
        stored.put("type", AttributeValue.fromS(TYPE));
        stored.put("accountId", AttributeValue.fromS(accountId));
        stored.put("version", StoreConverters.LONG.transformFrom(set.version()));
        stored.put("budgets", BUDGETS.transformFrom(set.budgets()));
        Map<String, AttributeValue> spend = new HashMap<>();
        set.spend().forEach((id, counters) -> spend.put(id, AttributeValue.fromS(line(counters))));
        stored.put("spend", AttributeValue.fromM(spend));
        if (set.exhaustedAt().isEmpty()) {
            stored.put("exhaustedAt", NONE_EXHAUSTED);
        } else {
            Map<String, AttributeValue> exhausted = new HashMap<>();
            set.exhaustedAt().forEach((id, at) -> exhausted.put(id, AttributeValue.fromS(at.toString())));
            stored.put("exhaustedAt", AttributeValue.fromM(exhausted));
        }
        stored.put("crossings", crossings.isEmpty() ? NO_CROSSINGS : CROSSINGS.transformFrom(crossings.stream().map(Told::of).toList()));
        stored.putAll(CYCLES.apply(current));
        if (organizationId != null) {
            stored.put("organizationId", AttributeValue.fromS(organizationId));
        }
        return stored;
    }

    /**
     * The set as {@link #toSet} reads it, from the four stored attributes that make it: a batch reads
     * one per account, and what the set's last write crossed is not the recorder's to read.
     */
    public static BudgetSet setOf(Map<String, AttributeValue> stored) {
        AttributeValue budgets = stored.get("budgets");
        AttributeValue spend = stored.get("spend");
        AttributeValue exhausted = stored.get("exhaustedAt");
        return set(versionOf(stored), budgets == null ? List.of() : BUDGETS.transformTo(budgets),
                spend == null ? null : StoreConverters.TEXT_BY_NAME.transformTo(spend),
                exhausted == null ? null : StoreConverters.TEXT_BY_NAME.transformTo(exhausted));
    }

    /** The version of a set as stored: what names its content ({@link #setOf} converts it). */
    public static long versionOf(Map<String, AttributeValue> stored) {
        return StoreConverters.LONG.transformTo(stored.get("version"));
    }

    public BudgetSet toSet() {
        return set(version, budgets == null ? List.of() : budgets.stream().map(Definition::toBudget).toList(), spend, exhaustedAt);
    }

    private static BudgetSet set(Long version, List<Budget> budgets, Map<String, String> spend, Map<String, String> exhaustedAt) {
        Map<String, java.util.SortedMap<String, Long>> counters = new HashMap<>();
        if (spend != null) {
            spend.forEach((id, line) -> {
                TreeMap<String, Long> parsed = new TreeMap<>();
                if (!line.isEmpty()) {
                    for (String pair : line.split(",")) {
                        int eq = pair.indexOf('=');
                        parsed.put(pair.substring(0, eq), Long.parseLong(pair.substring(eq + 1)));
                    }
                }
                counters.put(id, parsed);
            });
        }
        Map<String, Instant> exhausted = new HashMap<>();
        if (exhaustedAt != null) {
            exhaustedAt.forEach((id, at) -> exhausted.put(id, Instant.parse(at)));
        }
        return new BudgetSet(version, budgets, counters, exhausted);
    }

    public List<Crossing> crossings() {
        return crossings == null ? List.of() : crossings.stream().map(Told::toCrossing).toList();
    }

    public String accountId() {
        return accountId;
    }

    /** The cycle the write's crossings are told in. */
    public Cycle cycle() {
        return cycleStart == null ? null : new Cycle(cycleIndex, cycleStart, cycleEnd, timeZone);
    }

    public String organizationId() {
        return organizationId;
    }
}
