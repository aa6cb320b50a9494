package dev.metering.monthlyreset;

import dev.metering.store.Catalogs;
import dev.metering.store.priming.SnapshotPriming;
import dev.metering.store.priming.StorePriming;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.context.Initialized;
import jakarta.enterprise.event.Observes;

/**
 * While Quarkus starts: the reset's search for due cycles over a client that answers in process. Before
 * a snapshot: every store path.
 */
@ApplicationScoped
public class Priming extends SnapshotPriming {

    /** When the container starts, well before the first event: the earliest the application's code runs. */
    void containerStarted(@Observes @Initialized(ApplicationScoped.class) Object event) {
        register();
        startWarmUp();
    }

    @Override
    protected void warmUp() {
        StorePriming.httpLayer();
        StorePriming.reset(Catalogs.fromEnvironment());
    }

    @Override
    protected void prime() {
        StorePriming.exercise(Catalogs.fromEnvironment());
    }
}
