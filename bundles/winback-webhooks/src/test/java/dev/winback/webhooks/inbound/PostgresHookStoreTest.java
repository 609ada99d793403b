package dev.winback.webhooks.inbound;

import dev.winback.store.jdbc.testing.ScratchDatabase;

class PostgresHookStoreTest extends HookStoreContract {
    @Override
    ScratchDatabase newDatabase() {
        return ScratchDatabase.postgres("webhooks");
    }
}
