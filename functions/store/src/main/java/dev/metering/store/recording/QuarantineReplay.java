package dev.metering.store.recording;

import dev.metering.store.Deadline;
import dev.metering.store.QuarantineStore;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.jboss.logging.Logger;

/**
 * Puts held bodies through the recorder's own rules again, oldest first: once a model has a price,
 * say, its events apply (flagged late when their cycle has closed). What applies, or is found
 * recorded already, is marked resolved and leaves the held listing; what still cannot be applied
 * stays held with the reason of now. A body kept truncated is never replayed: what was cut off is
 * gone. Idempotent like every delivery: replaying twice applies nothing twice.
 */
public final class QuarantineReplay {

    /** The most bodies one call examines. */
    public static final int MAX_LIMIT = 500;
    /** Bodies handed to the recorder at once: a batch as a queue would deliver it. */
    static final int CHUNK = 100;
    private static final Logger LOG = Logger.getLogger(QuarantineReplay.class);

    private final QuarantineStore quarantine;
    private final UsageRecorder recorder;
    private final Clock clock;

    public QuarantineReplay(QuarantineStore quarantine, UsageRecorder recorder, Clock clock) {
        this.quarantine = quarantine;
        this.recorder = recorder.replaying();
        this.clock = clock;
    }

    /** Which held bodies: first seen in {@code [since, until]} (until null: no end), reason starting with the prefix (null: any). */
    public record Window(Instant since, Instant until, String reasonStartsWith, int limit, String cursor) {
        public Window {
            if (limit < 1 || limit > MAX_LIMIT) {
                throw new IllegalArgumentException("limit: 1 to " + MAX_LIMIT);
            }
        }
    }

    /** What one call did; {@code nextCursor} null when the window holds nothing more. */
    public record Report(int examined, int applied, int duplicate, int stillQuarantined, String nextCursor) {}

    /** Not one body could be settled now (the store or the prices unavailable, or no time left): nothing was done. */
    public static final class Unavailable extends RuntimeException {
        Unavailable(String message) {
            super(message);
        }
    }

    public Report replay(Window window, Deadline deadline, String by) {
        List<QuarantineStore.Listed> listed = quarantine.held(window.since(), window.until(), window.limit(), window.cursor());
        boolean more = listed.size() == window.limit();
        int examined = 0;
        int applied = 0;
        int duplicate = 0;
        int held = 0;
        String cursor = window.cursor();
        String stopReason = null;
        int i = 0;
        while (i < listed.size()) {
            if (deadline.reached()) {
                more = true;
                stopReason = "the time budget ran out";
                break;
            }
            // The next chunk of bodies to replay; what the filter leaves out, or what was kept truncated, is passed over.
            List<QuarantineStore.Listed> chunk = new ArrayList<>();
            List<IncomingEvent> bodies = new ArrayList<>();
            int j = i;
            while (j < listed.size() && bodies.size() < CHUNK) {
                QuarantineStore.Listed l = listed.get(j);
                chunk.add(l);
                if (matches(l, window.reasonStartsWith()) && !l.event().truncated()) {
                    bodies.add(new IncomingEvent("replay:" + l.event().id(), l.event().raw()));
                }
                j++;
            }
            List<RecordResult> results = bodies.isEmpty() ? List.of() : recorder.record(bodies, deadline);
            int r = 0;
            boolean stopped = false;
            for (QuarantineStore.Listed l : chunk) {
                if (!matches(l, window.reasonStartsWith())) {
                    cursor = l.cursorAfter();
                    continue;
                }
                if (l.event().truncated()) {
                    examined++;
                    held++;
                    cursor = l.cursorAfter();
                    continue;
                }
                RecordResult result = results.get(r++);
                if (result.status() == RecordStatus.RETRY) {
                    // Not settled: the listing goes on from this body next time, whatever came after it.
                    LOG.infof("replay stopped at quarantined body %s: %s", l.event().id(), result.reason());
                    stopReason = result.reason();
                    stopped = true;
                    break;
                }
                examined++;
                switch (result.status()) {
                    case APPLIED -> {
                        applied++;
                        quarantine.resolve(l.event().id(), "APPLIED", clock.instant(), by);
                    }
                    case DUPLICATE -> {
                        duplicate++;
                        quarantine.resolve(l.event().id(), "DUPLICATE", clock.instant(), by);
                    }
                    default -> held++;
                }
                cursor = l.cursorAfter();
            }
            if (stopped) {
                more = true;
                break;
            }
            i = j;
        }
        if (more && cursor == null) {
            // Stopped before it settled anything: there is no place to go on from but the start, which the caller has.
            throw new Unavailable("nothing could be replayed now (" + stopReason + "); try again");
        }
        LOG.infof("replay by %s: %d examined, %d applied, %d duplicate, %d still quarantined%s", by, examined, applied, duplicate, held,
                more ? ", more to go" : "");
        return new Report(examined, applied, duplicate, held, more ? cursor : null);
    }

    private static boolean matches(QuarantineStore.Listed listed, String prefix) {
        return prefix == null || listed.event().reason().startsWith(prefix);
    }
}
