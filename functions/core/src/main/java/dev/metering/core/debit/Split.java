package dev.metering.core.debit;

import dev.metering.core.money.Money;

/** How one debit was paid: from credit, as billed extra usage, or left as unbilled overrun. */
public record Split(Money credit, Money extraUsage, Money overrun) {

    public static final Split NONE = new Split(Money.ZERO, Money.ZERO, Money.ZERO);

    public Money total() {
        return credit.plus(extraUsage).plus(overrun);
    }

    public Split plus(Split other) {
        return new Split(credit.plus(other.credit), extraUsage.plus(other.extraUsage), overrun.plus(other.overrun));
    }
}
