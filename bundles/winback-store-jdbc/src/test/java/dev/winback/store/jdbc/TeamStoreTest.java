package dev.winback.store.jdbc;

import org.junit.jupiter.api.Nested;

class TeamStoreTest {

    @Nested
    class OnH2 extends TeamStoreContract {
        OnH2() {
            super(Engine.H2);
        }
    }

    @Nested
    class OnPostgreSQL extends TeamStoreContract {
        OnPostgreSQL() {
            super(Engine.POSTGRESQL);
        }
    }
}
