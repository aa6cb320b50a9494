package dev.metering.store.model;

import org.junit.jupiter.api.Test;

/** The second half of the model-based test ({@link ModelBasedTest}): the other fixed seeds, and fresh ones. */
class ModelBasedMoreSeedsTest {

    @Test
    void theStoreFollowsTheModelOverTheSecondFixedSeeds() {
        ModelSeeds.runAll(ModelSeeds.SECOND, "fixed, second half");
    }

    @Test
    void theStoreFollowsTheModelOverFreshSeeds() {
        ModelSeeds.runAll(ModelSeeds.fresh(), "fresh");
    }
}
