package dev.winback.webhooks.rest;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.InputStream;
import java.lang.annotation.Annotation;
import java.lang.reflect.Method;
import java.util.Iterator;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import javax.ws.rs.HttpMethod;
import javax.ws.rs.Path;
import javax.ws.rs.QueryParam;
import org.junit.jupiter.api.Test;

/** The module's OpenAPI part and its resources' annotations describe the same operations and query parameters. */
class OpenApiPartTest {
    private static final Class<?>[] RESOURCES = {WebhookResource.class, HookResource.class};

    @Test
    void everyOperationIsDocumentedAndEveryDocumentedOperationExists() throws Exception {
        JsonNode doc;
        try (InputStream in = getClass().getResourceAsStream("/dev/winback/webhooks/openapi.json")) {
            assertNotNull(in, "the part the Winback-OpenAPI header names");
            doc = new ObjectMapper().readTree(in);
        }
        Map<String, Set<String>> documented = new TreeMap<>();
        for (Iterator<Map.Entry<String, JsonNode>> paths = doc.get("paths").fields(); paths.hasNext(); ) {
            Map.Entry<String, JsonNode> path = paths.next();
            for (Iterator<String> ops = path.getValue().fieldNames(); ops.hasNext(); ) {
                String op = ops.next();
                if (op.equals("parameters")) {
                    continue;
                }
                Set<String> query = new TreeSet<>();
                path.getValue().get(op).path("parameters").forEach(p -> {
                    if (p.get("in").asText().equals("query")) {
                        query.add(p.get("name").asText());
                    }
                });
                documented.put(op.toUpperCase(Locale.ROOT) + " " + path.getKey(), query);
            }
        }
        Map<String, Set<String>> annotated = new TreeMap<>();
        for (Class<?> type : RESOURCES) {
            String base = "/" + type.getAnnotation(Path.class).value();
            for (Method m : type.getMethods()) {
                String verb = null;
                for (Annotation a : m.getAnnotations()) {
                    HttpMethod h = a.annotationType().getAnnotation(HttpMethod.class);
                    verb = h != null ? h.value() : verb;
                }
                if (verb == null) {
                    continue;
                }
                Path sub = m.getAnnotation(Path.class);
                Set<String> query = new TreeSet<>();
                for (Annotation[] params : m.getParameterAnnotations()) {
                    for (Annotation a : params) {
                        if (a instanceof QueryParam q) {
                            query.add(q.value());
                        }
                    }
                }
                annotated.put(verb + " " + base + (sub == null ? "" : "/" + sub.value()), query);
            }
        }
        assertEquals(annotated, documented);
        doc.path("components").path("schemas").fieldNames().forEachRemaining(n -> assertNotNull(n));
    }
}
