package dev.metering.monthlyreset;

import static org.assertj.core.api.Assertions.assertThat;

import dev.metering.testsupport.DynamoEngineResource;
import dev.metering.testsupport.RecordedOperations;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import org.junit.jupiter.api.Test;

/** The hooks SnapStart calls, called here as the runtime would: priming reaches no table, and a restore reseeds. */
@QuarkusTest
@QuarkusTestResource(DynamoEngineResource.class)
class PrimingTest {

    @Inject
    Priming priming;

    @Test
    void warmUpAndPrimingMakeNoCallOnTheFunctionsClient() {
        assertThat(RecordedOperations.during(() -> assertThat(priming.warmUpNow()).as("the warm-up ran to its end").isTrue())).isEmpty();
        assertThat(RecordedOperations.during(priming::primeForSnapshot)).isEmpty();
        priming.afterRestore(null);
    }
}
