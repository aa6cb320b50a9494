package dev.metering.core.plan;

import dev.metering.core.money.Money;

/** A subscription plan: what one seat is granted each cycle. */
public record Plan(String id, Money programmaticCredit, Money interactiveAllowance) {

    /** An upgrade takes effect at once; anything else waits for the next cycle. */
    public boolean isUpgradeFrom(Plan current) {
        return programmaticCredit.compareTo(current.programmaticCredit) > 0
                || (programmaticCredit.equals(current.programmaticCredit)
                        && interactiveAllowance.compareTo(current.interactiveAllowance) > 0);
    }
}
