package dev.winback.strategy.testkit;

import static dev.winback.strategy.testkit.Toy.step;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.winback.api.ConflictException;
import dev.winback.api.InvalidInputException;
import dev.winback.api.TooEarlyException;
import dev.winback.api.UnprocessableException;
import dev.winback.api.dto.AgreementCondition;
import dev.winback.api.dto.CaseClosure;
import dev.winback.api.dto.CaseStatus;
import dev.winback.api.dto.Outcome;
import dev.winback.api.dto.RecoveryStep;
import dev.winback.api.dto.StepRequirement;
import dev.winback.api.dto.StepStatus;
import dev.winback.api.dto.StepType;
import dev.winback.api.strategy.Reaction;
import dev.winback.api.strategy.RecoveryStrategy;
import dev.winback.api.strategy.StepPlan;
import dev.winback.core.rules.PlanRules;
import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

class SimulatedCaseTest {

    @Test
    void stepsAreScheduledByTheEnginesRules() {
        StepPlan plan = step("wait-a-week", "DONE");
        plan.notBeforeIn = Duration.ofDays(10);
        plan.assignee = StepPlan.Assignee.OWNER_MANAGER;
        plan.slaMissed = "Late from the start";
        SimulatedCase c = new Toy(x -> List.of(plan), (x, d, o) -> Reaction.closeWith(CaseStatus.CLOSED_NEVER)).open();

        RecoveryStep s = c.only("wait-a-week");
        RecoveryStep expected = PlanRules.toStep(plan, SimulatedCase.OWNER, SimulatedCase.MANAGER, SimulatedCase.START);
        assertEquals(expected.notBefore, s.notBefore);
        assertEquals(expected.dueAt, s.dueAt, "the limit moves the due time with it, as in the engine");
        assertEquals(SimulatedCase.MANAGER, s.assignee);
        assertEquals("Late from the start", s.slaMissed);
        assertEquals(SimulatedCase.START, s.createdAt);
        assertEquals(c.recoveryCase.id, s.caseId);
    }

    @Test
    void aStepCompletedBeforeItsNotBeforeIsRefusedAsTheEngineRefusesIt() {
        StepPlan plan = step("spaced", "SENT");
        plan.notBeforeIn = Duration.ofDays(14);
        plan.dueIn = Duration.ofDays(21);
        SimulatedCase c = new Toy(x -> List.of(plan), (x, d, o) -> Reaction.closeWith(CaseStatus.CLOSED_NEVER)).open();

        TooEarlyException e = assertThrows(TooEarlyException.class, () -> c.complete("spaced", "SENT"));
        assertEquals(SimulatedCase.START.plus(Duration.ofDays(14)), e.earliest());
        assertEquals(StepStatus.PLANNED, c.planned("spaced").status, "nothing changed");
        assertEquals(CaseStatus.OPEN, c.recoveryCase.status);

        c.completeEarliest("spaced", "SENT");
        assertEquals(SimulatedCase.START.plus(Duration.ofDays(14)), c.now);
        assertEquals(CaseStatus.CLOSED_NEVER, c.recoveryCase.status);
    }

    @Test
    void completeWhenDueMovesTheClockToTheDueTime() {
        SimulatedCase c = new Toy(x -> List.of(step("a", "DONE")),
                (x, d, o) -> Reaction.closeWith(CaseStatus.CLOSED_NEVER)).open();
        c.completeWhenDue("a", "DONE");
        assertEquals(SimulatedCase.START.plus(Duration.ofDays(7)), c.now);
        assertEquals(c.now, c.recoveryCase.steps.get(0).outcome.recordedAt);
    }

    @Test
    void anOutcomeTheStepDoesNotAllowIsInvalidInputAndOutcomesAreUpperCased() {
        AtomicReference<String> seen = new AtomicReference<>();
        SimulatedCase c = new Toy(x -> List.of(step("a", "DONE")), (x, d, o) -> {
            seen.set(o.code);
            return Reaction.closeWith(CaseStatus.CLOSED_NEVER);
        }).open();

        InvalidInputException e = assertThrows(InvalidInputException.class, () -> c.complete("a", "MAYBE"));
        assertTrue(e.getMessage().contains("must be one of DONE"), e.getMessage());
        c.complete("a", "done");
        assertEquals("DONE", seen.get());
    }

