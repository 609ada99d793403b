package dev.winback.bounty.ledger;

import dev.winback.store.jdbc.testing.ScratchDatabase;

class H2RecalculationsTest extends RecalculationsContract {
    @Override
    ScratchDatabase newDatabase() {
        return ScratchDatabase.h2("bounty");
    }
}
