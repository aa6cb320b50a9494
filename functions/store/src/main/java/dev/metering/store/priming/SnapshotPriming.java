package dev.metering.store.priming;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import org.crac.Context;
import org.crac.Core;
import org.crac.Resource;
import org.jboss.logging.Logger;

/**
 * A function's start-up help, in two parts.
 *
 * <p>The warm-up: while the framework is still starting, a second thread runs the paths the first event
 * will take, over clients of its own that answer in process ({@link #warmUp}), so that the classes they
 * load and initialise are ready when the event comes. It does work the first event would otherwise do on
 * the critical path, on a processor that would otherwise be idle; with a single processor there is
 * nothing to overlap, and it is not started. It writes nothing, and no failure of it reaches a request.
 *
 * <p>The runtime hooks for SnapStart: before the snapshot, the warm-up is awaited (or its paths run
 * here, when no thread ran them to their end), the application classes Quarkus lists at build are
 * loaded, and what else the snapshot needs runs once ({@link #prime}; both must write nothing and open
 * no connection a restored instance could reuse); after each restore, what
 * was random before the snapshot is drawn afresh. Outside a snapshotting runtime (the local run, tests)
 * these hooks are never called.
 */
public abstract class SnapshotPriming implements Resource {

    private static final Logger LOG = Logger.getLogger(SnapshotPriming.class);

    /**
     * The application classes Quarkus lists at build time. With {@code quarkus.snapstart.preload-classes}
     * off, Quarkus no longer loads them on every start; the snapshot hook loads them instead.
     */
    static final String PRELOAD_LIST = "META-INF/quarkus-generated-preload-classes.txt";

    /** Far longer than a warm-up takes (well under a second here): only a stuck one waits this long. */
    static final Duration WARM_UP_WAIT = Duration.ofSeconds(30);

    private volatile Thread warmUp;
    private volatile boolean warmedUp;

    /** Registers with the runtime's global context, which holds it weakly: the subclass's owner keeps it. */
    protected void register() {
        Core.getGlobalContext().register(this);
    }

    /** The function's first-event paths that need no configuration of the function, in process; on the warm-up thread. */
    protected abstract void warmUp() throws Exception;

    /** What the snapshot needs beyond the warm-up's paths, in process; called before the snapshot, after them. */
    protected abstract void prime() throws Exception;

    /** Starts {@link #warmUp} on a thread of its own, when there is a second processor to run it on. */
    protected void startWarmUp() {
        if (Runtime.getRuntime().availableProcessors() < 2) {
            LOG.debug("one processor: no warm-up thread, the first event loads what it needs");
            return;
        }
        Thread thread = new Thread(this::warmUpNow, "warm-up");
        thread.setDaemon(true);
        warmUp = thread;
        thread.start();
    }

    /** {@link #warmUp}, timed; a failure is logged and goes no further (the first event then does the work itself). */
    public boolean warmUpNow() {
        long started = System.nanoTime();
        try {
            warmUp();
        } catch (Exception | LinkageError e) {
            LOG.warnf(e, "warm-up failed after %d ms; the first event loads what it needs itself", elapsedMs(started));
            return false;
        }
        warmedUp = true;
        LOG.infof("warmed up in %d ms, beside the start", elapsedMs(started));
        return true;
    }

    @Override
    public void beforeCheckpoint(Context<? extends Resource> context) {
        primeForSnapshot();
    }

    /** What the runtime's hook does, timed and logged; a failure fails the snapshot, never a request. */
    public void primeForSnapshot() {
        long started = System.nanoTime();
        try {
            awaitWarmUp();
            if (!warmedUp) {
                // No thread ran the warm-up's paths (one processor), or it failed: here a failure fails the snapshot.
                warmUp();
            }
            int preloaded = preloadListedClasses(getClass().getClassLoader());
            prime();
            LOG.infof("primed for the snapshot in %d ms (%d listed classes preloaded)", elapsedMs(started), preloaded);
        } catch (Exception e) {
            throw new IllegalStateException("priming failed: " + e, e);
        }
    }

    @Override
    public void afterRestore(Context<? extends Resource> context) {
        StorePriming.afterRestore();
    }

    /** The snapshot is not taken half-way through the warm-up; one that never ends does not hold the snapshot back. */
    private void awaitWarmUp() throws InterruptedException {
        Thread thread = warmUp;
        if (thread != null) {
            thread.join(WARM_UP_WAIT.toMillis());
            if (thread.isAlive()) {
                LOG.warnf("the warm-up still runs after %d s; priming goes on without it", WARM_UP_WAIT.toSeconds());
            }
        }
    }

    /**
     * Loads and initialises every class in the build's list that this class loader can find; a name it
     * cannot (a class dropped since the list was written) is skipped, as Quarkus skips it.
     */
    static int preloadListedClasses(ClassLoader loader) throws IOException {
        try (InputStream in = loader.getResourceAsStream(PRELOAD_LIST)) {
            if (in == null) {
                return 0;
            }
            int loaded = 0;
            for (String line : new String(in.readAllBytes(), StandardCharsets.UTF_8).split("\n")) {
                String name = line.strip();
                if (name.isEmpty() || name.startsWith("#")) {
                    continue;
                }
                try {
                    Class.forName(name, true, loader);
                    loaded++;
                } catch (ClassNotFoundException | LinkageError e) {
                    LOG.debugf("not preloaded: %s (%s)", name, e);
                }
            }
            return loaded;
        }
    }

    private static long elapsedMs(long startedNanos) {
        return (System.nanoTime() - startedNanos) / 1_000_000;
    }
}
