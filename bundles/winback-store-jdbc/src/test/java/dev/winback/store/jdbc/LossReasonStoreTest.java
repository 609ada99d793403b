package dev.winback.store.jdbc;

import org.junit.jupiter.api.Nested;

class LossReasonStoreTest {

    @Nested
    class OnH2 extends LossReasonStoreContract {
        OnH2() {
            super(Engine.H2);
        }
    }

    @Nested
    class OnPostgreSQL extends LossReasonStoreContract {
        OnPostgreSQL() {
            super(Engine.POSTGRESQL);
        }
    }
}
