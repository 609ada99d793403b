package dev.winback.store.jdbc;

import java.sql.Connection;
import java.sql.SQLException;

/** A piece of JDBC work run on a connection that {@link WinbackDatabase} opens, and closes afterwards. */
@FunctionalInterface
interface SqlWork<T> {
    T run(Connection connection) throws SQLException;
}
