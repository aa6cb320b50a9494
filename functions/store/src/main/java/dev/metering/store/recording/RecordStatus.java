package dev.metering.store.recording;

/** What became of one incoming event. */
public enum RecordStatus {
    /** Debited now. */
    APPLIED,
    /** Already counted earlier; not counted again. */
    DUPLICATE,
    /** Can never be applied; kept with its raw body and reason, and acknowledged. */
    QUARANTINED,
    /** Not applied because of a transient failure (throttling, conflicts, timeouts): deliver it again. */
    RETRY
}
