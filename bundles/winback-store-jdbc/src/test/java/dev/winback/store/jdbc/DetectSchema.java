package dev.winback.store.jdbc;

import java.net.URISyntaxException;
import java.net.URL;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.time.Clock;
import javax.sql.DataSource;

/**
 * The winback-detect module's schema track as the running store applies it, from that module's scripts (on the
 * test class path, see this bundle's pom). Store tests of the detection stores need its tables.
 */
final class DetectSchema {
    static final String MODULE = "detect";

    private DetectSchema() {
    }

    static void apply(DataSource dataSource) {
        new WinbackDatabase(dataSource, Clock.systemUTC()).migrateModule(MODULE, folder());
    }

    private static Path folder() {
        URL folder = DetectSchema.class.getClassLoader().getResource("db/detect");
        if (folder == null) {
            throw new IllegalStateException("db/detect is not on the test class path");
        }
        try {
            return Paths.get(folder.toURI());
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }
}
