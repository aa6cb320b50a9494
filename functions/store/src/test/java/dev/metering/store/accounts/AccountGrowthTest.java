package dev.metering.store.accounts;

import static org.assertj.core.api.Assertions.assertThat;

import dev.metering.core.account.Account;
import dev.metering.core.account.AccountChange;
import dev.metering.core.money.Money;
import dev.metering.store.MeteringStore;
import dev.metering.store.item.AccountItem;
import dev.metering.store.item.MeteringTable;
import dev.metering.store.StoreFixture;
import dev.metering.store.model.MutableClock;
import dev.metering.store.item.Keys;
import dev.metering.testsupport.DynamoEngine;
import dev.metering.testsupport.ReadCounter;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Map;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * The account item after a great many settings changes, through the service as an owner makes them
 * and on the engine (10,000 by default, {@code METERING_ACCOUNT_GROWTH_CHANGES}, about two minutes on
 * two cores): it stays the size it had after the
 * first few, so every read of it (each debit batch, each organization page) costs the same whatever
 * the account's past; a change equal to the settings in force writes nothing at all. An item written
 * before histories were compacted is brought back to size by its next change.
 */
class AccountGrowthTest {

    private static final Instant ANCHOR = Instant.parse("2027-03-01T00:00:00Z");
    private static final int CHANGES = Integer.parseInt(System.getenv().getOrDefault("METERING_ACCOUNT_GROWTH_CHANGES", "10000"));

    @Test
    void thousandsOfSettingsChangesLeaveTheAccountItemTheSizeItHadAfterTheFirst() {
        MutableClock clock = new MutableClock(ANCHOR.plus(Duration.ofDays(3)));
        StoreFixture fixture = new StoreFixture("growth", clock);
        try {
            fixture.claimedAccount("acct_busy", "max-5x", ANCHOR, false, null);
            AccountService owner = fixture.accounts();
            DynamoDbClient reader = fixture.client();
            long afterTen = 0;
            for (int i = 1; i <= CHANGES; i++) {
                clock.set(clock.instant().plusSeconds(301)); // a week's worth: changes across a cycle's end
                owner.setExtraUsage("acct_busy", i % 2 == 0, i % 3 == 0 ? null : Money.ofUsd(i % 500), "acct_busy");
                if (i == 10) {
                    afterTen = bytes(account(reader, fixture.table));
                }
            }
            long afterAll = bytes(account(reader, fixture.table));
            assertThat(afterAll).as("the item after %d changes against after 10", CHANGES).isLessThanOrEqualTo(afterTen + 200);

            ReadCounter counter = new ReadCounter();
            DynamoDbClient counted = fixture.track(DynamoEngine.shared().newClient(o -> o.addExecutionInterceptor(counter)));
            ReadCounter.Counts read = counter.during(() -> new MeteringStore(counted, fixture.config).findAccount("acct_busy"));
            assertThat(read.calls()).containsExactly(Map.entry("GetItem", 1L));
            System.out.printf("bounded: the account item after %d settings changes: %d bytes (%d after 10), read in one GetItem%n",
                    CHANGES, afterAll, afterTen);

            ReadCounter.Counts same = counter.during(() -> new AccountService(new MeteringStore(counted, fixture.config),
                    fixture.catalogs.plans(), fixture.clock).setExtraUsage("acct_busy", CHANGES % 2 == 0,
                    CHANGES % 3 == 0 ? null : Money.ofUsd(CHANGES % 500), "acct_busy"));
            assertThat(same.calls()).as("the settings in force again: read, nothing written").doesNotContainKey("TransactWriteItems");
        } finally {
            fixture.drop();
        }
    }

    @Test
    void anAccountItemBloatedBeforeHistoriesWereCompactedIsBroughtBackBySizeByItsNextChange() {
        MutableClock clock = new MutableClock(ANCHOR.plus(Duration.ofDays(3)));
        StoreFixture fixture = new StoreFixture("bloated", clock);
        try {
            fixture.claimedAccount("acct_busy", "max-5x", ANCHOR, false, null);
            MeteringStore store = fixture.store();
            Account stored = store.findAccount("acct_busy").orElseThrow();
            Account bloated = stored;
            for (int i = 0; i < 3_000; i++) {
                Instant at = ANCHOR.plusSeconds(60L * i);
                bloated = bloated.with(AccountChange.extraUsage(at, at, "acct_busy", i % 2 == 0, Money.ofUsd(i % 50)));
            }
            MeteringTable table = new MeteringTable(fixture.client(), fixture.table);
            table.accounts().putItem(AccountItem.of(bloated));
            long before = bytes(account(fixture.client(), fixture.table));

            fixture.accounts().setExtraUsage("acct_busy", true, Money.ofUsd(77), "acct_busy");

            long after = bytes(account(fixture.client(), fixture.table));
            assertThat(before).as("as such an item was written").isGreaterThan(300_000);
            assertThat(after).isLessThan(1_000);
            assertThat(store.findAccount("acct_busy").orElseThrow().termsAt(clock.instant()).extraUsageCap()).isEqualTo(Money.ofUsd(77));
        } finally {
            fixture.drop();
        }
    }

    private static Map<String, AttributeValue> account(DynamoDbClient reader, String table) {
        return reader.getItem(b -> b.tableName(table).key(Map.of(Keys.PK, AttributeValue.fromS(Keys.account("acct_busy")),
                Keys.SK, AttributeValue.fromS(Keys.ACCOUNT))).consistentRead(true)).item();
    }

    /** An item's size as DynamoDB counts it, near enough: names and values in UTF-8 bytes. */
    private static long bytes(Map<String, AttributeValue> item) {
        long total = 0;
        for (Map.Entry<String, AttributeValue> e : item.entrySet()) {
            total += e.getKey().length() + bytes(e.getValue());
        }
        return total;
    }

    private static long bytes(AttributeValue v) {
        if (v.s() != null) {
            return v.s().getBytes(java.nio.charset.StandardCharsets.UTF_8).length;
        }
        if (v.n() != null) {
            return v.n().length();
        }
        if (v.bool() != null || Boolean.TRUE.equals(v.nul())) {
            return 1;
        }
        if (v.hasM()) {
            return 3 + bytes(v.m());
        }
        if (v.hasL()) {
            return 3 + v.l().stream().mapToLong(AccountGrowthTest::bytes).sum() + v.l().size();
        }
        return 0;
    }
}
