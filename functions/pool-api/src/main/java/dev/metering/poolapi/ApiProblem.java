package dev.metering.poolapi;

import java.util.List;
import java.util.Map;

/**
 * An error answered as {@code application/problem+json}: a stable {@code type}, a human
 * {@code detail}, and for 400s the offending fields.
 */
public final class ApiProblem extends RuntimeException {

    public static final String TYPE_BASE = "https://usage-metering.dev/problems/";

    private final int status;
    private final String type;
    private final String title;
    private final List<Map<String, String>> fieldErrors;

    private ApiProblem(int status, String type, String title, String detail, List<Map<String, String>> fieldErrors) {
        super(detail, null, false, false);
        this.status = status;
        this.type = type;
        this.title = title;
        this.fieldErrors = fieldErrors;
    }

    public static ApiProblem badRequest(String field, String problem) {
        return new ApiProblem(400, "invalid-request", "Invalid request", field + ": " + problem,
                List.of(Map.of("field", field, "problem", problem)));
    }

    /** A 400 for several fields at once, each {@code {"field", "problem"}}. */
    public static ApiProblem badRequest(List<Map<String, String>> fieldErrors) {
        List<String> parts = new java.util.ArrayList<>();
        fieldErrors.forEach(e -> parts.add(e.get("field") + ": " + e.get("problem")));
        return new ApiProblem(400, "invalid-request", "Invalid request", String.join("; ", parts), List.copyOf(fieldErrors));
    }

    public static ApiProblem of(int status, String type, String title, String detail) {
        return new ApiProblem(status, type, title, detail, List.of());
    }

    public static ApiProblem methodNotAllowed() {
        return of(405, "method-not-allowed", "Method not allowed", "this route does not take that method");
    }

    public static ApiProblem unauthorized(String detail) {
        return new ApiProblem(401, "unauthorized", "Unauthorized", detail, List.of());
    }

    public static ApiProblem forbidden(String detail) {
        return new ApiProblem(403, "forbidden", "Forbidden", detail, List.of());
    }

    public static ApiProblem notFound(String detail) {
        return new ApiProblem(404, "not-found", "Not found", detail, List.of());
    }

    public static ApiProblem conflict(String detail) {
        return new ApiProblem(409, "conflict", "Conflict", detail, List.of());
    }

    public int status() {
        return status;
    }

    /** The body: RFC 9457 members plus {@code errors} for field problems. */
    public Map<String, Object> body(String instance) {
        Map<String, Object> body = new java.util.LinkedHashMap<>();
        body.put("type", TYPE_BASE + type);
        body.put("title", title);
        body.put("status", status);
        body.put("detail", getMessage());
        body.put("instance", instance);
        if (!fieldErrors.isEmpty()) {
            body.put("errors", fieldErrors);
        }
        return body;
    }
}
