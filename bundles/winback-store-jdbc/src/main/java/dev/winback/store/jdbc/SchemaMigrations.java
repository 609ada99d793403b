package dev.winback.store.jdbc;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Supplier;
import java.util.stream.Collectors;
import java.util.zip.CRC32;
import javax.sql.DataSource;

/**
 * Brings a schema to its newest version: the core's, or a module's own track. Each migration is a script, applied
 * once and in order, and recorded with a checksum: a script edited after it was applied stops the bundle rather than
 * leaving databases that differ without anyone knowing. The core's scripts are in this bundle under
 * {@code db/winback} and recorded in {@value #VERSION_TABLE}; a module's come from its bundle (see
 * {@link ModuleSchemas}) and are recorded in {@value #MODULE_TABLE} under the module's name.
 *
 * <p>Flyway 9 was the first choice; its bundle cannot start inside Karaf (it loads plugins that need Gson without
 * importing Gson) and, when its own bundle is not yet active, finds no scripts without saying so. This class is
 * the small part of it Winback needs.
 */
final class SchemaMigrations {
    static final String VERSION_TABLE = "winback_schema_version";
    static final String MODULE_TABLE = "winback_module_schema";

    /**
     * Every core migration, oldest first. Add new scripts at the end; never edit or remove one that was released.
     * Versions 5 and 6 are the one exception: the detection tables they created moved to the winback-detect module's
     * own track, and databases that ran their first text keep it (its checksum is accepted).
     */
    static final List<Migration> MIGRATIONS = List.of(
            core(1, "V1__customers_loss_reasons_cases.sql"),
            core(2, "V2__idempotency_keys.sql"),
            core(3, "V3__recovery_steps.sql"),
            core(4, "V4__whys_and_agreements.sql"),
            core(5, "V5__purchases.sql", 859953517L),
            core(6, "V6__casework.sql", 1668448163L),
            core(7, "V7__event_log.sql"),
            core(8, "V8__event_subscribers.sql"),
            core(9, "V9__module_schemas.sql"),
            core(10, "V10__versions_and_audit_reading.sql"));

    private static final String LOCATION = "db/winback/";
    /** Key of the PostgreSQL advisory lock that makes nodes starting together migrate one after the other. */
    private static final long POSTGRES_LOCK_KEY = 0x77696e6261636bL; // "winback"

    private final DataSource dataSource;
    /** null for the core's track. */
    private final String module;
    private final List<Migration> migrations;

    SchemaMigrations(DataSource dataSource) {
        this(dataSource, MIGRATIONS);
    }

    /** Only the given migrations, say the first few: tests upgrade a database that holds data of an older version. */
    SchemaMigrations(DataSource dataSource, List<Migration> migrations) {
        this(dataSource, null, migrations);
    }

    /** A module's track; the core's schema must be in place (it holds {@value #MODULE_TABLE}). */
    SchemaMigrations(DataSource dataSource, String module, List<Migration> migrations) {
        this.dataSource = dataSource;
        this.module = module;
        this.migrations = List.copyOf(migrations);
    }

    /** Applies the migrations the database does not have yet; does nothing when it is up to date. */
    void migrate() {
        try (Connection c = dataSource.getConnection()) {
            boolean postgres = Dialect.of(c) == Dialect.POSTGRESQL;
            if (postgres) {
                Sql.queryOne(c, "SELECT pg_advisory_lock(?)", rs -> Boolean.TRUE, POSTGRES_LOCK_KEY);
            }
            try {
                applyPending(c);
            } finally {
                if (postgres) {
                    Sql.queryOne(c, "SELECT pg_advisory_unlock(?)", rs -> Boolean.TRUE, POSTGRES_LOCK_KEY);
                }
            }
        } catch (SQLException e) {
            throw WinbackDatabase.storageFailure(module == null ? "migrating the schema"
                    : "migrating the schema of module " + module, e);
        }
    }

    /** The version of the newest core migration applied, 0 before the first. */
    static int currentVersion(Connection c) throws SQLException {
        return (int) Sql.queryLong(c, "SELECT COALESCE(MAX(version), 0) FROM " + VERSION_TABLE);
    }

    /** The version of the newest migration of the module applied, 0 before the first. */
    static int moduleVersion(Connection c, String module) throws SQLException {
        return (int) Sql.queryLong(c, "SELECT COALESCE(MAX(version), 0) FROM " + MODULE_TABLE + " WHERE module = ?",
                module);
    }

