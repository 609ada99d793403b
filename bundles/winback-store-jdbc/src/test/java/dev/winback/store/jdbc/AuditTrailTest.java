package dev.winback.store.jdbc;

import org.junit.jupiter.api.Nested;

class AuditTrailTest {

    @Nested
    class OnH2 extends AuditTrailContract {
        OnH2() {
            super(Engine.H2);
        }
    }

    @Nested
    class OnPostgreSQL extends AuditTrailContract {
        OnPostgreSQL() {
            super(Engine.POSTGRESQL);
        }
    }
}
