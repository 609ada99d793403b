package dev.winback.store.jdbc;

import org.junit.jupiter.api.Nested;

class EventLogTest {

    @Nested
    class OnH2 extends EventLogContract {
        OnH2() {
            super(Engine.H2);
        }
    }

    @Nested
    class OnPostgreSQL extends EventLogContract {
        OnPostgreSQL() {
            super(Engine.POSTGRESQL);
        }
    }
}
