package com.example.winback.exitinterview;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.winback.api.dto.CaseStatus;
import dev.winback.api.dto.LossKind;
import dev.winback.api.dto.RecoveryCase;
import dev.winback.api.dto.RecoveryStep;
import dev.winback.strategy.testkit.SimulatedCase;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

class ExitInterviewStrategyTest {
    private final ExitInterviewStrategy strategy = new ExitInterviewStrategy();

    /** A complaint case run as the engine would run it; every step planned is checked against its rules. */
    private SimulatedCase complaint() {
        return new SimulatedCase(strategy, LossKind.COMPLAINT);
    }

    @Test
    void appliesToComplaintsAndStartsByListening() {
        RecoveryCase c = new RecoveryCase();
        c.lossKind = LossKind.COMPLAINT;
        assertTrue(strategy.appliesTo(c));

        RecoveryStep listen = complaint().only("listen");
        assertEquals(SimulatedCase.START.plus(Duration.ofDays(2)), listen.dueAt);
        assertEquals(List.of("TALKED", "NO_ANSWER"), listen.allowedOutcomes);
    }

    @Test
    void talkingLeadsToALetterAndSilenceClosesTheCase() {
        SimulatedCase talked = complaint();
        talked.complete("listen", "TALKED");
        RecoveryStep letter = talked.only("write-back");
        assertEquals(talked.now.plus(Duration.ofDays(7)), letter.dueAt);
        talked.complete("write-back", "SENT");
        assertTrue(talked.planEnded(), "open with nothing planned: the owner takes it from there");

        SimulatedCase silent = complaint();
        silent.complete("listen", "NO_ANSWER");
        assertEquals(CaseStatus.CLOSED_NO_RESPONSE, silent.recoveryCase.status);
    }
}
