package dev.metering.store;

import static org.assertj.core.api.Assertions.assertThat;

import dev.metering.core.money.Money;
import dev.metering.store.item.Keys;
import dev.metering.store.reset.MonthlyReset;
import dev.metering.store.reset.ResetReport;
import dev.metering.testsupport.DynamoEngine;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.core.interceptor.Context;
import software.amazon.awssdk.core.interceptor.ExecutionAttributes;
import software.amazon.awssdk.core.interceptor.ExecutionInterceptor;
import software.amazon.awssdk.services.dynamodb.model.QueryRequest;
import software.amazon.awssdk.services.dynamodb.model.Select;

/**
 * Counting what is due only informs a run: a shard whose count keeps failing is left out of the
 * count (and named in the log), never failing the count of the others, nor a run's report.
 */
class ResetCountTest {

    private static final Instant ANCHOR = Instant.parse("2027-03-01T00:00:00Z");
    private static final Instant DUE = Instant.parse("2027-04-01T03:00:00Z");

    /** Fails every count of one shard of the due index, as a throttled partition past the SDK's retries would. */
    private static final class FailingCount implements ExecutionInterceptor {
        final int shard;

        FailingCount(int shard) {
            this.shard = shard;
        }

        @Override
        public void beforeExecution(Context.BeforeExecution context, ExecutionAttributes attributes) {
            if (context.request() instanceof QueryRequest q && q.select() == Select.COUNT
                    && q.expressionAttributeValues().values().stream().anyMatch(v -> Keys.due(shard).equals(v.s()))) {
                throw SdkClientException.create("injected: the count of " + Keys.due(shard) + " failed");
            }
        }
    }

    @Test
    void aShardWhoseCountFailsIsLeftOutAndTheOthersAreCounted() {
        StoreFixture fixture = new StoreFixture("reset-count", Clock.fixed(ANCHOR.plusSeconds(3600), ZoneOffset.UTC));
        try {
            List<String> ids = new ArrayList<>();
            Set<Integer> shards = new HashSet<>();
            for (int i = 0; i < 12; i++) {
                String id = "acct_count_" + i;
                fixture.claimedAccount(id, "pro", ANCHOR, false, (Money) null);
                ids.add(id);
                shards.add(Keys.dueShard(id, fixture.config.dueShards()));
            }
            int failing = Keys.dueShard(ids.get(0), fixture.config.dueShards());
            long inFailing = ids.stream().filter(id -> Keys.dueShard(id, fixture.config.dueShards()) == failing).count();
            MeteringStore faulty = new MeteringStore(fixture.track(DynamoEngine.shared().newClient(o -> o.addExecutionInterceptor(
                    new FailingCount(failing)))), fixture.config);
            MonthlyReset reset = new ResetFixture(fixture).at(DUE, faulty);

            assertThat(reset.due(DUE)).as("12 due, those of shard %d left uncounted", failing).isEqualTo(12 - inFailing);

            ResetReport report = reset.run(DUE, false, () -> true); // out of time at once: what remains is counted
            assertThat(report.remaining()).isEqualTo(12 - inFailing);
            assertThat(shards).hasSizeGreaterThan(1);
        } finally {
            fixture.drop();
        }
    }
}
