package dev.winback.rest;

import java.lang.annotation.Annotation;
import java.lang.reflect.Method;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import javax.ws.rs.Consumes;
import javax.ws.rs.HttpMethod;
import javax.ws.rs.Path;

/**
 * Which HTTP methods each path of the API allows and which bodies it takes, read from the resources' annotations.
 * The runtime's own answer (the {@code Allow} of a 405 or an OPTIONS) lists every method of every resource of the
 * application, which sends a client to methods that do not exist; this one follows the JAX-RS matching rules: the
 * most specific template that matches the path decides. Built from the resources registered now, the core's and the
 * installed modules' (see {@link ResourceCatalog}).
 */
final class Routes {
    /** No routes known: callers fall back to what the runtime said. */
    static final Routes NONE = new Routes(List.of());

    private static final Pattern VARIABLE = Pattern.compile("\\{\\s*(\\w[\\w.-]*)\\s*(?::\\s*([^{}]+))?}");
    private final List<Route> routes;

    private Routes(List<Route> routes) {
        this.routes = routes;
    }

    static Routes of(Collection<Class<?>> resources) {
        return new Routes(build(resources));
    }

    /**
     * The methods allowed at {@code path} (relative to {@code /api/v1}, with or without slashes around it), sorted;
     * HEAD wherever GET is, and OPTIONS. Empty when no resource has the path.
     */
    Set<String> allowedMethods(String path) {
        String p = path == null ? "" : path.replaceAll("^/+|/+$", "");
        Route best = null;
        Set<String> methods = new TreeSet<>();
        for (Route route : routes) {
            if (!route.pattern.matcher(p).matches()) {
                continue;
            }
            int order = best == null ? 1 : compare(route, best);
            if (order > 0) {
                best = route;
                methods.clear();
            }
            if (order >= 0) {
                methods.add(route.method);
            }
        }
        if (methods.isEmpty()) {
            return methods;
        }
        if (methods.contains("GET")) {
            methods.add("HEAD");
        }
        methods.add("OPTIONS");
        return methods;
    }

    /**
     * The media types a body may have for {@code method} at {@code path}, from the resource method's (or its
     * class's) {@code @Consumes}; empty when no resource method matches or none says.
     */
    List<String> consumedTypes(String path, String method) {
        String p = path == null ? "" : path.replaceAll("^/+|/+$", "");
        Route best = null;
        for (Route route : routes) {
            if (route.method.equals(method) && route.pattern.matcher(p).matches()
                    && (best == null || compare(route, best) > 0)) {
                best = route;
            }
        }
        return best == null ? List.of() : best.consumes;
    }

    /** Positive when {@code a} is more specific than {@code b} (more literal characters, then more variables). */
    private static int compare(Route a, Route b) {
        if (a.literals != b.literals) {
            return a.literals - b.literals;
        }
        return a.variables - b.variables;
    }

    private static List<Route> build(Collection<Class<?>> resources) {
        List<Route> routes = new ArrayList<>();
        for (Class<?> type : resources) {
            Path base = type.getAnnotation(Path.class);
            Consumes classConsumes = type.getAnnotation(Consumes.class);
            for (Method method : type.getMethods()) {
                String verb = verb(method);
                if (verb == null) {
                    continue;
                }
                Path sub = method.getAnnotation(Path.class);
                Consumes consumes = method.getAnnotation(Consumes.class);
                consumes = consumes == null ? classConsumes : consumes;
                routes.add(new Route(join(base == null ? "" : base.value(), sub == null ? "" : sub.value()), verb,
                        consumes == null ? List.of() : Arrays.stream(consumes.value())
                                .flatMap(v -> Arrays.stream(v.split(","))).map(String::strip)
                                .collect(Collectors.toList())));
            }
        }
        return routes;
    }

    private static String join(String a, String b) {
        String x = a.replaceAll("^/+|/+$", "");
        String y = b.replaceAll("^/+|/+$", "");
        return x.isEmpty() ? y : y.isEmpty() ? x : x + "/" + y;
    }

    private static String verb(Method method) {
        for (Annotation a : method.getAnnotations()) {
            HttpMethod h = a.annotationType().getAnnotation(HttpMethod.class);
            if (h != null) {
                return h.value();
            }
        }
        return null;
    }

    private static final class Route {
        final Pattern pattern;
        final String method;
        final int literals;
        final int variables;
        final List<String> consumes;

        Route(String template, String method, List<String> consumes) {
            this.method = method;
            this.consumes = List.copyOf(consumes);
            StringBuilder regex = new StringBuilder();
            Matcher m = VARIABLE.matcher(template);
            int at = 0;
            int vars = 0;
            int literal = 0;
            while (m.find()) {
                String text = template.substring(at, m.start());
                literal += text.length();
                regex.append(Pattern.quote(text)).append('(').append(m.group(2) == null ? "[^/]+?" : m.group(2).strip())
                        .append(')');
                vars++;
                at = m.end();
            }
            String rest = template.substring(at);
            literal += rest.length();
            regex.append(Pattern.quote(rest));
            this.pattern = Pattern.compile(regex.toString());
            this.literals = literal;
            this.variables = vars;
        }
    }
}
