package dev.metering.poolapi;

import dev.metering.store.Deadline;
import dev.metering.store.recording.QuarantineReplay;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.time.Duration;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * A replay of held bodies within the request's time budget (below the function's timeout), its
 * cursor signed and bound to the window it was taken in.
 */
@ApplicationScoped
public class Replays {

    @Inject
    QuarantineReplay replay;

    @Inject
    CursorCodec cursors;

    @ConfigProperty(name = "metering.replay.time-budget")
    Duration budget;

    record Done(QuarantineReplay.Report report, String nextCursor) {}

    Done replay(QuarantineReplay.Window window, String by) {
        String scope = "replay:" + window.since() + ":" + window.until() + ":" + window.reasonStartsWith();
        QuarantineReplay.Window decoded = new QuarantineReplay.Window(window.since(), window.until(), window.reasonStartsWith(), window.limit(),
                cursors.decode(scope, window.cursor()));
        long stopAt = System.nanoTime() + budget.toNanos();
        Deadline deadline = () -> System.nanoTime() - stopAt >= 0;
        QuarantineReplay.Report report = replay.replay(decoded, deadline, by);
        return new Done(report, cursors.encode(scope, report.nextCursor()));
    }
}
