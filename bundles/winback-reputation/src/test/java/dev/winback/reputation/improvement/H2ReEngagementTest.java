package dev.winback.reputation.improvement;

import dev.winback.store.jdbc.testing.ScratchDatabase;

class H2ReEngagementTest extends ReEngagementContract {
    @Override
    ScratchDatabase newDatabase() {
        return ScratchDatabase.h2("reputation");
    }
}