    @Test
    void requiredRecordsAreEnforcedAndTheSimulationCanSupplyThem() {
        StepPlan plan = step("needs-all", "OK", "AGREED");
        plan.requiring(StepRequirement.WHY).requiringFor("AGREED", StepRequirement.AGREEMENT, StepRequirement.NOTES);
        SimulatedCase c = new Toy(x -> List.of(plan), (x, d, o) -> Reaction.closeWith(CaseStatus.CLOSED_NEVER)).open();

        UnprocessableException why = assertThrows(UnprocessableException.class, () -> c.complete("needs-all", "OK"));
        assertEquals("whys", why.problems().get(0).field());
        c.recordWhy("They were billed twice");
        assertEquals(1, c.recoveryCase.whys.size());

        UnprocessableException agreement = assertThrows(UnprocessableException.class,
                () -> c.complete("needs-all", "AGREED", "Signed"));
        assertEquals("agreement", agreement.problems().get(0).field());
        c.recordAgreement(Duration.ofDays(30));
        UnprocessableException notes = assertThrows(UnprocessableException.class,
                () -> c.complete("needs-all", "AGREED"));
        assertEquals("notes", notes.problems().get(0).field());

        c.complete("needs-all", "AGREED", "Signed by both");
        assertEquals(CaseStatus.CLOSED_NEVER, c.recoveryCase.status);
    }

    @Test
    void anAgreementBringsTheEnginesCheckStepsOnTheirDates() {
        SimulatedCase c = new Toy(x -> List.of(step("a", "DONE")), (x, d, o) -> Reaction.nothing()).open();
        c.recordAgreement(Duration.ofDays(30), Duration.ofDays(60));

        List<RecoveryStep> checks = c.planned().subList(1, 3);
        assertEquals(List.of(RecoveryStrategy.CHECK_CONDITION, RecoveryStrategy.CHECK_CONDITION),
                checks.stream().map(s -> s.name).toList());
        assertEquals(SimulatedCase.START.plus(Duration.ofDays(30)), checks.get(0).dueAt);
        assertEquals(c.recoveryCase.agreement.conditions.get(1).id, checks.get(1).conditionId);
        assertEquals(checks.get(0).id, c.recoveryCase.agreement.conditions.get(0).checkStepId);
        assertEquals(AgreementCondition.Party.CUSTOMER, c.recoveryCase.agreement.conditions.get(1).party);
        assertThrows(ConflictException.class, () -> c.recordAgreement(Duration.ofDays(5)), "once per case");
    }

    @Test
    void aCheckOfAConditionGoesToTheStrategyAndAnUnknownStepCountsAsNothing() {
        List<String> asked = new ArrayList<>();
        SimulatedCase c = new Toy(x -> List.of(step("a", "DONE")), (x, d, o) -> {
            asked.add(d.name + "/" + o.code);
            if (d.name.equals("a")) {
                return Reaction.closeWith(CaseStatus.CLOSED_NEVER);
            }
            throw new IllegalArgumentException("toy has no step '" + d.name + "'");
        }).open();
        c.recordAgreement(Duration.ofDays(30), Duration.ofDays(60));

        Reaction r = c.complete(c.planned().get(1), "BROKEN");

        assertEquals(List.of("check-condition/BROKEN"), asked);
        assertTrue(r.next.isEmpty() && r.close == null, "taken as nothing");
        assertEquals(AgreementCondition.Status.BROKEN, c.recoveryCase.agreement.conditions.get(0).status);
        assertEquals(AgreementCondition.Status.PENDING, c.recoveryCase.agreement.conditions.get(1).status);
        assertEquals(List.of("a", "check-condition"), c.plannedNames());
    }

    @Test
    void aStrategyThatFailsOnAnOrdinaryStepIsAConflictAsInTheEngine() {
        SimulatedCase c = new Toy(x -> List.of(step("a", "DONE")), (x, d, o) -> {
            throw new IllegalArgumentException("no such step");
        }).open();
        ConflictException e = assertThrows(ConflictException.class, () -> c.complete("a", "DONE"));
        assertTrue(e.getMessage().contains("cannot handle outcome DONE of step 'a'"), e.getMessage());
        assertEquals(StepStatus.PLANNED, c.only("a").status, "refused: nothing changed");
        assertNull(c.only("a").outcome);
    }

    @Test
    void aDecisionOutcomeClosesTheCaseWithoutAskingTheStrategy() {
        SimulatedCase c = new Toy(x -> List.of(StepPlan.decision("decide", Duration.ofDays(7), "Decide.")),
                (x, d, o) -> {
                    throw new AssertionError("the engine does not ask the strategy about a decision");
                }).open();

        assertThrows(UnprocessableException.class, () -> c.complete("decide", "NEVER"), "NEVER needs notes");
        Reaction r = c.complete("decide", "NEVER", "Moved to a competitor for good");

        assertEquals(CaseStatus.CLOSED_NEVER, c.recoveryCase.status);
        assertEquals(CaseStatus.CLOSED_NEVER, r.close);
        assertEquals(c.now, c.recoveryCase.closedAt);
        assertEquals("NEVER", c.recoveryCase.steps.get(0).outcome.code);
        assertThrows(ConflictException.class, () -> c.complete("decide", "WON_BACK"), "a closed case is done");
    }

