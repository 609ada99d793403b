package dev.winback.webhooks.outbound;

import dev.winback.store.jdbc.testing.ScratchDatabase;

class H2WebhookStoreTest extends WebhookStoreContract {
    @Override
    ScratchDatabase newDatabase() {
        return ScratchDatabase.h2("webhooks");
    }
}
