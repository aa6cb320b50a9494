package dev.metering.recordusage;

import dev.metering.store.Catalogs;
import dev.metering.store.priming.SnapshotPriming;
import dev.metering.store.priming.StorePriming;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.context.Initialized;
import jakarta.enterprise.event.Observes;

/**
 * While Quarkus starts: the recorder's whole path (parse, price, read, debit) over a client that answers
 * in process. Before a snapshot: every store path.
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
        StorePriming.recording(Catalogs.fromEnvironment());
    }

    @Override
    protected void prime() {
        StorePriming.exercise(Catalogs.fromEnvironment());
    }
}
