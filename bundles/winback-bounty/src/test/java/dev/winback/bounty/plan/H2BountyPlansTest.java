package dev.winback.bounty.plan;

import dev.winback.store.jdbc.testing.ScratchDatabase;

class H2BountyPlansTest extends BountyPlansContract {
    @Override
    ScratchDatabase newDatabase() {
        return ScratchDatabase.h2("bounty");
    }
}
