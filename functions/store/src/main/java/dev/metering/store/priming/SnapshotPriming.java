package dev.metering.store.priming;

import org.crac.Context;
import org.crac.Core;
import org.crac.Resource;
import org.jboss.logging.Logger;

/**
 * A function's runtime hooks for SnapStart: before the snapshot, its first request's paths run once
 * ({@link #prime}, which must write nothing and open no connection a restored instance could
 * reuse); after each restore, what was random before the snapshot is drawn afresh. Outside a
 * snapshotting runtime (the local run, tests) the hooks are never called.
 */
public abstract class SnapshotPriming implements Resource {

    private static final Logger LOG = Logger.getLogger(SnapshotPriming.class);

    /** Registers with the runtime's global context, which holds it weakly: the subclass's owner keeps it. */
    protected void register() {
        Core.getGlobalContext().register(this);
    }

    /** The function's own paths, in process; called before the snapshot. */
    protected abstract void prime() throws Exception;

    @Override
    public void beforeCheckpoint(Context<? extends Resource> context) {
        primeForSnapshot();
    }

    /** What the runtime's hook does: {@link #prime}, timed and logged; a failure fails the snapshot, never a request. */
    public void primeForSnapshot() {
        long started = System.nanoTime();
        try {
            prime();
        } catch (Exception e) {
            throw new IllegalStateException("priming failed: " + e, e);
        }
        LOG.infof("primed for the snapshot in %d ms", (System.nanoTime() - started) / 1_000_000);
    }

    @Override
    public void afterRestore(Context<? extends Resource> context) {
        StorePriming.afterRestore();
    }
}
