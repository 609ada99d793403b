package dev.winback.reputation.improvement;

import dev.winback.store.jdbc.testing.ScratchDatabase;

class PostgresReEngagementTest extends ReEngagementContract {
    @Override
    ScratchDatabase newDatabase() {
        return ScratchDatabase.postgres("reputation");
    }
}
