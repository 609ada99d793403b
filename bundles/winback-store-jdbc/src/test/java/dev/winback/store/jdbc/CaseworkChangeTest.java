package dev.winback.store.jdbc;

import org.junit.jupiter.api.Nested;

class CaseworkChangeTest {

    @Nested
    class OnH2 extends CaseworkChangeContract {
        OnH2() {
            super(Engine.H2);
        }
    }

    @Nested
    class OnPostgreSQL extends CaseworkChangeContract {
        OnPostgreSQL() {
            super(Engine.POSTGRESQL);
        }
    }
}
