package dev.metering.store.model;

/** The wire form of a model event: the usage object as the API returns it, in the shape the event drew. */
final class Json {

    private Json() {}

    static String body(PolicyModel.Event e) {
        StringBuilder json = new StringBuilder();
        json.append("{\"eventId\": \"").append(e.eventId()).append("\", \"accountId\": \"").append(e.accountId())
                .append("\", \"occurredAt\": \"").append(e.occurredAt()).append("\", \"source\": \"").append(e.source())
                .append("\", \"model\": \"").append(e.model()).append('"');
        if (e.topTier() != null) {
            json.append(", \"serviceTier\": \"").append(e.topTier()).append('"');
        }
        if (!e.tags().isEmpty()) {
            StringBuilder tags = new StringBuilder();
            new java.util.TreeMap<>(e.tags()).forEach((k, v) -> tags.append(tags.isEmpty() ? "" : ", ").append('"').append(k).append("\": \"")
                    .append(v).append('"'));
            json.append(", \"tags\": {").append(tags).append('}');
        }
        if ("top".equals(e.unknown())) {
            json.append(", \"tgas\": {\"team\": \"x\"}");
        }
        json.append(", \"usage\": {\"input_tokens\": ").append(e.input()).append(", \"output_tokens\": ").append(e.output())
                .append(", \"cache_creation_input_tokens\": ").append(e.write5m() + e.write1h())
                .append(", \"cache_read_input_tokens\": ").append(e.read())
                .append(", \"cache_creation\": {\"ephemeral_5m_input_tokens\": ").append(e.write5m())
                .append(", \"ephemeral_1h_input_tokens\": ").append(e.write1h()).append('}');
        if (e.searches() > 0 || e.fetches() > 0) {
            json.append(", \"server_tool_use\": {\"web_search_requests\": ").append(e.searches())
                    .append(", \"web_fetch_requests\": ").append(e.fetches()).append('}');
        }
        optional(json, "service_tier", e.tierUsage());
        optional(json, "inference_geo", e.geo());
        if ("usage".equals(e.unknown())) {
            json.append(", \"web_search_calls\": 1");
        }
        return json.append("}}").toString();
    }

    private static void optional(StringBuilder json, String field, String value) {
        if (value.equals("ABSENT")) {
            return;
        }
        json.append(", \"").append(field).append("\": ").append(value.equals("NULL") ? "null" : "\"" + value + "\"");
    }
}
