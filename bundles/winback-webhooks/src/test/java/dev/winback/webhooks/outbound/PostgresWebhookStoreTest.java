package dev.winback.webhooks.outbound;

import dev.winback.store.jdbc.testing.ScratchDatabase;

class PostgresWebhookStoreTest extends WebhookStoreContract {
    @Override
    ScratchDatabase newDatabase() {
        return ScratchDatabase.postgres("webhooks");
    }
}
