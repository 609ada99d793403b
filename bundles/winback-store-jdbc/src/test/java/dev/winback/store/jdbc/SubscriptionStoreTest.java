package dev.winback.store.jdbc;

import org.junit.jupiter.api.Nested;

class SubscriptionStoreTest {

    @Nested
    class OnH2 extends SubscriptionStoreContract {
        OnH2() {
            super(Engine.H2);
        }
    }

    @Nested
    class OnPostgreSQL extends SubscriptionStoreContract {
        OnPostgreSQL() {
            super(Engine.POSTGRESQL);
        }
    }
}
