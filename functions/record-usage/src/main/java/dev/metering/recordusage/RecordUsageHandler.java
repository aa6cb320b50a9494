package dev.metering.recordusage;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestHandler;
import com.fasterxml.jackson.databind.JsonNode;
import dev.metering.store.recording.RecordResult;
import dev.metering.store.recording.UsageRecorder;
import jakarta.inject.Inject;
import jakarta.inject.Named;
import java.util.List;

/** Entry point of record-usage: SQS batches and direct invocations. */
@Named("record-usage")
public class RecordUsageHandler implements RequestHandler<JsonNode, Object> {

    private final UsageRecorder recorder;

    @Inject
    public RecordUsageHandler(UsageRecorder recorder) {
        this.recorder = recorder;
    }

    @Override
    public Object handleRequest(JsonNode input, Context context) {
        Invocation invocation = Invocation.of(input);
        List<RecordResult> results = recorder.record(invocation.events());
        return invocation.kind() == Invocation.Kind.SQS ? Responses.forSqs(results) : Responses.forDirect(results);
    }
}
