package dev.winback.webhooks.inbound;

import dev.winback.store.jdbc.testing.ScratchDatabase;

class H2HookStoreTest extends HookStoreContract {
    @Override
    ScratchDatabase newDatabase() {
        return ScratchDatabase.h2("webhooks");
    }
}