    @Test
    void aWonBackDecisionCarriesItsRevenueOntoTheCase() {
        SimulatedCase c = new Toy(x -> List.of(StepPlan.decision("decide", Duration.ofDays(7), "Decide.")),
                (x, d, o) -> Reaction.nothing()).open();
        CaseClosure closure = new CaseClosure();
        closure.revenue = new BigDecimal("48000");
        closure.currency = "EUR";
        c.complete("decide", "WON_BACK", "First order since the loss", closure);

        assertEquals(CaseStatus.WON_BACK, c.recoveryCase.status);
        assertEquals(new BigDecimal("48000"), c.recoveryCase.recoveredRevenue);
        assertEquals("EUR", c.recoveryCase.revenueCurrency);
        assertEquals("First order since the loss", c.recoveryCase.closeNotes);
        assertEquals(SimulatedCase.OWNER, c.recoveryCase.closedBy);
    }

    @Test
    void noFurtherContactBlocksTheCustomerAsTheEngineDoes() {
        SimulatedCase c = new Toy(x -> List.of(step("a", "STOP")), (x, d, o) -> {
            Reaction r = Reaction.closeWith(CaseStatus.CLOSED_NEVER);
            r.noFurtherContact = true;
            return r;
        }).open();
        c.complete("a", "STOP");
        assertTrue(c.contactBlocked);
        assertTrue(c.recoveryCase.noFurtherContact);
    }

    @Test
    void aDeadEndIsRecordedAndTheEnginesDecisionPlanned() {
        SimulatedCase c = new Toy(x -> List.of(step("a", "DONE")), (x, d, o) -> Reaction.nothing()).open();
        c.complete("a", "DONE");

        assertEquals(List.of("a/DONE"), c.deadEnds());
        RecoveryStep decide = c.only(PlanRules.ENGINE_DECISION);
        assertEquals(Map.of("WON_BACK", CaseStatus.WON_BACK, "HAND_OVER", CaseStatus.HANDED_OVER, "NEVER",
                CaseStatus.CLOSED_NEVER), decide.closes);
        assertTrue(c.planEnded());
    }

    @Test
    void noFurtherContactWithoutACloseIsADeadEndToo() {
        SimulatedCase c = new Toy(x -> List.of(step("a", "DONE"), step("b", "DONE")), (x, d, o) -> {
            Reaction r = Reaction.nothing();
            r.noFurtherContact = true;
            return r;
        }).open();
        c.complete("a", "DONE");
        assertEquals(List.of("a/DONE"), c.deadEnds());
        assertEquals(List.of(PlanRules.ENGINE_DECISION), c.plannedNames(), "b was cancelled");
        assertTrue(c.recoveryCase.noFurtherContact);
    }

    @Test
    void aStepOrAReactionTheEngineRefusesFailsTheTest() {
        StepPlan bad = step("Bad Name", "DONE");
        AssertionError plan = assertThrows(AssertionError.class,
                () -> new Toy(x -> List.of(bad), (x, d, o) -> Reaction.nothing()).open());
        assertTrue(plan.getMessage().contains("lower-kebab-case"), plan.getMessage());

        SimulatedCase c = new Toy(x -> List.of(step("a", "DONE")), (x, d, o) -> {
            Reaction r = Reaction.then(step("b", "DONE"));
            r.close = CaseStatus.CLOSED_NEVER;
            return r;
        }).open();
        AssertionError reaction = assertThrows(AssertionError.class, () -> c.complete("a", "DONE"));
        assertTrue(reaction.getMessage().contains("plans no next steps when it closes"), reaction.getMessage());

        AssertionError nothing = assertThrows(AssertionError.class, () -> new Toy(x -> List.of(),
                (x, d, o) -> Reaction.nothing()).open());
        assertTrue(nothing.getMessage().contains("at least one step"), nothing.getMessage());
    }

    @Test
    void aContactBlockStopsStepsThatContactTheCustomerOnly() {
        SimulatedCase c = new Toy(x -> List.of(step("call", "DONE"), step("review", "DONE").internal()),
                (x, d, o) -> Reaction.nothing()).open().blockContact();
        assertThrows(ConflictException.class, () -> c.complete("call", "DONE"));
        c.complete("review", "DONE");
        assertEquals(List.of("call"), c.plannedNames());
    }

