package dev.winback.rest;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.lang.reflect.Method;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.Iterator;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Stream;
import javax.ws.rs.HttpMethod;
import org.junit.jupiter.api.Test;

/**
 * Keeps openapi.json true: every resource method of the bundle must be documented, and every documented
 * operation must exist. Resource classes are found by scanning the compiled package, so a new resource cannot
 * slip past the document.
 */
class OpenApiDocumentTest {

    @Test
    void documentDescribesExactlyTheResourceMethods() throws Exception {
        assertEquals(operationsInCode(), operationsInDocument());
    }

    @Test
    void everyOperationDocumentsASuccessAndItsAuthenticationFailure() throws Exception {
        JsonNode paths = document().get("paths");
        for (Iterator<Map.Entry<String, JsonNode>> it = paths.fields(); it.hasNext();) {
            Map.Entry<String, JsonNode> path = it.next();
            for (Iterator<Map.Entry<String, JsonNode>> ops = path.getValue().fields(); ops.hasNext();) {
                Map.Entry<String, JsonNode> op = ops.next();
                if (op.getKey().equals("parameters")) {
                    continue;
                }
                JsonNode responses = op.getValue().get("responses");
                String where = op.getKey() + " " + path.getKey();
                assertTrue(stream(responses.fieldNames()).anyMatch(s -> s.startsWith("2")), where + " has no 2xx");
                boolean isPublic = BasicAuthFilter.PUBLIC_PATHS.contains(path.getKey().substring(1));
                assertEquals(!isPublic, responses.has("401"), where + " documents 401 exactly when it needs auth");
            }
        }
    }

    private static Set<String> operationsInDocument() throws IOException {
        Set<String> ops = new TreeSet<>();
        JsonNode paths = document().get("paths");
        for (Iterator<Map.Entry<String, JsonNode>> it = paths.fields(); it.hasNext();) {
            Map.Entry<String, JsonNode> path = it.next();
            stream(path.getValue().fieldNames()).filter(m -> !m.equals("parameters"))
                    .forEach(m -> ops.add(m.toUpperCase() + " " + path.getKey()));
        }
        return ops;
    }

    private static Set<String> operationsInCode() throws Exception {
        Set<String> ops = new TreeSet<>();
        Path classes = Paths.get(OpenApiResource.class.getProtectionDomain().getCodeSource().getLocation().toURI())
                .resolve("dev/winback/rest");
        try (Stream<Path> files = Files.list(classes)) {
            for (Path file : (Iterable<Path>) files::iterator) {
                String name = file.getFileName().toString();
                if (!name.endsWith(".class") || name.contains("$")) {
                    continue;
                }
                Class<?> type = Class.forName("dev.winback.rest." + name.replace(".class", ""));
                javax.ws.rs.Path base = type.getAnnotation(javax.ws.rs.Path.class);
                if (base == null) {
                    continue;
                }
                for (Method method : type.getMethods()) {
                    String verb = httpMethod(method);
                    if (verb != null) {
                        javax.ws.rs.Path sub = method.getAnnotation(javax.ws.rs.Path.class);
                        ops.add(verb + " /" + base.value() + (sub == null ? "" : "/" + sub.value()));
                    }
                }
            }
        }
        assertTrue(ops.size() > 5, "found resource methods: " + ops);
        return ops;
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

    private static JsonNode document() throws IOException {
        try (InputStream in = OpenApiResource.class.getResourceAsStream(OpenApiResource.DOCUMENT)) {
            return new ObjectMapper().readTree(in);
        }
    }

    private static <T> Stream<T> stream(Iterator<T> it) {
        Iterable<T> iterable = () -> it;
        return java.util.stream.StreamSupport.stream(iterable.spliterator(), false);
    }
}
