package dev.winback.store.jdbc;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.sql.Connection;
import java.sql.SQLException;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

class PurchaseStoreTest {

    @Nested
    class OnH2 extends PurchaseStoreContract {
        OnH2() {
            super(Engine.H2);
        }
    }

    @Nested
    class OnPostgreSQL extends PurchaseStoreContract {
        OnPostgreSQL() {
            super(Engine.POSTGRESQL);
        }

        /** So that the contract above exercises the COPY path here, not the batch fallback. */
        @Test
        void stagingUsesTheCopyProtocol() throws SQLException {
            try (Connection c = db.dataSource().getConnection()) {
                assertTrue(PostgresCopy.available(c));
            }
        }
    }
}
