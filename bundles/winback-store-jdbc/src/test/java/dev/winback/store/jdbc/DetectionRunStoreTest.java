package dev.winback.store.jdbc;

import org.junit.jupiter.api.Nested;

class DetectionRunStoreTest {

    @Nested
    class OnH2 extends DetectionRunStoreContract {
        OnH2() {
            super(Engine.H2);
        }
    }

    @Nested
    class OnPostgreSQL extends DetectionRunStoreContract {
        OnPostgreSQL() {
            super(Engine.POSTGRESQL);
        }
    }
}
