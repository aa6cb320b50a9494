package dev.metering.recordusage;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestStreamHandler;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.metering.store.Deadline;
import dev.metering.store.recording.RecordResult;
import dev.metering.store.recording.UsageRecorder;
import jakarta.inject.Inject;
import jakarta.inject.Named;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;

/**
 * Entry point of record-usage: SQS batches and direct invocations. It takes the invocation as the
 * bytes Lambda received, never a tree parsed for it, so that each event reaches the recorder as sent.
 */
@Named("record-usage")
public class RecordUsageHandler implements RequestStreamHandler {

    private static final Logger LOG = Logger.getLogger(RecordUsageHandler.class);
    private static final ObjectMapper JSON = new ObjectMapper();

    private final UsageRecorder recorder;
    private final Duration reserve;
    private final BatchMetrics metrics;

    /** @param reserve how much of the invocation's time to keep for a write under way to finish and the answer to go out */
    @Inject
    public RecordUsageHandler(UsageRecorder recorder, @ConfigProperty(name = "metering.record.deadline-reserve") Duration reserve,
                              BatchMetrics metrics) {
        this.recorder = recorder;
        this.reserve = reserve;
        this.metrics = metrics;
    }

    @Override
    public void handleRequest(InputStream input, OutputStream output, Context context) throws IOException {
        Object answer = handle(new String(input.readAllBytes(), StandardCharsets.UTF_8), context);
        JSON.writeValue(output, answer);
    }

    /** The answer to one invocation: SQS's partial batch response, or the direct results. */
    Object handle(String input, Context context) {
        Invocation invocation = Invocation.of(input);
        List<RecordResult> results = recorder.record(invocation.events(), deadline(context));
        LOG.infof("recorded a batch of %d events: %s", results.size(), RecordResult.countByStatus(results));
        metrics.publish(results);
        return invocation.kind() == Invocation.Kind.SQS ? Responses.forSqs(results) : Responses.forDirect(results);
    }

    /**
     * No write starts with less than the reserve left of the invocation: what is left is answered
     * as batch item failures, so that only those messages come back, not the whole batch after a
     * timeout. A runtime that tells no deadline (a local emulator) sets none.
     */
    private Deadline deadline(Context context) {
        if (context == null || context.getRemainingTimeInMillis() <= 0) {
            return Deadline.none();
        }
        long reserveMillis = reserve.toMillis();
        return () -> context.getRemainingTimeInMillis() < reserveMillis;
    }
}
