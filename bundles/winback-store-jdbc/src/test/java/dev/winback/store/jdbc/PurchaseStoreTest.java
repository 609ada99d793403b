package dev.winback.store.jdbc;

import org.junit.jupiter.api.Nested;

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
    }
}
