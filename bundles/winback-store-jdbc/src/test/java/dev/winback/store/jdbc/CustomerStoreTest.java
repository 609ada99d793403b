package dev.winback.store.jdbc;

import org.junit.jupiter.api.Nested;

class CustomerStoreTest {

    @Nested
    class OnH2 extends CustomerStoreContract {
        OnH2() {
            super(Engine.H2);
        }
    }

    @Nested
    class OnPostgreSQL extends CustomerStoreContract {
        OnPostgreSQL() {
            super(Engine.POSTGRESQL);
        }
    }
}
