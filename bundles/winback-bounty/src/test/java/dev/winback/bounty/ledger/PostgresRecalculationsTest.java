package dev.winback.bounty.ledger;

import dev.winback.store.jdbc.testing.ScratchDatabase;

class PostgresRecalculationsTest extends RecalculationsContract {
    @Override
    ScratchDatabase newDatabase() {
        return ScratchDatabase.postgres("bounty");
    }
}
