package dev.winback.store.jdbc;

import java.sql.SQLException;
import javax.sql.DataSource;

/** The databases every store test runs against. */
enum Engine {
    H2("H2") {
        @Override
        TestDatabase open() {
            return new H2TestDatabase();
        }

        @Override
        DataSource unreachable() {
            return H2TestDatabase.unreachable();
        }
    },
    POSTGRESQL("PostgreSQL") {
        @Override
        TestDatabase open() throws SQLException {
            return new PostgresTestDatabase();
        }

        @Override
        DataSource unreachable() {
            return PostgresTestDatabase.unreachable();
        }
    };

    /** What {@link dev.winback.api.store.StoreStatus#databaseProduct()} should say. */
    final String product;

    Engine(String product) {
        this.product = product;
    }

    abstract TestDatabase open() throws SQLException;

    abstract DataSource unreachable();
}
