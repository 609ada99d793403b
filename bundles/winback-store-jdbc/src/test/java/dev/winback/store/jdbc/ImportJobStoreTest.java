package dev.winback.store.jdbc;

import org.junit.jupiter.api.Nested;

class ImportJobStoreTest {

    @Nested
    class OnH2 extends ImportJobStoreContract {
        OnH2() {
            super(Engine.H2);
        }
    }

    @Nested
    class OnPostgreSQL extends ImportJobStoreContract {
        OnPostgreSQL() {
            super(Engine.POSTGRESQL);
        }
    }
}
