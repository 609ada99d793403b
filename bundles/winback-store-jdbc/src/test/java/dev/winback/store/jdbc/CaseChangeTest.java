package dev.winback.store.jdbc;

import org.junit.jupiter.api.Nested;

class CaseChangeTest {

    @Nested
    class OnH2 extends CaseChangeContract {
        OnH2() {
            super(Engine.H2);
        }
    }

    @Nested
    class OnPostgreSQL extends CaseChangeContract {
        OnPostgreSQL() {
            super(Engine.POSTGRESQL);
        }
    }
}
