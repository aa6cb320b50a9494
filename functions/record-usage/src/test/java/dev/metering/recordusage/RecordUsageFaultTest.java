package dev.metering.recordusage;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.metering.core.cycle.CyclePools;
import dev.metering.core.ledger.EntryKind;
import dev.metering.core.ledger.LedgerEntry;
import dev.metering.core.money.Money;
import dev.metering.core.source.PoolKind;
import dev.metering.store.Catalogs;
import dev.metering.store.MeteringStore;
import dev.metering.store.StoreConfig;
import dev.metering.store.accounts.AccountService;
import dev.metering.testsupport.DynamoEngine;
import dev.metering.testsupport.DynamoEngineResource;
import dev.metering.testsupport.faults.FaultInjector;
import dev.metering.testsupport.faults.FaultInjector.Fault;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The packaged handler with faults on its own DynamoDB client: what it cannot apply it reports as
 * batch item failures, SQS delivers exactly those again, and in the end every event is counted once.
 */
@QuarkusTest
@QuarkusTestResource(DynamoEngineResource.class)
class RecordUsageFaultTest {

    private static final String ACCOUNT = "acct_faults";
    private static final int EVENTS = 60;
    private static final ObjectMapper JSON = new ObjectMapper();

    @AfterEach
    void faultsOff() {
        InjectedFaults.off();
    }

    @Test
    void failuresAreReportedAndRedeliveryCountsEveryEventOnce() {
        Instant now = Instant.now();
        try (var client = DynamoEngine.shared().newClient()) {
            MeteringStore store = new MeteringStore(client, StoreConfig.defaults(DynamoEngineResource.table()));
            AccountService accounts = new AccountService(store, Catalogs.bundled().plans(), Clock.systemUTC());
            accounts.create(new AccountService.NewAccount(ACCOUNT, "pro", null, now.minus(Duration.ofDays(4)), ZoneOffset.UTC, true,
                    Money.parseUsd("1")));
            accounts.claimCredit(ACCOUNT);
            // 6 batches of 10 (SQS's default batch size); each event 100,000 opus-4-7 output tokens = $2.50:
            // $150 in all, against $20 of credit and a $1 cap, so the rate switch and the pause both happen.
            Map<String, String> messages = new LinkedHashMap<>();
            for (int i = 0; i < EVENTS; i++) {
                messages.put("msg-" + i, usage("fault-" + i, now.minusSeconds(60 + i)));
            }

            // A DynamoDB outage during the first delivery: every call throttled, past the SDK's retries.
            InjectedFaults.use(new FaultInjector(1, 1.0, Set.of(), EnumSet.of(Fault.THROTTLED)));
            List<String> failed = deliverInBatches(messages, new ArrayList<>(messages.keySet()));
            assertThat(failed).as("everything handed back while DynamoDB is out").containsExactlyElementsOf(messages.keySet());

            // Then a storm of every kind of fault on a third of the calls, redelivering only what was reported failed.
            FaultInjector storm = new FaultInjector(2, 0.33);
            InjectedFaults.use(storm);
            int rounds = 0;
            int reported = 0;
            while (!failed.isEmpty()) {
                assertThat(++rounds).as("redelivery rounds").isLessThanOrEqualTo(40);
                failed = deliverInBatches(messages, failed);
                reported += failed.size();
            }
            InjectedFaults.off();
            assertThat(EnumSet.allOf(Fault.class).stream().mapToLong(storm::injected).sum()).as("faults injected").isPositive();

            // A last, whole redelivery (an acknowledgement lost): nothing fails and nothing changes.
            CyclePools before = pools(store, now);
            assertThat(deliverInBatches(messages, new ArrayList<>(messages.keySet()))).isEmpty();
            CyclePools pools = pools(store, now);
            assertThat(pools.version()).isEqualTo(before.version());

            List<LedgerEntry> ledger = store.ledger(ACCOUNT, pools.cycle().start());
            List<LedgerEntry> debits = ledger.stream().filter(e -> e.kind() == EntryKind.DEBIT).toList();
            assertThat(debits).hasSize(EVENTS);
            assertThat(debits.stream().map(LedgerEntry::eventId).distinct().count()).isEqualTo(EVENTS);
            assertThat(pools.programmatic().used()).isEqualTo(Money.parseUsd("20"));
            assertThat(pools.programmatic().extraUsage().accrued()).isEqualTo(Money.parseUsd("1"));
            assertThat(pools.programmatic().overrun()).isEqualTo(Money.parseUsd("129"));
            assertThat(pools.programmatic().rateSwitchedAt()).isNotNull();
            assertThat(ledger.stream().filter(e -> e.marks().rateSwitch()).count()).as("one rate switch").isEqualTo(1);
            assertThat(sum(ledger, EntryKind.DEBIT)).isEqualTo(pools.programmatic().used());
            assertThat(sum(ledger, EntryKind.GRANT)).isEqualTo(pools.programmatic().granted());
            assertThat(pools.programmatic().granted())
                    .isEqualTo(pools.programmatic().used().plus(pools.programmatic().remaining()).plus(pools.programmatic().expired()));
            System.out.printf("record-usage under faults: %d events, %d redelivery rounds, %d items reported failed along the way; injected %s%n",
                    EVENTS, rounds, reported, storm.summary());
        }
    }

    /** Delivers the given messages in SQS batches of 10; returns the ids the handler reported failed. */
    private static List<String> deliverInBatches(Map<String, String> messages, List<String> ids) {
        List<String> failed = new ArrayList<>();
        for (int from = 0; from < ids.size(); from += 10) {
            List<String> batch = ids.subList(from, Math.min(ids.size(), from + 10));
            StringBuilder records = new StringBuilder();
            for (String id : batch) {
                records.append(records.isEmpty() ? "" : ",").append("""
                        {"messageId": "%s", "receiptHandle": "rh-%s", "body": %s, "attributes": {}, "messageAttributes": {},
                         "eventSource": "aws:sqs", "eventSourceARN": "arn:aws:sqs:us-east-1:123456789012:usage-events", "awsRegion": "us-east-1"}
                        """.formatted(id, id, quote(messages.get(id))));
            }
            List<String> reported = given().contentType("application/json").body("{\"Records\": [" + records + "]}")
                    .when().post().then().statusCode(200).extract().jsonPath().getList("batchItemFailures.itemIdentifier", String.class);
            failed.addAll(reported);
        }
        return failed;
    }

    private static String usage(String eventId, Instant occurredAt) {
        return """
                {"eventId": "%s", "accountId": "%s", "occurredAt": "%s", "source": "claude-code-headless", "model": "claude-opus-4-7",
                 "usage": {"input_tokens": 0, "output_tokens": 100000}}""".formatted(eventId, ACCOUNT, occurredAt);
    }

    private static String quote(String json) {
        try {
            return JSON.writeValueAsString(json);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    private static CyclePools pools(MeteringStore store, Instant now) {
        Instant start = store.findAccount(ACCOUNT).orElseThrow().calendar().cycleContaining(now).start();
        return store.findCycle(ACCOUNT, start).orElseThrow();
    }

    private static Money sum(List<LedgerEntry> ledger, EntryKind kind) {
        return ledger.stream().filter(e -> e.kind() == kind && e.pool() == PoolKind.PROGRAMMATIC)
                .map(LedgerEntry::credit).reduce(Money.ZERO, Money::plus);
    }
}
