package dev.metering.monthlyreset;

import java.util.ArrayList;
import java.util.List;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sqs.model.SendMessageBatchRequestEntry;
import software.amazon.awssdk.services.sqs.model.SendMessageBatchResponse;

/** The queue that hands each closer's share of a reset to its own invocation. */
public class ShardQueue {

    private static final int BATCH = 10;

    private final SqsClient sqs;
    private final String url;

    public ShardQueue(SqsClient sqs, String url) {
        this.sqs = sqs;
        this.url = url;
    }

    /** Sends every task, ten to a request; a task the queue refused is an error naming it, never a silent loss. */
    public void send(List<ShardTask> tasks) {
        for (int from = 0; from < tasks.size(); from += BATCH) {
            List<SendMessageBatchRequestEntry> entries = new ArrayList<>();
            for (int i = from; i < Math.min(tasks.size(), from + BATCH); i++) {
                entries.add(SendMessageBatchRequestEntry.builder().id("t" + i).messageBody(tasks.get(i).toJson()).build());
            }
            SendMessageBatchResponse response = sqs.sendMessageBatch(b -> b.queueUrl(url).entries(entries));
            if (response.hasFailed() && !response.failed().isEmpty()) {
                throw new IllegalStateException("the shard queue refused " + response.failed().size() + " tasks: " + response.failed());
            }
        }
    }
}
