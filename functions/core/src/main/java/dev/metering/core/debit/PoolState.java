package dev.metering.core.debit;

/**
 * Where a pool stands. Programmatic pools go CREDIT -> EXTRA_USAGE -> PAUSED; interactive pools
 * are ACTIVE until their allowance is used, then PAUSED.
 */
public enum PoolState {
    CREDIT,
    EXTRA_USAGE,
    ACTIVE,
    PAUSED
}
