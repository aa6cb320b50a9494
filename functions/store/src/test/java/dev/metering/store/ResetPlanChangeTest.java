package dev.metering.store;

import static org.assertj.core.api.Assertions.assertThat;

import dev.metering.core.account.Account;
import dev.metering.core.cycle.CyclePools;
import dev.metering.core.money.Money;
import dev.metering.store.accounts.AccountService;
import dev.metering.store.item.Keys;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/** A downgrade waits for the cycle's close; the close records its domain events. */
class ResetPlanChangeTest {

    private static final Instant ANCHOR = Instant.parse("2027-08-03T12:00:00Z");
    private static final Instant CREATED = Instant.parse("2027-08-10T00:00:00Z");
    private static final Instant NEXT = Instant.parse("2027-09-03T12:00:00Z");

    @Test
    void aPendingDowngradeTakesEffectWhenTheNextCycleOpens() {
        try (StoreFixture fixture = new StoreFixture("reset-plan", Clock.fixed(CREATED, ZoneOffset.UTC))) {
            AccountService accounts = fixture.accounts();
            accounts.create(new AccountService.NewAccount("acct_down", "max-20x", null, ANCHOR, ZoneOffset.UTC, false, null));
            accounts.claimCredit("acct_down");
            Account pending = accounts.put("acct_down", new AccountService.Settings("pro", null, null, null)).account();
            assertThat(pending.termsAt(CREATED).plan()).isEqualTo("max-20x");
            assertThat(pending.pendingPlan(CREATED).orElseThrow().plan()).isEqualTo("pro");
            assertThat(pending.pendingPlan(CREATED).orElseThrow().effectiveFrom()).isEqualTo(NEXT);
            assertThat(fixture.assertInvariants("acct_down", ANCHOR).programmatic().granted())
                    .as("the current cycle keeps its plan").isEqualTo(Money.ofUsd(200));

            assertThat(new ResetFixture(fixture).run(NEXT.plusSeconds(7200)).cyclesClosed()).isEqualTo(1);

            CyclePools next = fixture.assertInvariants("acct_down", NEXT);
            assertThat(next.plan()).isEqualTo("pro");
            assertThat(next.programmatic().granted()).isEqualTo(Money.ofUsd(20));
            Account after = fixture.store().findAccount("acct_down").orElseThrow();
            assertThat(after.termsAt(NEXT).plan()).isEqualTo("pro");
            assertThat(after.pendingPlan(NEXT)).isEmpty();

            // The closed cycle item is the close record: its expiry entry, invoice line and domain events.
            Map<String, AttributeValue> close = fixture.client().getItem(b -> b.tableName(fixture.table).consistentRead(true)
                    .key(Map.of(Keys.PK, AttributeValue.fromS(Keys.account("acct_down")), Keys.SK, AttributeValue.fromS(Keys.cycle(ANCHOR))))).item();
            assertThat(close).containsKey("closedAt");
            assertThat(close.get(Keys.GSI2PK).s()).as("listed among the closes").startsWith("CLOSED#");
            assertThat(close.get("kind").s()).isEqualTo("EXPIRY");
            List<AttributeValue> events = close.get("domainEvents").l();
            assertThat(events).extracting(e -> e.m().get("type").s()).containsExactly("CreditExpired", "CycleClosed");
            assertThat(events.get(0).m().get("amountUsd").s()).isEqualTo("200.000000000");
            assertThat(close.get("invoiceExtraUsage").n()).isEqualTo("0");
        }
    }
}
