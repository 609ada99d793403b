package dev.winback.reputation.improvement;

import dev.winback.store.jdbc.testing.ScratchDatabase;

class H2ImprovementsTest extends ImprovementsContract {
    @Override
    ScratchDatabase newDatabase() {
        return ScratchDatabase.h2("reputation");
    }
}
