package dev.metering.store;

import dev.metering.store.recording.IncomingEvent;
import dev.metering.store.recording.RecordResult;
import dev.metering.store.recording.RecordStatus;
import dev.metering.store.recording.UsageRecorder;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

/**
 * Concurrent writers, each with its own client and recorder, like separate Lambda instances fed
 * by one queue. Events handed back for retry are delivered again, as SQS would.
 */
public final class Writers {

    private Writers() {}

    /** Every result of every delivery, in no particular order. */
    public static List<RecordResult> run(StoreFixture fixture, List<List<String>> bodiesPerWriter, int batchSize) throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(bodiesPerWriter.size());
        CountDownLatch start = new CountDownLatch(1);
        ConcurrentLinkedQueue<RecordResult> results = new ConcurrentLinkedQueue<>();
        List<Future<?>> futures = new ArrayList<>();
        for (List<String> bodies : bodiesPerWriter) {
            futures.add(pool.submit(() -> {
                UsageRecorder recorder = fixture.recorder();
                start.await();
                List<String> queue = new ArrayList<>(bodies);
                int redeliveries = 0;
                while (!queue.isEmpty()) {
                    List<String> batch = new ArrayList<>(queue.subList(0, Math.min(batchSize, queue.size())));
                    queue.subList(0, batch.size()).clear();
                    List<IncomingEvent> incoming = new ArrayList<>();
                    for (int i = 0; i < batch.size(); i++) {
                        incoming.add(new IncomingEvent("m" + i, batch.get(i)));
                    }
                    List<RecordResult> out = recorder.record(incoming);
                    for (int i = 0; i < out.size(); i++) {
                        if (out.get(i).status() == RecordStatus.RETRY) {
                            queue.add(batch.get(i));
                            if (++redeliveries > 10_000) {
                                throw new IllegalStateException("no progress: " + out.get(i).reason());
                            }
                        } else {
                            results.add(out.get(i));
                        }
                    }
                }
                return null;
            }));
        }
        start.countDown();
        for (Future<?> f : futures) {
            f.get(20, TimeUnit.MINUTES);
        }
        pool.shutdown();
        return new ArrayList<>(results);
    }
}