    private void applyPending(Connection c) throws SQLException {
        Map<Integer, Long> applied = new HashMap<>();
        if (module == null) {
            Sql.execute(c, "CREATE TABLE IF NOT EXISTS " + VERSION_TABLE + " ("
                    + " version INTEGER NOT NULL,"
                    + " script VARCHAR(255) NOT NULL,"
                    + " checksum BIGINT NOT NULL,"
                    + " applied_at TIMESTAMP WITH TIME ZONE NOT NULL,"
                    + " CONSTRAINT pk_" + VERSION_TABLE + " PRIMARY KEY (version))");
            for (Map.Entry<Integer, Long> row : Sql.queryList(c, "SELECT version, checksum FROM " + VERSION_TABLE,
                    rs -> Map.entry(rs.getInt(1), rs.getLong(2)))) {
                applied.put(row.getKey(), row.getValue());
            }
        } else {
            for (Map.Entry<Integer, Long> row : Sql.queryList(c, "SELECT version, checksum FROM " + MODULE_TABLE
                    + " WHERE module = ?", rs -> Map.entry(rs.getInt(1), rs.getLong(2)), module)) {
                applied.put(row.getKey(), row.getValue());
            }
        }
        for (Migration migration : migrations) {
            long checksum = checksum(migration.text());
            Long appliedChecksum = applied.get(migration.version());
            if (appliedChecksum == null) {
                apply(c, migration, checksum);
            } else if (appliedChecksum != checksum && !migration.formerChecksums().contains(appliedChecksum)) {
                throw new IllegalStateException("Migration " + where() + migration.script() + " was changed after it"
                        + " was applied to this database; restore it and put the change in a new migration");
            }
        }
    }

    private String where() {
        return module == null ? "" : module + ":";
    }

    /**
     * Runs the script and records it in one transaction. On PostgreSQL that makes a migration all or nothing; H2
     * commits each DDL statement on its own, so the version row comes last and a failed script is not marked done.
     */
    private void apply(Connection c, Migration migration, long checksum) throws SQLException {
        c.setAutoCommit(false);
        try (Statement ddl = c.createStatement()) {
            // Plain statements: a script is not a prepared statement, and a '?' in it is text.
            for (String statement : SqlScript.statements(migration.text())) {
                ddl.execute(statement);
            }
            if (module == null) {
                Sql.execute(c, "INSERT INTO " + VERSION_TABLE + " (version, script, checksum, applied_at)"
                        + " VALUES (?, ?, ?, ?)", migration.version(), migration.script(), checksum, Instant.now());
            } else {
                Sql.execute(c, "INSERT INTO " + MODULE_TABLE + " (module, version, script, checksum, applied_at)"
                        + " VALUES (?, ?, ?, ?, ?)", module, migration.version(), migration.script(), checksum,
                        Instant.now());
            }
            c.commit();
        } catch (Throwable failure) {
            Sql.rollback(c, failure);
            throw failure;
        } finally {
            c.setAutoCommit(true);
        }
    }

    /** Over the text with Unix line ends, so a checkout that converts them does not count as an edit. */
    static long checksum(String script) {
        CRC32 crc = new CRC32();
        crc.update(script.replace("\r\n", "\n").getBytes(StandardCharsets.UTF_8));
        return crc.getValue();
    }

    /** A core migration: a script in this bundle under {@code db/winback}. */
    static Migration core(int version, String script, long... formerChecksums) {
        return new Migration(version, script, () -> load(SchemaMigrations.class.getClassLoader(), LOCATION + script),
                Arrays.stream(formerChecksums).boxed().collect(Collectors.toUnmodifiableSet()));
    }

    /** A script found by a class loader; inside OSGi, a bundle's own loader sees its resources and nothing else. */
    static String load(ClassLoader loader, String path) {
        try (InputStream in = loader.getResourceAsStream(path)) {
            if (in == null) {
                throw new IllegalStateException("Migration script " + path + " is missing");
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot read migration script " + path, e);
        }
    }

    /**
     * One versioned script. {@code formerChecksums}: earlier texts of it that databases may have applied and that
     * are accepted in its place.
     */
    record Migration(int version, String script, Supplier<String> source, Set<Long> formerChecksums) {

        String text() {
            return source.get();
        }
    }
}
