package dev.metering.poolapi;

import jakarta.ws.rs.QueryParam;
import java.lang.reflect.Method;
import java.lang.reflect.Parameter;
import java.util.Map;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The query parameters a route takes: those its method names with {@link QueryParam}, and any name
 * that starts with the prefix of its {@link QueryPrefix}. Read once per method.
 */
final class QueryNames {

    private static final Map<Method, QueryNames> BY_METHOD = new ConcurrentHashMap<>();

    private final TreeSet<String> names = new TreeSet<>();
    private final String prefix;

    private QueryNames(Method method) {
        for (Parameter parameter : method.getParameters()) {
            QueryParam query = parameter.getAnnotation(QueryParam.class);
            if (query != null) {
                names.add(query.value());
            }
        }
        QueryPrefix prefix = method.getAnnotation(QueryPrefix.class);
        this.prefix = prefix == null ? null : prefix.value();
    }

    static QueryNames of(Method method) {
        return BY_METHOD.computeIfAbsent(method, QueryNames::new);
    }

    boolean takes(String name) {
        return names.contains(name) || (prefix != null && name.length() > prefix.length() && name.startsWith(prefix));
    }

    /** As a problem names them: "no query parameters", or the names and the prefix. */
    @Override
    public String toString() {
        if (names.isEmpty() && prefix == null) {
            return "no query parameters";
        }
        String listed = String.join(", ", names);
        String prefixed = prefix == null ? "" : prefix + "<key>";
        return listed.isEmpty() ? prefixed : prefixed.isEmpty() ? listed : listed + ", " + prefixed;
    }
}
