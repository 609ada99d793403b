package dev.winback.store.jdbc;

import org.junit.jupiter.api.Nested;

class OverdueStepsTest {

    @Nested
    class OnH2 extends OverdueStepsContract {
        OnH2() {
            super(Engine.H2);
        }
    }

    @Nested
    class OnPostgreSQL extends OverdueStepsContract {
        OnPostgreSQL() {
            super(Engine.POSTGRESQL);
        }
    }
}
