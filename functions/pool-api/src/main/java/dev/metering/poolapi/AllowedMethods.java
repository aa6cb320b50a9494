package dev.metering.poolapi;

import jakarta.ws.rs.GET;
import jakarta.ws.rs.HttpMethod;
import jakarta.ws.rs.Path;
import java.lang.reflect.Method;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Pattern;

/**
 * The methods each route takes, read from the resources' own annotations the first time a 405 is
 * answered (its {@code Allow} header), so that the list cannot drift from the routes.
 */
final class AllowedMethods {

    private static final List<Class<?>> RESOURCES = List.of(AccountsResource.class, BudgetsResource.class, OrganizationsResource.class,
            QuarantineResource.class, PricesResource.class,
            InvoiceLinesResource.class, DashboardResource.class);
    private static volatile Map<Pattern, String> routes;

    private AllowedMethods() {}

    /** The {@code Allow} value for {@code path}, or null when no route has that path. */
    static String forPath(String path) {
        for (Map.Entry<Pattern, String> route : routes().entrySet()) {
            if (route.getKey().matcher(path).matches()) {
                return route.getValue();
            }
        }
        return null;
    }

    private static Map<Pattern, String> routes() {
        if (routes == null) {
            Map<String, TreeSet<String>> byTemplate = new TreeMap<>();
            for (Class<?> resource : RESOURCES) {
                String base = resource.getAnnotation(Path.class).value();
                for (Method method : resource.getMethods()) {
                    String verb = verb(method);
                    if (verb != null) {
                        Path sub = method.getAnnotation(Path.class);
                        byTemplate.computeIfAbsent(base + (sub == null ? "" : sub.value()), t -> new TreeSet<>()).add(verb);
                    }
                }
            }
            Map<Pattern, String> compiled = new java.util.LinkedHashMap<>();
            byTemplate.forEach((template, verbs) -> {
                List<String> allowed = new ArrayList<>(verbs);
                if (verbs.contains(GET.class.getSimpleName())) {
                    allowed.add(HttpMethod.HEAD);
                }
                compiled.put(Pattern.compile(template.replaceAll("\\{[^/]+}", "[^/]+")), String.join(", ", allowed));
            });
            routes = compiled;
        }
        return routes;
    }

    private static String verb(Method method) {
        for (var annotation : method.getAnnotations()) {
            HttpMethod verb = annotation.annotationType().getAnnotation(HttpMethod.class);
            if (verb != null) {
                return verb.value();
            }
        }
        return null;
    }
}
