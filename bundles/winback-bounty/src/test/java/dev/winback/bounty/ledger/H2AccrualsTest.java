package dev.winback.bounty.ledger;

import dev.winback.store.jdbc.testing.ScratchDatabase;

class H2AccrualsTest extends AccrualsContract {
    @Override
    ScratchDatabase newDatabase() {
        return ScratchDatabase.h2("bounty");
    }
}
