package dev.metering.poolapi;

import static dev.metering.poolapi.Api.as;
import static dev.metering.poolapi.Api.problem;
import static org.assertj.core.api.Assertions.assertThat;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.ArgumentMatchers.anyInt;
import static org.mockito.ArgumentMatchers.anyString;
import static org.mockito.Mockito.when;

import dev.metering.store.accounts.AccountService;
import dev.metering.testsupport.DynamoEngineResource;
import io.quarkus.test.InjectMock;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import org.junit.jupiter.api.Test;

/**
 * An unexpected failure is a 500 in problem+json that tells the truth about a retry: a read changed
 * nothing, a write may have been applied. The services are mocked to fail: no real failure is needed.
 */
@QuarkusTest
@QuarkusTestResource(DynamoEngineResource.class)
class UnexpectedFailuresTest {

    @InjectMock
    AccountService accounts;

    @InjectMock
    PoolQueries queries;

    @Test
    void aFailedWriteDoesNotPromiseThatARetryIsSafe() {
        when(accounts.adjust(anyString(), any(), any(), anyInt(), any())).thenThrow(new IllegalStateException("the store went away"));
        String detail = problem(as(Tokens.admin()).body("{\"pool\": \"PROGRAMMATIC\", \"creditUsd\": \"1\", \"reason\": \"x\", "
                + "\"adjustmentId\": \"r-1\"}").post("/v1/accounts/acct_any/adjustments"), 500, null).getString("detail");
        assertThat(detail).contains("may or may not have been applied").contains("adjustmentId").doesNotContain("safe to retry");
    }

    @Test
    void aFailedReadSaysItChangedNothing() {
        when(queries.pools(anyString(), anyString(), any())).thenThrow(new IllegalStateException("the store went away"));
        String detail = problem(as(Tokens.admin()).get("/v1/accounts/acct_any/pools"), 500, null).getString("detail");
        assertThat(detail).contains("changed nothing and can be retried");
    }
}
