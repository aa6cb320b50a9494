package dev.metering.notify;

import static org.assertj.core.api.Assertions.assertThat;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import org.junit.jupiter.api.Test;

/** The hooks SnapStart calls, called here as the runtime would: priming puts nothing on the bus. */
@QuarkusTest
@QuarkusTestResource(value = BusResource.class, restrictToAnnotatedClass = true)
class PrimingTest {

    @Inject
    Priming priming;

    @Test
    void warmUpAndPrimingPutNothingOnTheBus() {
        BusResource.drain();
        assertThat(priming.warmUpNow()).as("the warm-up ran to its end").isTrue();
        priming.primeForSnapshot();
        priming.afterRestore(null);
        assertThat(BusResource.drain()).isEmpty();
    }
}
