package dev.metering.notify;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestHandler;
import com.fasterxml.jackson.databind.JsonNode;
import dev.metering.core.notice.Notice;
import dev.metering.store.organizations.OrganizationTotals;
import dev.metering.store.stream.TableChange;
import jakarta.inject.Inject;
import jakarta.inject.Named;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.jboss.logging.Logger;

/**
 * Entry point of notify, fed the table's stream by Lambda's poller. Records are taken in order: each
 * record's notices are on the bus before the next record is read. A record that cannot be told of
 * now stops the batch there and is named as its first failure, so the poller delivers it and what
 * follows it again (splitting the batch to isolate it, then handing it to the dead-letter
 * destination after the configured retries): nothing after it is skipped, and what went before
 * is not delivered again. Before telling of a seat's cycle, notify applies it to the seat's
 * organization's totals (the one table write it makes), once per version whatever is delivered again.
 */
@Named("notify")
public class NotifyHandler implements RequestHandler<JsonNode, Object> {

    private static final Logger LOG = Logger.getLogger(NotifyHandler.class);

    private final EventBus bus;
    private final OrganizationTotals totals;

    @Inject
    public NotifyHandler(EventBus bus, OrganizationTotals totals) {
        this.bus = bus;
        this.totals = totals;
    }

    @Override
    public Object handleRequest(JsonNode input, Context context) {
        JsonNode records = input == null ? null : input.get("Records");
        if (records == null || !records.isArray()) {
            throw new IllegalArgumentException("not a DynamoDB stream event: it has no Records");
        }
        NotifyMetrics metrics = new NotifyMetrics();
        List<Map<String, String>> failures = new ArrayList<>();
        for (JsonNode record : records) {
            String sequence = record.path("dynamodb").path("SequenceNumber").asText("?");
            String what = sequence;
            try {
                TableChange change = TableChange.of(record);
                what = change.describe();
                change.seatChange().ifPresent(totals::apply);
                List<Notice> notices = change.notices();
                bus.put(notices.stream().map(NoticeEvents::entry).toList());
                for (Notice n : notices) {
                    LOG.infof("told of %s %s for %s (%s)", n.kind().detailType(), n.notificationId(),
                            n.accountId() == null ? "no account" : n.accountId(), what);
                }
                metrics.told(notices.size());
            } catch (RuntimeException e) {
                LOG.errorf(e, "record %s could not be told of; the batch stops here and is delivered again from it: %s", what, e.toString());
                metrics.failed();
                failures.add(Map.of("itemIdentifier", sequence));
                break;
            }
            metrics.read();
        }
        metrics.publish(System.out);
        return Map.of("batchItemFailures", failures);
    }
}
