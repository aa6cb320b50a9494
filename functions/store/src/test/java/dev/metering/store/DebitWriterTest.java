package dev.metering.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.Mockito.verify;
import static org.mockito.Mockito.when;

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
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.mockito.ArgumentCaptor;
import org.mockito.Mock;
import org.mockito.junit.jupiter.MockitoExtension;
import software.amazon.awssdk.awscore.exception.AwsErrorDetails;
import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.CancellationReason;
import software.amazon.awssdk.services.dynamodb.model.DynamoDbException;
import software.amazon.awssdk.services.dynamodb.model.ProvisionedThroughputExceededException;
import software.amazon.awssdk.services.dynamodb.model.ReturnValuesOnConditionCheckFailure;
import software.amazon.awssdk.services.dynamodb.model.TransactWriteItem;
import software.amazon.awssdk.services.dynamodb.model.TransactWriteItemsRequest;
import software.amazon.awssdk.services.dynamodb.model.TransactWriteItemsResponse;
import software.amazon.awssdk.services.dynamodb.model.TransactionCanceledException;

/**
 * What the debit writer asks of DynamoDB, and what it makes of each answer. A mock client shows
 * both exactly: the guard of every action (the table in {@link DebitWriter}'s comment), and the
 * cancellations, throttles and timeouts that the engine used for the other tests never produces.
 */
@ExtendWith(MockitoExtension.class)
class DebitWriterTest {

    private static final Instant START = Instant.parse("2027-02-10T00:00:00Z");
    private static final Cycle CYCLE = new Cycle(1, START, Instant.parse("2027-03-10T00:00:00Z"), ZoneOffset.UTC);

    @Mock
    DynamoDbClient dynamo;

    private DebitWriter writer() {
        return new DebitWriter(new MeteringStore(dynamo, StoreConfig.defaults("metering")));
    }

    private static CyclePools opened() {
        return CyclePools.opened("acct_1", CYCLE, "pro", true, Pool.programmatic(Money.ofUsd(20), false, null),
                Pool.interactive(Money.ofUsd(8)));
    }

    private static LedgerEntry debit(String eventId) {
        return new LedgerEntry("evt:" + eventId, EntryKind.DEBIT, PoolKind.PROGRAMMATIC, START, START, Money.ofUsd(1),
                Money.ZERO, Money.ZERO, eventId, "agent-sdk", "claude-sonnet-4-5", START, false, Money.ofUsd(1),
                new TokenUsage(1, 0, 0, 0, 0), null, LedgerEntry.Marks.NONE, "hash-of-" + eventId, null, null);
    }

    private static DebitWrite onStoredCycle() {
        CyclePools before = opened().atVersion(3);
        CyclePools after = before.debit(PoolKind.PROGRAMMATIC, "claude-sonnet-4-5", Money.ofUsd(2), START).after();
        return new DebitWrite(before, after, List.of(debit("e1"), debit("e2")), List.of(), null, List.of(), null);
    }

    private List<TransactWriteItem> sent() {
        ArgumentCaptor<TransactWriteItemsRequest> request = ArgumentCaptor.forClass(TransactWriteItemsRequest.class);
        verify(dynamo).transactWriteItems(request.capture());
        return request.getValue().transactItems();
    }

    private static TransactionCanceledException cancelled(CancellationReason... reasons) {
        return TransactionCanceledException.builder().cancellationReasons(reasons).build();
    }

    private static CancellationReason code(String code) {
        return CancellationReason.builder().code(code).build();
    }

    private void commits() {
        when(dynamo.transactWriteItems(any(TransactWriteItemsRequest.class))).thenReturn(TransactWriteItemsResponse.builder().build());
    }

    @Test
    void debitsOnAStoredCycleAreGuardedByItsVersionAndEachEventsEntry() {
        commits();
        assertThat(writer().write(onStoredCycle()).kind()).isEqualTo(DebitOutcome.Kind.COMMITTED);
        List<TransactWriteItem> actions = sent();
        assertThat(actions).hasSize(3);
        var cycle = actions.get(0).put();
        assertThat(cycle.conditionExpression()).isEqualTo("version = :read AND attribute_not_exists(closedAt)");
        assertThat(cycle.expressionAttributeValues()).isEqualTo(Map.of(":read", AttributeValue.fromN("3")));
        assertThat(cycle.item().get("version").n()).isEqualTo("4");
        assertThat(cycle.item().get("p_used").n()).isEqualTo("2000000000");
        for (int i = 1; i <= 2; i++) {
            var entry = actions.get(i).put();
            assertThat(entry.item().get("sk").s()).isEqualTo("EVT#e" + i);
            assertThat(entry.conditionExpression()).isEqualTo("attribute_not_exists(pk)");
            assertThat(entry.returnValuesOnConditionCheckFailure()).isEqualTo(ReturnValuesOnConditionCheckFailure.ALL_OLD);
        }
    }

