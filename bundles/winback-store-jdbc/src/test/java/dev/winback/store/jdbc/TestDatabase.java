package dev.winback.store.jdbc;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import javax.sql.DataSource;

/** A database of its own for one test class, removed again on close. */
interface TestDatabase extends AutoCloseable {

    DataSource dataSource();

    /** Runs statements outside any store, for set-up and for looking behind the stores' backs. */
    default void execute(String... statements) throws SQLException {
        try (Connection c = dataSource().getConnection(); Statement s = c.createStatement()) {
            for (String sql : statements) {
                s.execute(sql);
            }
        }
    }

    @Override
    void close() throws SQLException;
}
