package dev.winback.core.rules;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.winback.api.dto.CaseChange;
import dev.winback.api.dto.CaseStatus;
import dev.winback.api.dto.RecoveryCase;
import dev.winback.api.dto.RecoveryStep;
import dev.winback.api.dto.StepStatus;
import dev.winback.api.dto.StepType;
import dev.winback.api.strategy.Reaction;
import dev.winback.api.strategy.StepPlan;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;

class PlanRulesTest {
    private static final Instant NOW = Instant.parse("2026-11-30T10:00:00Z");

    private static StepPlan call() {
        return new StepPlan("call", StepType.CALL, Duration.ofDays(2), List.of("DONE"), "Call them");
    }

    @Test
    void aStepThatMayNotBeDoneYetIsDueAfterItMayBeDone() {
        StepPlan p = call();
        p.notBeforeAt = NOW.plus(Duration.ofDays(10));
        RecoveryStep s = PlanRules.toStep(p, "rep1", "boss", NOW);
        assertEquals(NOW.plus(Duration.ofDays(10)), s.notBefore);
        assertEquals(NOW.plus(Duration.ofDays(12)), s.dueAt, "dueIn counts from notBefore when that is later");

        StepPlan absolute = call();
        absolute.dueAt = NOW.plus(Duration.ofDays(5));
        absolute.notBeforeAt = NOW.plus(Duration.ofDays(10));
        assertTrue(PlanRules.problems(absolute).stream().anyMatch(m -> m.contains("before notBeforeAt")),
                PlanRules.problems(absolute).toString());
        assertTrue(PlanRules.problems(call()).isEmpty());
    }

    @Test
    void managerStepsGoToTheManager() {
        StepPlan p = call();
        p.assignee = StepPlan.Assignee.OWNER_MANAGER;
        assertEquals("boss", PlanRules.toStep(p, "rep1", "boss", NOW).assignee);
    }

    @Test
    void closingAsCannotProvideEndsContactEvenWhenTheStrategyDoesNotSaySo() {
        RecoveryCase c = new RecoveryCase();
        c.id = UUID.randomUUID();
        c.status = CaseStatus.OPEN;
        c.steps = new ArrayList<>();
        RecoveryStep done = PlanRules.toStep(call(), "rep1", "boss", NOW);
        done.id = UUID.randomUUID();
        c.steps.add(done);
        CaseChange change = PlanRules.react(c, done, PlanRules.outcome("DONE", null, "rep1", NOW),
                Reaction.closeWith(CaseStatus.CLOSED_CANNOT_PROVIDE), NOW, p -> null);
        assertTrue(change.noFurtherContact);
        CaseChange never = PlanRules.react(c, done, PlanRules.outcome("DONE", null, "rep1", NOW),
                Reaction.closeWith(CaseStatus.CLOSED_NEVER), NOW, p -> null);
        assertFalse(never.noFurtherContact);
    }

    @Test
    void aDecisionStepIsThePlansEnd() {
        RecoveryCase c = new RecoveryCase();
        c.status = CaseStatus.OPEN;
        c.steps = new ArrayList<>();
        RecoveryStep decide = PlanRules.toStep(PlanRules.engineDecision(), "rep1", "boss", NOW);
        c.steps.add(decide);
        assertTrue(PlanRules.atPlanEnd(c));
        assertFalse(PlanRules.isDeadEnd(c));
        assertFalse(decide.contactsCustomer);
        c.steps.add(PlanRules.toStep(call(), "rep1", "boss", NOW));
        assertFalse(PlanRules.atPlanEnd(c));
        c.steps.forEach(s -> s.status = StepStatus.DONE);
        assertTrue(PlanRules.isDeadEnd(c));
    }
}
