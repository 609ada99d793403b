package dev.winback.bounty.plan;

import dev.winback.store.jdbc.testing.ScratchDatabase;

class PostgresBountyPlansTest extends BountyPlansContract {
    @Override
    ScratchDatabase newDatabase() {
        return ScratchDatabase.postgres("bounty");
    }
}
