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

/**
 * Entry point of monthly-reset, fired by EventBridge Scheduler (or invoked by hand with an
 * {@code asOf}). With a shard queue configured the scheduled run fans out, one task per closer, and
 * the same function, fed by that queue, runs each closer's share.
 */
@Named("monthly-reset")
public class MonthlyResetHandler implements RequestHandler<JsonNode, Object> {

    private static final Logger LOG = Logger.getLogger(MonthlyResetHandler.class);

    private final MonthlyReset reset;
    private final Reconcile reconcile;
    private final FanOut fanOut;
    private final Duration safetyMargin;
    private final Duration maxDuration;
    private final Clock clock;

    @Inject
    public MonthlyResetHandler(MonthlyReset reset, Reconcile reconcile, FanOut fanOut,
                               @ConfigProperty(name = "metering.reset.safety-margin") Duration safetyMargin,
                               @ConfigProperty(name = "metering.reset.max-duration") Duration maxDuration, Clock clock) {
        this.reset = reset;
        this.reconcile = reconcile;
        this.fanOut = fanOut;
        this.safetyMargin = safetyMargin;
        this.maxDuration = maxDuration;
        this.clock = clock;
    }

    @Override
    public Object handleRequest(JsonNode input, Context context) {
        if (ShardDeliveries.isDelivery(input)) {
            return ShardDeliveries.answer(ShardDeliveries.each(input, task -> closeShare(task, deadline(context))));
        }
        ResetRequest request = ResetRequest.of(input, clock.instant());
        if (request.reconcile() != null) {
            ResetRequest.Reconcile asked = request.reconcile();
            return ReconcileOutput.of(asked.accountId(), asked.cycleStart(), reconcile.run(asked.accountId(), asked.cycleStart()));
        }
        if (fanOut.enabled()) {
            // The closers first: counting what is due only informs, and a shard whose count fails must not stop them.
            reset.checkAsOf(request.asOf());
            fanOut.dispatch(request.asOf(), request.dryRun());
            long due = reset.due(request.asOf());
            LOG.infof("reset as of %s: %d due cycles handed to %d closers", request.asOf(), due, fanOut.closers());
            return ResetOutput.dispatched(request.asOf().toString(), request.dryRun(), due, fanOut.closers());
        }
        ResetReport report = reset.run(request.asOf(), request.dryRun(), deadline(context));
        if (!report.dryRun()) {
            ResetMetrics.publish(report, clock.millis(), System.out);
        }
        return ResetOutput.of(report);
    }

    /** One closer's share; what its time did not cover goes back on the queue for a fresh invocation. */
    private void closeShare(ShardTask task, Deadline deadline) {
        ResetReport report = reset.run(task.asOf(), task.dryRun(), deadline, task.share());
        if (!report.dryRun()) {
            ResetMetrics.publish(report, clock.millis(), System.out);
        }
        if (report.remaining() > 0 && deadline.reached()) {
            fanOut.handBack(task);
            LOG.infof("%s: out of time with %d due cycles left, handed back to the queue", task.share(), report.remaining());
        }
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
