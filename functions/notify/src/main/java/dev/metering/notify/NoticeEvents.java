package dev.metering.notify;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.metering.core.cycle.Cycle;
import dev.metering.core.notice.Notice;
import java.util.LinkedHashMap;
import java.util.Map;
import software.amazon.awssdk.services.eventbridge.model.PutEventsRequestEntry;

/**
 * A notice as an EventBridge event: {@code source} {@code metering}, the kind as {@code detail-type},
 * and a {@code detail} that always holds the notificationId, account, organization, cycle and when
 * it happened, then the kind's own fields (amounts as USD strings), as the schemas in
 * {@code events/schemas/} describe.
 */
public final class NoticeEvents {

    public static final String SOURCE = "metering";
    private static final ObjectMapper JSON = new ObjectMapper();

    private NoticeEvents() {}

    public static Map<String, Object> detail(Notice notice) {
        Map<String, Object> detail = new LinkedHashMap<>();
        detail.put("notificationId", notice.notificationId());
        detail.put("accountId", notice.accountId());
        detail.put("organizationId", notice.organizationId());
        detail.put("cycle", cycle(notice.cycle()));
        detail.put("occurredAt", notice.occurredAt().toString());
        detail.putAll(notice.facts());
        return detail;
    }

    public static PutEventsRequestEntry entry(Notice notice) {
        try {
            return PutEventsRequestEntry.builder()
                    .source(SOURCE)
                    .detailType(notice.kind().detailType())
                    .time(notice.occurredAt())
                    .detail(JSON.writeValueAsString(detail(notice)))
                    .build();
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("a notice's detail is plain data: " + notice, e);
        }
    }

    private static Map<String, Object> cycle(Cycle cycle) {
        if (cycle == null) {
            return null;
        }
        Map<String, Object> shown = new LinkedHashMap<>();
        shown.put("start", cycle.start().toString());
        shown.put("end", cycle.end().toString());
        shown.put("timeZone", cycle.zone().getId());
        return shown;
    }
}
