package dev.winback.store.jdbc;

import org.junit.jupiter.api.Nested;

class WhysAndAgreementTest {

    @Nested
    class OnH2 extends WhysAndAgreementContract {
        OnH2() {
            super(Engine.H2);
        }
    }

    @Nested
    class OnPostgreSQL extends WhysAndAgreementContract {
        OnPostgreSQL() {
            super(Engine.POSTGRESQL);
        }
    }
}
