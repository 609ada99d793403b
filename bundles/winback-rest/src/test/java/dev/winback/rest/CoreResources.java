package dev.winback.rest;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

/**
 * The resource classes of this bundle, found by scanning its compiled package, so that a new resource cannot slip
 * past the tests that use them. Inside Karaf the routes come from the resources registered ({@link ResourceCatalog}).
 */
final class CoreResources {
    static final List<Class<?>> ALL = scan();

    private CoreResources() {
    }

    private static List<Class<?>> scan() {
        List<Class<?>> found = new ArrayList<>();
        try {
            Path classes = Paths.get(OpenApiResource.class.getProtectionDomain().getCodeSource().getLocation()
                    .toURI()).resolve("dev/winback/rest");
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
        } catch (Exception e) {
            throw new IllegalStateException("Cannot scan the compiled resources", e);
        }
        if (found.size() < 5) {
            throw new IllegalStateException("Found too few resource classes: " + found);
        }
        return List.copyOf(found);
    }
}
