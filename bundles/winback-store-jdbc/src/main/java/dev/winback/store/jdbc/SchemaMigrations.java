package dev.winback.store.jdbc;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.zip.CRC32;
import javax.sql.DataSource;

/**
 * Brings the Winback schema to the newest version. Each migration is a script in this bundle under
 * {@code db/winback}, applied once and in order, and recorded in {@value #VERSION_TABLE} with a checksum: a script
 * edited after it was applied stops the bundle rather than leaving databases that differ without anyone knowing.
 *
 * <p>Flyway 9 was the first choice; its bundle cannot start inside Karaf (it loads plugins that need Gson without
 * importing Gson) and, when its own bundle is not yet active, finds no scripts without saying so. This class is
 * the small part of it Winback needs.
 */
final class SchemaMigrations {
    static final String VERSION_TABLE = "winback_schema_version";

    /** Every migration, oldest first. Add new scripts at the end; never edit or remove one that was released. */
    static final List<Migration> MIGRATIONS = List.of(
            new Migration(1, "V1__customers_loss_reasons_cases.sql"),
            new Migration(2, "V2__idempotency_keys.sql"),
            new Migration(3, "V3__recovery_steps.sql"),
            new Migration(4, "V4__whys_and_agreements.sql"),
            new Migration(5, "V5__purchases_imports_detection.sql"),
            new Migration(6, "V6__casework.sql"),
            new Migration(7, "V7__event_log.sql"),
            new Migration(8, "V8__event_subscribers.sql"));

    private static final String LOCATION = "db/winback/";
    /** Key of the PostgreSQL advisory lock that makes nodes starting together migrate one after the other. */
    private static final long POSTGRES_LOCK_KEY = 0x77696e6261636bL; // "winback"

    private final DataSource dataSource;
    private final List<Migration> migrations;

    SchemaMigrations(DataSource dataSource) {
        this(dataSource, MIGRATIONS);
    }

    /** Only the given migrations, say the first few: tests upgrade a database that holds data of an older version. */
    SchemaMigrations(DataSource dataSource, List<Migration> migrations) {
        this.dataSource = dataSource;
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
            throw WinbackDatabase.storageFailure("migrating the schema", e);
        }
    }

    /** The version of the newest migration applied, 0 before the first. */
    static int currentVersion(Connection c) throws SQLException {
        return (int) Sql.queryLong(c, "SELECT COALESCE(MAX(version), 0) FROM " + VERSION_TABLE);
    }

    private void applyPending(Connection c) throws SQLException {
        Sql.execute(c, "CREATE TABLE IF NOT EXISTS " + VERSION_TABLE + " ("
                + " version INTEGER NOT NULL,"
                + " script VARCHAR(255) NOT NULL,"
                + " checksum BIGINT NOT NULL,"
                + " applied_at TIMESTAMP WITH TIME ZONE NOT NULL,"
                + " CONSTRAINT pk_" + VERSION_TABLE + " PRIMARY KEY (version))");
        Map<Integer, Long> applied = new HashMap<>();
        for (Map.Entry<Integer, Long> row : Sql.queryList(c, "SELECT version, checksum FROM " + VERSION_TABLE,
                rs -> Map.entry(rs.getInt(1), rs.getLong(2)))) {
            applied.put(row.getKey(), row.getValue());
        }
        for (Migration migration : migrations) {
            String script = migration.load();
            long checksum = checksum(script);
            Long appliedChecksum = applied.get(migration.version());
            if (appliedChecksum == null) {
                apply(c, migration, script, checksum);
            } else if (appliedChecksum != checksum) {
                throw new IllegalStateException("Migration " + migration.script() + " was changed after it was"
                        + " applied to this database; restore it and put the change in a new migration");
            }
        }
    }

    /**
     * Runs the script and records it in one transaction. On PostgreSQL that makes a migration all or nothing; H2
     * commits each DDL statement on its own, so the version row comes last and a failed script is not marked done.
     */
    private static void apply(Connection c, Migration migration, String script, long checksum) throws SQLException {
        c.setAutoCommit(false);
        try (Statement ddl = c.createStatement()) {
            // Plain statements: a script is not a prepared statement, and a '?' in it is text.
            for (String statement : SqlScript.statements(script)) {
                ddl.execute(statement);
            }
            Sql.execute(c, "INSERT INTO " + VERSION_TABLE + " (version, script, checksum, applied_at)"
                    + " VALUES (?, ?, ?, ?)", migration.version(), migration.script(), checksum, Instant.now());
            c.commit();
        } catch (Throwable failure) {
            Sql.rollback(c, failure);
            throw failure;
        } finally {
            c.setAutoCommit(true);
        }
    }

    /** Over the text with Unix line ends, so a checkout that converts them does not count as an edit. */
    private static long checksum(String script) {
        CRC32 crc = new CRC32();
        crc.update(script.replace("\r\n", "\n").getBytes(StandardCharsets.UTF_8));
        return crc.getValue();
    }

    /** One versioned script under {@code db/winback}. */
    record Migration(int version, String script) {

        String load() {
            // This bundle's own class loader: inside OSGi it sees the bundle's resources and nothing else.
            try (InputStream in = SchemaMigrations.class.getClassLoader().getResourceAsStream(LOCATION + script)) {
                if (in == null) {
                    throw new IllegalStateException("Migration script " + LOCATION + script + " is missing");
                }
                return new String(in.readAllBytes(), StandardCharsets.UTF_8);
            } catch (IOException e) {
                throw new UncheckedIOException("Cannot read migration script " + script, e);
            }
        }
    }
}
