package dev.metering.store;

/** Whether the run must stop now to finish within its time budget (the Lambda's remaining time). */
@FunctionalInterface
public interface Deadline {

    boolean reached();

    static Deadline none() {
        return () -> false;
    }
}
