package dev.winback.reputation.survey;

import dev.winback.store.jdbc.testing.ScratchDatabase;

class H2SurveysTest extends SurveysContract {
    @Override
    ScratchDatabase newDatabase() {
        return ScratchDatabase.h2("reputation");
    }
}
