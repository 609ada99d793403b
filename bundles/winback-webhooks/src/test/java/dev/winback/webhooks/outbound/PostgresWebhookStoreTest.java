package dev.winback.webhooks.outbound;

import dev.winback.webhooks.ScratchDatabase;

class PostgresWebhookStoreTest extends WebhookStoreContract {
    @Override
    ScratchDatabase newDatabase() {
        return ScratchDatabase.postgres();
    }
}
