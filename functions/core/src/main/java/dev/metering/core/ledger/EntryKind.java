package dev.metering.core.ledger;

/** What a ledger entry records. */
public enum EntryKind {
    DEBIT,
    GRANT,
    EXPIRY,
    ADJUSTMENT
}
