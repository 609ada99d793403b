package dev.winback.store.jdbc;

import org.junit.jupiter.api.Nested;

class IdempotencyStoreTest {

    @Nested
    class OnH2 extends IdempotencyStoreContract {
        OnH2() {
            super(Engine.H2);
        }
    }

    @Nested
    class OnPostgreSQL extends IdempotencyStoreContract {
        OnPostgreSQL() {
            super(Engine.POSTGRESQL);
        }
    }
}