    @Test
    void anOpeningWritesItsGrantsOnceAndHoldsOnlyIfTheAccountIsUnchanged() {
        CyclePools before = opened();
        CyclePools after = before.debit(PoolKind.PROGRAMMATIC, "claude-sonnet-4-5", Money.ofUsd(1), START).after();
        LedgerEntry grant = LedgerEntry.movement("grant:p", EntryKind.GRANT, PoolKind.PROGRAMMATIC, START, START, Money.ofUsd(20), "opened");
        Account account = new Account("acct_1", null, START, ZoneOffset.UTC, START,
                List.of(AccountChange.plan(START, START, null, "pro")), 5);
        commits();
        assertThat(writer().write(new DebitWrite(before, after, List.of(debit("e1")), List.of(grant), account, List.of(), account.organizationId())).kind())
                .isEqualTo(DebitOutcome.Kind.COMMITTED);
        List<TransactWriteItem> actions = sent();
        assertThat(actions).hasSize(4);
        assertThat(actions.get(0).put().conditionExpression()).isEqualTo("attribute_not_exists(pk)");
        assertThat(actions.get(0).put().item().get("version").n()).isEqualTo("1");
        var grantPut = actions.get(1).put();
        assertThat(grantPut.item().get("sk").s()).as("the grant before the debit it pays for").isEqualTo("ENTRY#grant:p");
        assertThat(grantPut.conditionExpression()).isEqualTo("attribute_not_exists(pk)");
        assertThat(grantPut.returnValuesOnConditionCheckFailure()).isNull();
        assertThat(grantPut.item().get("sequence").n()).as("version 1, first place").isEqualTo("100");
        assertThat(grantPut.item().get("balanceAfter").n()).isEqualTo("20000000000");
        assertThat(grantPut.item().get("gsi1sk").s()).isEqualTo("SEQ#0000000000000000100");
        var debitPut = actions.get(2).put();
        assertThat(debitPut.item().get("sk").s()).isEqualTo("EVT#e1");
        assertThat(debitPut.item().get("sequence").n()).isEqualTo("101");
        assertThat(debitPut.item().get("balanceAfter").n()).isEqualTo(Long.toString(after.programmatic().remaining().nanos()));
        var check = actions.get(3).conditionCheck();
        assertThat(check.key()).isEqualTo(Map.of("pk", AttributeValue.fromS("ACCT#acct_1"), "sk", AttributeValue.fromS("ACCOUNT")));
        assertThat(check.conditionExpression()).isEqualTo("version = :read");
        assertThat(check.expressionAttributeValues()).isEqualTo(Map.of(":read", AttributeValue.fromN("5")));
    }

    @Test
    void anEventCountedBeforeComesBackWithTheBodyHashItWasCountedWith() {
        when(dynamo.transactWriteItems(any(TransactWriteItemsRequest.class))).thenThrow(cancelled(code("None"), code("None"),
                CancellationReason.builder().code("ConditionalCheckFailed").item(Map.of("pk", AttributeValue.fromS("ACCT#acct_1"),
                        "sk", AttributeValue.fromS("EVT#e2"), "bodyHash", AttributeValue.fromS("another-body"))).build()));
        DebitOutcome outcome = writer().write(onStoredCycle());
        assertThat(outcome.kind()).isEqualTo(DebitOutcome.Kind.SEEN);
        assertThat(outcome.seenBodies()).isEqualTo(Map.of("e2", "another-body"));
    }

    @Test
    void anEntryFromBeforeBodyHashesIsSeenWithAnEmptyHash() {
        when(dynamo.transactWriteItems(any(TransactWriteItemsRequest.class))).thenThrow(cancelled(code("None"),
                CancellationReason.builder().code("ConditionalCheckFailed").item(Map.of("pk", AttributeValue.fromS("ACCT#acct_1"),
                        "sk", AttributeValue.fromS("EVT#e1"))).build(), code("None")));
        assertThat(writer().write(onStoredCycle()).seenBodies()).isEqualTo(Map.of("e1", ""));
    }

    @Test
    void aCycleChangedSinceItWasReadIsStale() {
        when(dynamo.transactWriteItems(any(TransactWriteItemsRequest.class)))
                .thenThrow(cancelled(code("ConditionalCheckFailed"), code("None"), code("None")));
        assertThat(writer().write(onStoredCycle()).kind()).isEqualTo(DebitOutcome.Kind.STALE);
    }

    @Test
    void conflictsThrottlesAndTimeoutsAreTransient() {
        when(dynamo.transactWriteItems(any(TransactWriteItemsRequest.class)))
                .thenThrow(cancelled(code("None"), code("TransactionConflict"), code("None")))
                .thenThrow(ProvisionedThroughputExceededException.builder().statusCode(400).awsErrorDetails(
                        AwsErrorDetails.builder().errorCode("ProvisionedThroughputExceededException").build()).build())
                .thenThrow(SdkClientException.create("read timed out"))
                .thenThrow(cancelled());
        DebitWriter writer = writer();
        assertThat(writer.write(onStoredCycle()).detail()).isEqualTo("cancelled: None,TransactionConflict,None");
        assertThat(writer.write(onStoredCycle()).kind()).isEqualTo(DebitOutcome.Kind.TRANSIENT);
        assertThat(writer.write(onStoredCycle()).detail()).isEqualTo("client: read timed out");
        assertThat(writer.write(onStoredCycle()).kind()).isEqualTo(DebitOutcome.Kind.TRANSIENT);
    }

    @Test
    void aRequestTheServiceRefusesIsNotRetried() {
        when(dynamo.transactWriteItems(any(TransactWriteItemsRequest.class))).thenThrow(DynamoDbException.builder().statusCode(400)
                .awsErrorDetails(AwsErrorDetails.builder().errorCode("ValidationException").build()).build());
        assertThatThrownBy(() -> writer().write(onStoredCycle())).isInstanceOf(DynamoDbException.class);
    }
}
