package dev.winback.rest;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.HashSet;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/** The methods each path allows, as a 405 or an OPTIONS answer reports them. */
class RoutesTest {

    @Test
    void knowsEveryResourceClass() throws Exception {
        Set<Class<?>> found = new HashSet<>();
        Path classes = Paths.get(OpenApiResource.class.getProtectionDomain().getCodeSource().getLocation().toURI())
                .resolve("dev/winback/rest");
        try (Stream<Path> files = Files.list(classes)) {
            for (Path file : (Iterable<Path>) files::iterator) {
                String name = file.getFileName().toString();
                if (name.endsWith(".class") && !name.contains("$")) {
                    Class<?> type = Class.forName("dev.winback.rest." + name.replace(".class", ""));
                    if (type.isAnnotationPresent(javax.ws.rs.Path.class)) {
                        found.add(type);
                    }
                }
            }
        }
        assertEquals(found, new HashSet<>(Routes.RESOURCES));
    }

    @Test
    void theMostSpecificTemplateDecides() {
        assertEquals(Set.of("GET", "HEAD", "OPTIONS", "POST"), Routes.allowedMethods("cases"));
        assertEquals(Set.of("GET", "HEAD", "OPTIONS", "PATCH"), Routes.allowedMethods("/cases/123/"));
        assertEquals(Set.of("OPTIONS", "POST"), Routes.allowedMethods("cases/1/close"));
        assertEquals(Set.of("GET", "HEAD", "OPTIONS", "PUT"), Routes.allowedMethods("customers/1"));
        assertEquals(Set.of("DELETE", "OPTIONS", "POST"), Routes.allowedMethods("customers/1/contact-block"));
        assertEquals(Set.of("GET", "HEAD", "OPTIONS"), Routes.allowedMethods("customers/1/score"));
        // A literal segment beats a variable one: imports/transactions is the upload, not an import's id.
        assertEquals(Set.of("OPTIONS", "POST"), Routes.allowedMethods("imports/transactions"));
        assertEquals(Set.of("GET", "HEAD", "OPTIONS"), Routes.allowedMethods("imports/42"));
        assertEquals(Set.of("GET", "HEAD", "OPTIONS", "PUT"), Routes.allowedMethods("teams/north"));
        assertEquals(Set.of("GET", "HEAD", "OPTIONS"), Routes.allowedMethods("steps"));
        assertEquals(Set.of("GET", "HEAD", "OPTIONS"), Routes.allowedMethods("/events"));
        assertEquals(Set.of("GET", "HEAD", "OPTIONS"), Routes.allowedMethods("subscribers"));
        assertEquals(Set.of("GET", "HEAD", "OPTIONS"), Routes.allowedMethods("subscribers/webhooks/dead-letters"));
        assertEquals(Set.of("OPTIONS", "POST"), Routes.allowedMethods("subscribers/webhooks/replay"));
        assertTrue(Routes.allowedMethods("subscribers/webhooks").isEmpty());
        assertTrue(Routes.allowedMethods("nothing/here").isEmpty());
    }
}
