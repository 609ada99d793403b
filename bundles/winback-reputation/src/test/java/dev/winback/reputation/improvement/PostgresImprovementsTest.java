package dev.winback.reputation.improvement;

import dev.winback.store.jdbc.testing.ScratchDatabase;

class PostgresImprovementsTest extends ImprovementsContract {
    @Override
    ScratchDatabase newDatabase() {
        return ScratchDatabase.postgres("reputation");
    }
}
