package dev.metering.core.plan;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class PlanCatalogTest {

    private final PlanCatalog plans = PlanCatalog.load(null);

    @Test
    void creditsPerSeatAreTheDocumentedOnes() {
        assertThat(plans.require("pro").programmaticCredit().toUsdString()).isEqualTo("20.000000000");
        assertThat(plans.require("max-5x").programmaticCredit().toUsdString()).isEqualTo("100.000000000");
        assertThat(plans.require("max-20x").programmaticCredit().toUsdString()).isEqualTo("200.000000000");
        assertThat(plans.require("team-standard").programmaticCredit().toUsdString()).isEqualTo("20.000000000");
        assertThat(plans.require("team-premium").programmaticCredit().toUsdString()).isEqualTo("100.000000000");
        assertThat(plans.require("enterprise-usage").programmaticCredit().toUsdString()).isEqualTo("20.000000000");
        assertThat(plans.require("enterprise-premium").programmaticCredit().toUsdString()).isEqualTo("200.000000000");
        assertThat(plans.find("free")).isEmpty();
    }

    @Test
    void upgradeIsMoreCredit() {
        assertThat(plans.require("max-5x").isUpgradeFrom(plans.require("pro"))).isTrue();
        assertThat(plans.require("pro").isUpgradeFrom(plans.require("max-5x"))).isFalse();
        assertThat(plans.require("pro").isUpgradeFrom(plans.require("pro"))).isFalse();
    }
}