    @Test
    void theCaseCanBeOpenedWithALossDateAndTheStrategySeesItsOpeningTime() {
        Instant lost = SimulatedCase.START.minus(Duration.ofDays(2));
        AtomicReference<Instant[]> seen = new AtomicReference<>();
        new SimulatedCase(new Toy(x -> {
            seen.set(new Instant[] {x.lostAt, x.createdAt});
            return List.of(step("a", "DONE"));
        }, (x, d, o) -> Reaction.nothing()), dev.winback.api.dto.LossKind.LOST_DEAL, rc -> rc.lostAt = lost);
        assertEquals(lost, seen.get()[0]);
        assertEquals(SimulatedCase.START, seen.get()[1]);
    }

    @Test
    void aForkIsIndependentOfItsOriginal() {
        SimulatedCase c = new Toy(x -> List.of(step("a", "YES", "NO")), (x, d, o) -> d.conditionId != null
                ? Reaction.nothing() : o.code.equals("YES") ? Reaction.closeWith(CaseStatus.WON_BACK)
                : Reaction.then(step("b", "DONE"))).open();
        c.recordAgreement(Duration.ofDays(9));
        SimulatedCase other = c.fork();
        other.complete("a", "NO");
        other.complete(other.planned("check-condition"), "KEPT");

        assertEquals(List.of("a", "check-condition"), c.plannedNames());
        assertEquals(AgreementCondition.Status.PENDING, c.recoveryCase.agreement.conditions.get(0).status);
        assertEquals(List.of("b"), other.plannedNames());
        assertNotEquals(c.recoveryCase.steps.get(0).status, other.recoveryCase.steps.get(0).status);
        c.complete("a", "YES");
        assertEquals(CaseStatus.WON_BACK, c.recoveryCase.status);
        assertEquals(CaseStatus.OPEN, other.recoveryCase.status);
    }

    @Test
    void theWalksCopyOfAStepCarriesEveryField() throws Exception {
        RecoveryStep s = new RecoveryStep();
        int i = 0;
        for (Field f : RecoveryStep.class.getFields()) {
            if (Modifier.isStatic(f.getModifiers())) {
                continue;
            }
            f.set(s, sample(f, i++));
        }
        RecoveryStep copy = Copies.step(s);
        for (Field f : RecoveryStep.class.getFields()) {
            if (Modifier.isStatic(f.getModifiers())) {
                continue;
            }
            if (f.getType() == Outcome.class) {
                assertEquals(((Outcome) f.get(s)).notes, ((Outcome) f.get(copy)).notes, f.getName());
            } else {
                assertEquals(f.get(s), f.get(copy), "Copies.step must copy RecoveryStep." + f.getName());
            }
        }
        assertNotEquals(System.identityHashCode(s.outcome), System.identityHashCode(copy.outcome));
    }

    private static Object sample(Field f, int i) {
        Class<?> t = f.getType();
        if (t == String.class) {
            return "v" + i;
        }
        if (t == UUID.class) {
            return UUID.randomUUID();
        }
        if (t == Instant.class) {
            return Instant.EPOCH.plusSeconds(i);
        }
        if (t == boolean.class) {
            return !((Boolean) defaultOf(f));
        }
        if (t == List.class) {
            return List.of("v" + i);
        }
        if (t == Map.class) {
            return Map.of("k", "v" + i);
        }
        if (t == BigDecimal.class) {
            return BigDecimal.valueOf(i);
        }
        if (t == Outcome.class) {
            Outcome o = new Outcome();
            o.notes = "n" + i;
            return o;
        }
        if (t.isEnum()) {
            return t.getEnumConstants()[t.getEnumConstants().length - 1];
        }
        throw new AssertionError("the kit's test has no sample for RecoveryStep." + f.getName() + " (" + t + ")");
    }

    private static Object defaultOf(Field f) {
        try {
            return f.get(new RecoveryStep());
        } catch (IllegalAccessException e) {
            throw new AssertionError(e);
        }
    }

    @Test
    void contractChecksAPlanWithTheEnginesRules() {
        StepPlan ok = new StepPlan("ok", StepType.CALL, Duration.ofDays(1), List.of("DONE"), "Call.");
        Contract.check(ok);
        StepPlan noDue = new StepPlan("no-due", StepType.CALL, null, List.of("DONE"), "Call.");
        AssertionError e = assertThrows(AssertionError.class, () -> Contract.check(noDue));
        assertTrue(e.getMessage().contains("dueIn must be positive"), e.getMessage());
        StepPlan absolute = new StepPlan("absolute", StepType.CALL, null, List.of("DONE"), "Call.");
        absolute.dueAt = Instant.parse("2026-01-01T00:00:00Z");
        Contract.check(absolute);
        assertNull(PlanRules.problems(absolute).stream().findFirst().orElse(null));
        assertSame(ok, ok.internal());
    }
}
