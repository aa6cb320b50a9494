package dev.metering.recordusage;

import dev.metering.store.Catalogs;
import dev.metering.store.priming.SnapshotPriming;
import dev.metering.store.priming.StorePriming;
import io.quarkus.runtime.Startup;
import jakarta.annotation.PostConstruct;
import jakarta.enterprise.context.ApplicationScoped;

/** Before a snapshot: the recorder's whole path (parse, price, read, debit) over a client that answers in process. */
@Startup
@ApplicationScoped
public class Priming extends SnapshotPriming {

    @PostConstruct
    void start() {
        register();
    }

    @Override
    protected void prime() {
        StorePriming.exercise(Catalogs.fromEnvironment());
    }
}
