package dev.winback.store.jdbc.testing;

import dev.winback.api.store.AuditTrail;
import dev.winback.api.store.ModuleDatabase;
import dev.winback.store.jdbc.JdbcAuditTrail;
import dev.winback.store.jdbc.WinbackDatabase;
import java.net.URISyntaxException;
import java.nio.file.Paths;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Clock;
import java.util.Optional;
import java.util.UUID;
import javax.sql.DataSource;
import org.h2.jdbcx.JdbcDataSource;
import org.postgresql.ds.PGSimpleDataSource;

/**
 * A database of its own for one test class of a module, with the core's migrations and the module's own applied as
 * the store applies them in Karaf: in-memory H2, or a database created on the PostgreSQL server of
 * {@code winback.test.pg.url} and dropped on close. An unreachable PostgreSQL fails the tests: they must not pass by
 * not running. Shipped in the store's test jar for the modules' tests.
 */
public final class ScratchDatabase implements AutoCloseable {
    private static final String PG_URL = System.getProperty("winback.test.pg.url",
            "jdbc:postgresql://127.0.0.1:5432/postgres");

    private final DataSource dataSource;
    private final Runnable drop;

    private ScratchDatabase(DataSource dataSource, Runnable drop) {
        this.dataSource = dataSource;
        this.drop = drop;
    }

    /** An in-memory H2 database with the core's schema and {@code module}'s, from {@code /db/<module>}. */
    public static ScratchDatabase h2(String module) {
        JdbcDataSource ds = new JdbcDataSource();
        ds.setURL("jdbc:h2:mem:" + module + "_" + UUID.randomUUID() + ";DB_CLOSE_DELAY=-1");
        return new ScratchDatabase(migrated(ds, module), () -> {
            try (Connection c = ds.getConnection(); Statement s = c.createStatement()) {
                s.execute("SHUTDOWN");
            } catch (SQLException ignored) {
                // gone already
            }
        });
    }

    /** A new PostgreSQL database with the core's schema and {@code module}'s, dropped on close. */
    public static ScratchDatabase postgres(String module) {
        String name = "winback_" + module + "_" + UUID.randomUUID().toString().replace("-", "");
        PGSimpleDataSource server = pg(PG_URL);
        try (Connection c = server.getConnection(); Statement s = c.createStatement()) {
            s.execute("CREATE DATABASE " + name);
        } catch (SQLException e) {
            throw new IllegalStateException("PostgreSQL at " + PG_URL + " is not usable (start it with: "
                    + "pg_ctlcluster --skip-systemctl-redirect $(ls /etc/postgresql) main start)", e);
        }
        PGSimpleDataSource ds = pg(PG_URL.replaceFirst("/[^/?]*(\\?.*)?$", "/" + name + "$1"));
        return new ScratchDatabase(migrated(ds, module), () -> {
            try (Connection c = server.getConnection(); Statement s = c.createStatement()) {
                s.execute("DROP DATABASE IF EXISTS " + name + " WITH (FORCE)");
            } catch (SQLException e) {
                System.err.println("Could not drop " + name + ": " + e.getMessage());
            }
        });
    }

    public DataSource dataSource() {
        return dataSource;
    }

    public ModuleDatabase db(Clock clock) {
        return new ModuleDatabase(dataSource, clock);
    }

    /** Runs a statement, for a test that sets a row up by hand or counts rows. */
    public long count(String sql, Object... params) {
        return db(Clock.systemUTC()).transaction("counting", c -> ModuleDatabase.first(c, sql,
                rs -> rs.getLong(1), params).orElse(0L));
    }

    @Override
    public void close() {
        drop.run();
    }

    /**
     * The core's schema and this module's, applied by the store's own migrations as Karaf applies them: the module's
     * tables beside the core's audit trail its stores write to.
     */
    private static DataSource migrated(DataSource ds, String module) {
        WinbackDatabase core = new WinbackDatabase(ds, Clock.systemUTC());
        core.migrate();
        try {
            // The module's scripts are on the test's class path, beside this class.
            core.migrateModule(module, Paths.get(Thread.currentThread().getContextClassLoader()
                    .getResource("db/" + module).toURI()));
        } catch (URISyntaxException e) {
            throw new IllegalStateException("Cannot find the module's migration scripts", e);
        }
        return ds;
    }

    /** The core's audit trail on this database, which the module's stores write their changes to. */
    public AuditTrail audit() {
        return new JdbcAuditTrail(new WinbackDatabase(dataSource, Clock.systemUTC()));
    }

    /** Trust authentication as the project's machines have it: the user from the URL, else postgres. */
    private static PGSimpleDataSource pg(String url) {
        PGSimpleDataSource ds = new PGSimpleDataSource();
        ds.setURL(url);
        ds.setUser(Optional.ofNullable(ds.getUser()).orElse(System.getProperty("winback.test.pg.user", "postgres")));
        ds.setLoginTimeout(5);
        return ds;
    }
}
