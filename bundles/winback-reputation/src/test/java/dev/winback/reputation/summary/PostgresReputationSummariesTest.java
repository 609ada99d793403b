package dev.winback.reputation.summary;

import dev.winback.store.jdbc.testing.ScratchDatabase;

class PostgresReputationSummariesTest extends ReputationSummariesContract {
    @Override
    ScratchDatabase newDatabase() {
        return ScratchDatabase.postgres("reputation");
    }
}
