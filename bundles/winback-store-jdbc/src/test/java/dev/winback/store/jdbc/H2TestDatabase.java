package dev.winback.store.jdbc;

import java.sql.SQLException;
import java.util.UUID;
import javax.sql.DataSource;
import org.h2.jdbcx.JdbcDataSource;

/** A private in-memory H2 database, in H2's default mode as the Karaf distribution runs it. */
final class H2TestDatabase implements TestDatabase {
    private final JdbcDataSource dataSource = new JdbcDataSource();

    H2TestDatabase() {
        // DB_CLOSE_DELAY=-1 keeps the database between connections until SHUTDOWN.
        dataSource.setURL("jdbc:h2:mem:winback_" + UUID.randomUUID() + ";DB_CLOSE_DELAY=-1");
    }

    @Override
    public DataSource dataSource() {
        return dataSource;
    }

    @Override
    public void close() throws SQLException {
        execute("SHUTDOWN");
    }

    /** A DataSource whose server does not exist. */
    static DataSource unreachable() {
        JdbcDataSource nowhere = new JdbcDataSource();
        nowhere.setURL("jdbc:h2:tcp://127.0.0.1:1/nowhere");
        return nowhere;
    }
}
