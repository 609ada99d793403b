package dev.winback.rest;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.winback.api.rest.PublicEndpoint;
import java.io.IOException;
import java.io.InputStream;
import java.lang.reflect.Method;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Paths;
import java.util.Collection;
import java.util.Iterator;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.jar.Manifest;
import java.util.stream.Stream;
import java.util.stream.StreamSupport;
import javax.ws.rs.HttpMethod;
import javax.ws.rs.Path;

/**
 * Keeps an OpenAPI document (the core's, or a module's part) true to its resource classes: every resource method is
 * documented and every documented operation exists, the query parameters agree, and every operation documents a
 * success and, unless it is public, its 401. The core's tests use it, and a module's tests use it on its own part
 * (this bundle's test jar).
 */
public final class OpenApiContract {
    private OpenApiContract() {
    }

    /** The manifest bnd wrote beside the classes of the bundle that holds {@code type}. */
    public static Manifest manifestOf(Class<?> type) throws IOException, URISyntaxException {
        try (InputStream in = Files.newInputStream(Paths.get(type.getProtectionDomain().getCodeSource().getLocation()
                .toURI()).resolve("META-INF/MANIFEST.MF"))) {
            return new Manifest(in);
        }
    }

    public static JsonNode read(InputStream document) throws IOException {
        assertNotNull(document, "the OpenAPI document is missing");
        try (InputStream in = document) {
            return new ObjectMapper().readTree(in);
        }
    }

    /** Runs every check of this contract. */
    public static void check(Collection<Class<?>> resources, JsonNode document, Set<String> publicPaths) {
        assertTrue(resources.size() > 0, "no resource classes given");
        assertEquals(operationsInCode(resources), operationsInDocument(document),
                "operations of the resource classes vs the document");
        assertQueryParametersAgree(resources, document);
        assertEveryOperationDocumentsSuccessAndAuthentication(resources, document, publicPaths);
    }

    static Set<String> operationsInDocument(JsonNode document) {
        Set<String> ops = new TreeSet<>();
        for (Iterator<Map.Entry<String, JsonNode>> it = document.get("paths").fields(); it.hasNext();) {
            Map.Entry<String, JsonNode> path = it.next();
            stream(path.getValue().fieldNames()).filter(m -> !m.equals("parameters"))
                    .forEach(m -> ops.add(m.toUpperCase() + " " + path.getKey()));
        }
        return ops;
    }

    static Set<String> operationsInCode(Collection<Class<?>> resources) {
        Set<String> ops = new TreeSet<>();
        for (Class<?> type : resources) {
            for (Method method : type.getMethods()) {
                String verb = httpMethod(method);
                if (verb != null) {
                    ops.add(verb + " " + path(type, method));
                }
            }
        }
        return ops;
    }

    /** The query parameters each method takes are the ones its operation documents. */
    static void assertQueryParametersAgree(Collection<Class<?>> resources, JsonNode document) {
        for (Class<?> type : resources) {
            for (Method m : type.getMethods()) {
                String verb = httpMethod(m);
                if (verb == null) {
                    continue;
                }
                JsonNode op = document.get("paths").path(path(type, m)).path(verb.toLowerCase());
                Set<String> documented = new TreeSet<>();
                op.path("parameters").forEach(p -> {
                    if (p.get("in").asText().equals("query")) {
                        documented.add(p.get("name").asText());
                    }
                });
                assertEquals(documented, QueryParameterFilter.queryParameters(m), verb + " " + path(type, m));
            }
        }
    }

    static void assertEveryOperationDocumentsSuccessAndAuthentication(Collection<Class<?>> resources,
            JsonNode document, Set<String> publicPaths) {
        Set<String> publicOps = new TreeSet<>();
        for (Class<?> type : resources) {
            for (Method m : type.getMethods()) {
                if (httpMethod(m) != null && m.isAnnotationPresent(PublicEndpoint.class)) {
                    publicOps.add(httpMethod(m).toLowerCase() + " " + path(type, m));
                }
            }
        }
        for (Iterator<Map.Entry<String, JsonNode>> it = document.get("paths").fields(); it.hasNext();) {
            Map.Entry<String, JsonNode> path = it.next();
            for (Iterator<Map.Entry<String, JsonNode>> ops = path.getValue().fields(); ops.hasNext();) {
                Map.Entry<String, JsonNode> op = ops.next();
                if (op.getKey().equals("parameters")) {
                    continue;
                }
                JsonNode responses = op.getValue().get("responses");
                String where = op.getKey() + " " + path.getKey();
                assertTrue(stream(responses.fieldNames()).anyMatch(s -> s.startsWith("2")), where + " has no 2xx");
                boolean isPublic = publicPaths.contains(path.getKey().substring(1)) || publicOps.contains(where);
                // A public method may still answer 401 (a signature that does not verify); one behind Basic must.
                assertTrue(isPublic || responses.has("401"), where + " needs credentials but documents no 401");
                if (isPublic && responses.has("401")) {
                    assertTrue(publicOps.contains(where), where + " is public to everyone yet documents a 401");
                }
            }
        }
    }

    private static String path(Class<?> type, Method method) {
        Path base = type.getAnnotation(Path.class);
        Path sub = method.getAnnotation(Path.class);
        // A template with a pattern, {id: [^/.]+}, is {id} in the document.
        return ("/" + (base == null ? "" : base.value()) + (sub == null ? "" : "/" + sub.value()))
                .replaceAll("\\{(\\w+)\\s*:[^}]*}", "{$1}");
    }

    private static String httpMethod(Method method) {
        for (var annotation : method.getAnnotations()) {
            HttpMethod verb = annotation.annotationType().getAnnotation(HttpMethod.class);
            if (verb != null) {
                return verb.value();
            }
        }
        return null;
    }

    private static <T> Stream<T> stream(Iterator<T> it) {
        Iterable<T> iterable = () -> it;
        return StreamSupport.stream(iterable.spliterator(), false);
    }
}
