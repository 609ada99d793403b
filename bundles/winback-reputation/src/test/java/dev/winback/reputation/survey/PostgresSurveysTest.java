package dev.winback.reputation.survey;

import dev.winback.store.jdbc.testing.ScratchDatabase;

class PostgresSurveysTest extends SurveysContract {
    @Override
    ScratchDatabase newDatabase() {
        return ScratchDatabase.postgres("reputation");
    }
}
