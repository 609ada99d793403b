package dev.winback.store.jdbc;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.List;
import java.util.Locale;

/**
 * The few places where H2 2.x and PostgreSQL need different SQL. Everything else is written once, in what both
 * accept.
 */
enum Dialect {
    H2 {
        @Override
        String newUuid() {
            return "RANDOM_UUID()";
        }

        /** H2 has no ON CONFLICT; its callers keep to NOT EXISTS and keep concurrent writers apart themselves. */
        @Override
        String onConflictDoNothing(String uniqueColumns) {
            return "";
        }

        @Override
        List<String> beforeBulkInsert(String table) {
            return List.of();
        }
    },
    POSTGRESQL {
        /** Built in since PostgreSQL 13; no extension needed. */
        @Override
        String newUuid() {
            return "gen_random_uuid()";
        }

        @Override
        String onConflictDoNothing(String uniqueColumns) {
            return " ON CONFLICT (" + uniqueColumns + ") DO NOTHING";
        }

        /**
         * Autovacuum has usually not analysed rows staged seconds ago, so the planner would take a million staged
         * rows for a few hundred and pick nested loops and on-disk sorts: measured 30 s instead of a few for a
         * million-row publish. Both settings last only for the transaction.
         */
        @Override
        List<String> beforeBulkInsert(String table) {
            return List.of("SET LOCAL work_mem = '128MB'", "ANALYZE " + table);
        }
    };

    /** Winback runs on these two; the driver's product name tells them apart. */
    static Dialect of(Connection c) throws SQLException {
        String product = c.getMetaData().getDatabaseProductName().toLowerCase(Locale.ROOT);
        return product.contains("postgres") ? POSTGRESQL : H2;
    }

    /** An expression that yields a new random UUID for each row of an INSERT ... SELECT. */
    abstract String newUuid();

    /**
     * What to append to an INSERT so that rows whose key another transaction stored (or is storing) are skipped
     * instead of failing the statement; empty where the database has no such clause.
     */
    abstract String onConflictDoNothing(String uniqueColumns);

    /** Statements to run, in the transaction, before a bulk INSERT ... SELECT from {@code table}. */
    abstract List<String> beforeBulkInsert(String table);
}
