package com.example.winback.exitinterview;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.winback.api.dto.CaseStatus;
import dev.winback.api.dto.LossKind;
import dev.winback.api.dto.RecoveryCase;
import dev.winback.api.dto.RecoveryStep;
import dev.winback.strategy.testkit.PlanContract;
import dev.winback.strategy.testkit.SimulatedCase;
import java.time.Duration;
import java.util.List;
import java.util.Set;
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
    void talkingLeadsToALetterThenTheOwnersDecisionAndSilenceClosesTheCase() {
        SimulatedCase talked = complaint();
        talked.complete("listen", "TALKED");
        RecoveryStep letter = talked.only("write-back");
        assertEquals(talked.now.plus(Duration.ofDays(7)), letter.dueAt);
        talked.complete("write-back", "SENT");
        assertTrue(talked.planEnded(), "only the owner's decision is left");
        talked.complete("decide-after-exit-interview", "HAND_OVER", "They want to talk to sales again");
        assertEquals(CaseStatus.HANDED_OVER, talked.recoveryCase.status, "the engine closes on a decision");

        SimulatedCase silent = complaint();
        silent.complete("listen", "NO_ANSWER");
        assertEquals(CaseStatus.CLOSED_NO_RESPONSE, silent.recoveryCase.status);
    }

    /** The contract every strategy owes the engine: no path leaves a case open with nothing to do, none loops. */
    @Test
    void everyPathEnds() {
        PlanContract.Report report = PlanContract.assertEveryPathEnds(this::complaint);
        assertEquals(Set.of(CaseStatus.CLOSED_NO_RESPONSE, CaseStatus.WON_BACK, CaseStatus.HANDED_OVER,
                CaseStatus.CLOSED_NEVER), report.statuses());
    }
}
