package dev.winback.store.jdbc;

import org.junit.jupiter.api.Nested;

class SchemaTest {

    @Nested
    class OnH2 extends SchemaContract {
        OnH2() {
            super(Engine.H2);
        }
    }

    @Nested
    class OnPostgreSQL extends SchemaContract {
        OnPostgreSQL() {
            super(Engine.POSTGRESQL);
        }
    }
}
