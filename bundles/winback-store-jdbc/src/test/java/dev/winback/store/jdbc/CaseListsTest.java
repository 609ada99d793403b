package dev.winback.store.jdbc;

import org.junit.jupiter.api.Nested;

class CaseListsTest {

    @Nested
    class OnH2 extends CaseListsContract {
        OnH2() {
            super(Engine.H2);
        }
    }

    @Nested
    class OnPostgreSQL extends CaseListsContract {
        OnPostgreSQL() {
            super(Engine.POSTGRESQL);
        }
    }
}
