package dev.winback.webhooks.outbound;

import dev.winback.webhooks.ScratchDatabase;

class H2WebhookStoreTest extends WebhookStoreContract {
    @Override
    ScratchDatabase newDatabase() {
        return ScratchDatabase.h2();
    }
}
