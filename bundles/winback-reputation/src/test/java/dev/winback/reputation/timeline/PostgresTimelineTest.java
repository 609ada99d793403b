package dev.winback.reputation.timeline;

import dev.winback.store.jdbc.testing.ScratchDatabase;

class PostgresTimelineTest extends TimelineContract {
    @Override
    ScratchDatabase newDatabase() {
        return ScratchDatabase.postgres("reputation");
    }
}
