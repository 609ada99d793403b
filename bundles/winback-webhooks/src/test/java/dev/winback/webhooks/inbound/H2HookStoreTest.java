package dev.winback.webhooks.inbound;

import dev.winback.webhooks.ScratchDatabase;

class H2HookStoreTest extends HookStoreContract {
    @Override
    ScratchDatabase newDatabase() {
        return ScratchDatabase.h2();
    }
}
