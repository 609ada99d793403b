package dev.winback.store.jdbc;

import java.io.File;
import java.net.URISyntaxException;
import java.net.URL;
import java.util.Map;
import java.util.TreeMap;
import javax.sql.DataSource;

/**
 * The winback-detect module's schema track as the running store applies it, from that module's scripts (on the
 * test class path, see this bundle's pom). Store tests of the detection stores need its tables.
 */
final class DetectSchema {
    static final String MODULE = "detect";
    private static final String FOLDER = "db/detect/";

    private DetectSchema() {
    }

    /** The module's scripts by name, read from the folder on the class path. */
    static Map<String, String> scripts() {
        ClassLoader loader = DetectSchema.class.getClassLoader();
        URL folder = loader.getResource(FOLDER);
        if (folder == null) {
            throw new IllegalStateException(FOLDER + " is not on the test class path");
        }
        Map<String, String> scripts = new TreeMap<>();
        try {
            for (File f : new File(folder.toURI()).listFiles()) {
                scripts.put(f.getName(), SchemaMigrations.load(loader, FOLDER + f.getName()));
            }
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
        return scripts;
    }

    static void apply(DataSource dataSource) {
        new WinbackDatabase(dataSource, java.time.Clock.systemUTC()).migrateModule(MODULE, scripts());
    }
}
