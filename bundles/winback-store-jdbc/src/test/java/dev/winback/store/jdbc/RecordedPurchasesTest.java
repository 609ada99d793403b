package dev.winback.store.jdbc;

import org.junit.jupiter.api.Nested;

class RecordedPurchasesTest {

    @Nested
    class OnH2 extends RecordedPurchasesContract {
        OnH2() {
            super(Engine.H2);
        }
    }

    @Nested
    class OnPostgreSQL extends RecordedPurchasesContract {
        OnPostgreSQL() {
            super(Engine.POSTGRESQL);
        }
    }
}
