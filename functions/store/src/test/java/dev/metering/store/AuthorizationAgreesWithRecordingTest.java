package dev.metering.store;

import static org.assertj.core.api.Assertions.assertThat;

import dev.metering.core.cycle.CyclePools;
import dev.metering.core.debit.Authorization;
import dev.metering.core.ledger.LedgerEntry;
import dev.metering.core.money.Money;
import dev.metering.core.source.PoolKind;
import dev.metering.store.accounts.AccountService;
import dev.metering.store.recording.IncomingEvent;
import dev.metering.store.recording.RecordStatus;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.Size;
import net.jqwik.api.lifecycle.AfterContainer;
import net.jqwik.api.lifecycle.BeforeContainer;

/**
 * The gateway's decision against what recording does: over random pool states reached by real
 * writes (claimed or not, extra usage on or off, with or without a cap, spent to any point), the
 * decision read from the stored cycle agrees with how the store then records the next event of that
 * pool: DENY exactly when it is wholly overrun, and paid as the decision says.
 */
class AuthorizationAgreesWithRecordingTest {

    private static final Instant ANCHOR = Instant.parse("2027-04-01T00:00:00Z");
    private static final Instant NOW = Instant.parse("2027-04-12T00:00:00Z");
    private static final AtomicInteger ACCOUNTS = new AtomicInteger();
    private static StoreFixture fixture;

    @BeforeContainer
    static void table() {
        fixture = new StoreFixture("authorization", Clock.fixed(NOW, ZoneOffset.UTC));
    }

    @AfterContainer
    static void drop() {
        fixture.close();
    }

    private static void record(String account, String eventId, String source, long inputTokens) {
        String raw = """
                {"eventId": "%s", "accountId": "%s", "occurredAt": "%s", "source": "%s", "model": "claude-haiku-4-5",
                 "usage": {"input_tokens": %d, "output_tokens": 0}}""".formatted(eventId, account, NOW.minusSeconds(60), source, inputTokens);
        assertThat(fixture.recorder().record(List.of(new IncomingEvent("m-" + eventId, raw)))).allMatch(r -> r.status() == RecordStatus.APPLIED);
    }

    @Property(tries = 40)
    void theDecisionIsWhatRecordingTheNextEventDoes(@ForAll boolean claimed, @ForAll boolean extraUsage, @ForAll boolean capped,
                                                    @ForAll @IntRange(min = 0, max = 8) int capUsd,
                                                    @ForAll @Size(max = 5) List<@IntRange(min = 1, max = 12) Integer> spentUsd,
                                                    @ForAll @Size(max = 3) List<@IntRange(min = 1, max = 5) Integer> interactiveUsd,
                                                    @ForAll boolean askInteractive) {
        String account = "acct_auth" + ACCOUNTS.incrementAndGet();
        AccountService accounts = fixture.accounts();
        accounts.create(new AccountService.NewAccount(account, "pro", null, ANCHOR, ZoneOffset.UTC, extraUsage,
                capped ? Money.ofUsd(capUsd) : null));
        if (claimed) {
            accounts.claimCredit(account);
        }
        for (int i = 0; i < spentUsd.size(); i++) {
            record(account, account + "-p" + i, "agent-sdk", spentUsd.get(i) * 1_000_000L); // $1 a million haiku input tokens
        }
        for (int i = 0; i < interactiveUsd.size(); i++) {
            record(account, account + "-i" + i, "claude-code", interactiveUsd.get(i) * 1_000_000L);
        }
        PoolKind kind = askInteractive ? PoolKind.INTERACTIVE : PoolKind.PROGRAMMATIC;
        CyclePools stored = fixture.store().findCycle(account, ANCHOR).orElseThrow();

        Authorization decision = Authorization.of(stored, kind);
        record(account, account + "-next", askInteractive ? "claude-code" : "agent-sdk", 1_000);
        LedgerEntry next = fixture.store().ledger(account, ANCHOR).stream().filter(e -> (account + "-next").equals(e.eventId()))
                .findFirst().orElseThrow();

        Money cost = next.credit().plus(next.extraUsage()).plus(next.overrun());
        assertThat(decision.decision() == Authorization.Decision.DENY).as("%s for %s", decision, next)
                .isEqualTo(next.overrun().equals(cost));
        if (decision.decision() == Authorization.Decision.ALLOW) {
            assertThat(decision.billing() == Authorization.Billing.EXTRA_USAGE).isEqualTo(next.credit().isZero());
        }
        assertThat(decision.cycleVersion()).isEqualTo(stored.version());
    }
}
