package dev.metering.store.model;

import org.junit.jupiter.api.Test;

/**
 * The store against the reference model ({@link PolicyModel}), over random interleavings of usage
 * (ahead, on boundaries, months late, duplicated, ids reused with other bodies, absurd sizes),
 * claims, extra-usage settings, plan changes, adjustments, resets (on time, late, twice, stopped
 * halfway, asked for the future), a TTL sweep, and time moving by minutes to months across DST
 * zones and anchors on the 29th to 31st. After every step the stored pools, the ledger and the
 * reports must equal the model's.
 *
 * <p>Budget: 41 fixed seeds of 50 steps and a few fresh ones ({@link ModelSeeds}), split over this
 * class and {@link ModelBasedMoreSeedsTest} so that the store module's two test JVMs, each with an
 * engine of its own, run them side by side.
 */
class ModelBasedTest {

    @Test
    void theStoreFollowsTheModelOverTheFirstFixedSeeds() {
        ModelSeeds.runAll(ModelSeeds.FIRST, "fixed, first half");
    }

    @Test
    void theStoreFollowsTheModelOverTheSeedsThatOnceFoundABug() {
        ModelSeeds.runAll(ModelSeeds.KEPT, "kept");
    }
}
