package dev.winback.store.jdbc;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.UUID;
import javax.sql.DataSource;
import org.postgresql.ds.PGSimpleDataSource;

/**
 * A fresh schema in the PostgreSQL server that {@code winback.test.pg.url} names, made the connections' current
 * schema and dropped on close, so test classes never see each other's rows and runs can repeat. An unreachable
 * server fails the tests: they must not pass by not running.
 */
final class PostgresTestDatabase implements TestDatabase {
    static final String URL = System.getProperty("winback.test.pg.url", "jdbc:postgresql://127.0.0.1:5432/postgres");

    private final String schema = "winback_test_" + UUID.randomUUID().toString().replace("-", "");
    private final PGSimpleDataSource dataSource;

    PostgresTestDatabase() throws SQLException {
        PGSimpleDataSource server = newDataSource(URL);
        try (Connection c = server.getConnection(); Statement s = c.createStatement()) {
            s.execute("CREATE SCHEMA " + schema);
        } catch (SQLException e) {
            throw new SQLException("PostgreSQL at " + URL + " is not usable. Start it with: "
                    + "pg_ctlcluster --skip-systemctl-redirect $(ls /etc/postgresql) main start", e);
        }
        dataSource = newDataSource(URL);
        dataSource.setCurrentSchema(schema);
    }

    @Override
    public DataSource dataSource() {
        return dataSource;
    }

    @Override
    public void close() throws SQLException {
        try (Connection c = dataSource.getConnection(); Statement s = c.createStatement()) {
            s.execute("DROP SCHEMA " + schema + " CASCADE");
        }
    }

    /** A DataSource whose server does not exist. */
    static DataSource unreachable() {
        return newDataSource("jdbc:postgresql://127.0.0.1:1/nowhere");
    }

    private static PGSimpleDataSource newDataSource(String url) {
        PGSimpleDataSource ds = new PGSimpleDataSource();
        ds.setURL(url);
        if (ds.getUser() == null) {
            ds.setUser("postgres");
        }
        ds.setConnectTimeout(5);
        return ds;
    }
}
