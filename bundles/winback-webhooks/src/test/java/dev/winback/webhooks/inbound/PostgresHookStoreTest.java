package dev.winback.webhooks.inbound;

import dev.winback.webhooks.ScratchDatabase;

class PostgresHookStoreTest extends HookStoreContract {
    @Override
    ScratchDatabase newDatabase() {
        return ScratchDatabase.postgres();
    }
}
