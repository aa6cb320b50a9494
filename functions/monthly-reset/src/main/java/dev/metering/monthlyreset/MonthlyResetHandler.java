package dev.metering.monthlyreset;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestHandler;
import com.fasterxml.jackson.databind.JsonNode;
import dev.metering.store.Deadline;
import dev.metering.store.reset.MonthlyReset;
import dev.metering.store.reset.Reconcile;
import dev.metering.store.reset.ResetReport;
import jakarta.inject.Inject;
import jakarta.inject.Named;
import java.time.Clock;
import java.time.Duration;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;

/** Entry point of monthly-reset, fired by EventBridge Scheduler (or invoked by hand with an {@code asOf}). */
@Named("monthly-reset")
public class MonthlyResetHandler implements RequestHandler<JsonNode, Object> {

    private static final Logger LOG = Logger.getLogger(MonthlyResetHandler.class);

    private final MonthlyReset reset;
    private final Reconcile reconcile;
    private final Duration safetyMargin;
    private final Duration maxDuration;
    private final Clock clock;

    @Inject
    public MonthlyResetHandler(MonthlyReset reset, Reconcile reconcile,
                               @ConfigProperty(name = "metering.reset.safety-margin") Duration safetyMargin,
                               @ConfigProperty(name = "metering.reset.max-duration") Duration maxDuration, Clock clock) {
        this.reset = reset;
        this.reconcile = reconcile;
        this.safetyMargin = safetyMargin;
        this.maxDuration = maxDuration;
        this.clock = clock;
    }

    @Override
    public Object handleRequest(JsonNode input, Context context) {
        ResetRequest request = ResetRequest.of(input, clock.instant());
        if (request.reconcile() != null) {
            ResetRequest.Reconcile asked = request.reconcile();
            return ReconcileOutput.of(asked.accountId(), asked.cycleStart(), reconcile.run(asked.accountId(), asked.cycleStart()));
        }
        ResetReport report = reset.run(request.asOf(), request.dryRun(), deadline(context));
        if (!report.dryRun()) {
            ResetMetrics.publish(report, clock.millis(), System.out);
        }
        return ResetOutput.of(report);
    }

    /**
     * Stops with the safety margin still left of the invocation's time, so that the run ends cleanly
     * and reports. A runtime that gives no deadline (a local runtime emulator) gets the configured
     * maximum duration instead, never an unbounded run.
     */
    private Deadline deadline(Context context) {
        long started = System.nanoTime();
        long budgetMillis = maxDuration.minus(safetyMargin).toMillis();
        Deadline byDuration = () -> (System.nanoTime() - started) / 1_000_000 >= budgetMillis;
        if (context == null || context.getRemainingTimeInMillis() <= 0) {
            LOG.infof("no invocation deadline from the runtime: this run stops after %s", maxDuration.minus(safetyMargin));
            return byDuration;
        }
        long marginMillis = safetyMargin.toMillis();
        return () -> context.getRemainingTimeInMillis() < marginMillis || byDuration.reached();
    }
}
