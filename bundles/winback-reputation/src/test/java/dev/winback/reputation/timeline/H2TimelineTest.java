package dev.winback.reputation.timeline;

import dev.winback.store.jdbc.testing.ScratchDatabase;

class H2TimelineTest extends TimelineContract {
    @Override
    ScratchDatabase newDatabase() {
        return ScratchDatabase.h2("reputation");
    }
}
