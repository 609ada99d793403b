package dev.winback.store.jdbc;

import org.junit.jupiter.api.Nested;

class CaseStoreTest {

    @Nested
    class OnH2 extends CaseStoreContract {
        OnH2() {
            super(Engine.H2);
        }
    }

    @Nested
    class OnPostgreSQL extends CaseStoreContract {
        OnPostgreSQL() {
            super(Engine.POSTGRESQL);
        }
    }
}
