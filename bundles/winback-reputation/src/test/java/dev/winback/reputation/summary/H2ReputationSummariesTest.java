package dev.winback.reputation.summary;

import dev.winback.store.jdbc.testing.ScratchDatabase;

class H2ReputationSummariesTest extends ReputationSummariesContract {
    @Override
    ScratchDatabase newDatabase() {
        return ScratchDatabase.h2("reputation");
    }
}
