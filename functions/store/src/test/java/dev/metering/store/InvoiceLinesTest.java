package dev.metering.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.metering.core.cycle.InvoiceLine;
import dev.metering.core.money.Money;
import dev.metering.store.accounts.AccountService;
import dev.metering.store.item.Keys;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** The invoice lines billing pulls: every cycle closed in the window, once across the pages, read from the closes' partitions. */
class InvoiceLinesTest {

    private static final Instant ANCHOR = Instant.parse("2027-05-01T00:00:00Z");
    private static final Instant CREATED = Instant.parse("2027-05-10T00:00:00Z");
    private static final Instant NEXT = Instant.parse("2027-06-01T00:00:00Z");

    @Test
    void everyCloseOfTheWindowOnceAcrossPagesAndShards() {
        try (StoreFixture fixture = new StoreFixture("invoice-lines", Clock.fixed(CREATED, ZoneOffset.UTC))) {
            AccountService accounts = fixture.accounts();
            Set<String> ids = new HashSet<>();
            Set<Integer> shards = new HashSet<>();
            for (int i = 0; i < 9; i++) {
                String id = "acct_inv" + i;
                accounts.create(new AccountService.NewAccount(id, "pro", i % 2 == 0 ? "org_7" : null, ANCHOR, ZoneOffset.UTC, i == 0, null));
                accounts.claimCredit(id);
                ids.add(id);
                shards.add(Keys.dueShard(id, fixture.config.dueShards()));
            }
            assertThat(shards).as("the accounts spread over several shards").hasSizeGreaterThan(3);
            Instant closedAt = NEXT.plusSeconds(7200);
            assertThat(new ResetFixture(fixture).run(closedAt).cyclesClosed()).isEqualTo(9);

            List<InvoiceLine> listed = new ArrayList<>();
            String cursor = null;
            int pages = 0;
            do {
                MeteringStore.Page<InvoiceLine> page = fixture.store().invoiceLines(NEXT, closedAt.plusSeconds(1), 4, cursor);
                assertThat(page.items()).hasSizeLessThanOrEqualTo(4);
                listed.addAll(page.items());
                cursor = page.cursor();
                pages++;
            } while (cursor != null);

            assertThat(listed).extracting(InvoiceLine::accountId).containsExactlyInAnyOrderElementsOf(ids);
            assertThat(pages).isBetween(3, 4);
            InvoiceLine first = listed.stream().filter(l -> l.accountId().equals("acct_inv0")).findFirst().orElseThrow();
            assertThat(first.organizationId()).isEqualTo("org_7");
            assertThat(first.closedAt()).isEqualTo(closedAt);
            assertThat(first.cycle().start()).isEqualTo(ANCHOR);
            assertThat(first.creditExpired()).isEqualTo(first.creditGranted()).isEqualTo(Money.ofUsd(20));
            assertThat(listed.stream().filter(l -> l.accountId().equals("acct_inv1")).findFirst().orElseThrow().organizationId()).isNull();

            assertThat(fixture.store().invoiceLines(NEXT, closedAt, 100, null).items()).as("closed at the window's end: outside").isEmpty();
            assertThat(fixture.store().invoiceLines(closedAt, closedAt.plusMillis(1), 100, null).items()).as("at its start: inside").hasSize(9);
            assertThat(fixture.store().invoiceLines(closedAt, closedAt.plusMillis(1), 9, null).cursor())
                    .as("a full page may end where the last shard ends, its cursor then leads to an empty page").satisfiesAnyOf(
                            c -> assertThat(c).isNull(),
                            c -> assertThat(fixture.store().invoiceLines(closedAt, closedAt.plusMillis(1), 9, c).items()).isEmpty());
            assertThatThrownBy(() -> fixture.store().invoiceLines(NEXT, closedAt, 10, "bm90IGEgY3Vyc29y"))
                    .isInstanceOf(IllegalArgumentException.class);
        }
    }
}
