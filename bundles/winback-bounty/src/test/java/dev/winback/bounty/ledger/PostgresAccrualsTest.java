package dev.winback.bounty.ledger;

import dev.winback.store.jdbc.testing.ScratchDatabase;

class PostgresAccrualsTest extends AccrualsContract {
    @Override
    ScratchDatabase newDatabase() {
        return ScratchDatabase.postgres("bounty");
    }
}
