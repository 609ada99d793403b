package dev.winback.strategy.testkit;

import static dev.winback.strategy.testkit.Toy.step;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.winback.api.dto.CaseStatus;
import dev.winback.api.dto.StepRequirement;
import dev.winback.api.dto.StepStatus;
import dev.winback.api.strategy.Reaction;
import dev.winback.api.strategy.RecoveryStrategy;
import dev.winback.api.strategy.StepPlan;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

class PlanContractTest {

    /** listen: TALKED -> write-back: SENT -> decision; NO_ANSWER closes. Ends everywhere. */
    private static Toy exitInterview() {
        return new Toy(c -> List.of(step("listen", "TALKED", "NO_ANSWER")), (c, done, o) -> {
            if (done.name.equals("listen")) {
                return o.code.equals("TALKED") ? Reaction.then(step("write-back", "SENT"))
                        : Reaction.closeWith(CaseStatus.CLOSED_NO_RESPONSE);
            }
            return Reaction.then(StepPlan.decision("decide", Duration.ofDays(30), "Decide."));
        });
    }

    @Test
    void aPlanWhoseEveryPathEndsPassesAndIsReported() {
        PlanContract.Report report = PlanContract.assertEveryPathEnds(exitInterview()::open);

        assertEquals(Map.of("listen/NO_ANSWER", Set.of(CaseStatus.CLOSED_NO_RESPONSE),
                "decide/WON_BACK", Set.of(CaseStatus.WON_BACK),
                "decide/HAND_OVER", Set.of(CaseStatus.HANDED_OVER),
                "decide/NEVER", Set.of(CaseStatus.CLOSED_NEVER)), report.closingChoices);
        assertEquals(Set.of("decide"), report.decisionSteps);
        assertEquals(List.of(new SimulatedCase.Choice("listen", "TALKED"), new SimulatedCase.Choice("write-back",
                "SENT"), new SimulatedCase.Choice("decide", "WON_BACK")), report.pathTo.get(CaseStatus.WON_BACK));
        assertEquals(3, report.depth);
        assertEquals(7, report.states, "open, 1 no answer, 1 talked, 1 sent, 3 decided");
    }

    @Test
    void aDeadEndFailsWithThePathThatLeadsToIt() {
        Toy deadEnd = new Toy(c -> List.of(step("listen", "TALKED", "NO_ANSWER")), (c, done, o) -> {
            if (done.name.equals("listen") && o.code.equals("TALKED")) {
                return Reaction.then(step("write-back", "SENT"));
            }
            return done.name.equals("listen") ? Reaction.closeWith(CaseStatus.CLOSED_NO_RESPONSE)
                    : Reaction.nothing();
        });

        AssertionError e = assertThrows(AssertionError.class, () -> PlanContract.assertEveryPathEnds(deadEnd::open));
        assertTrue(e.getMessage().startsWith("Dead end: after listen/TALKED -> write-back/SENT the case is OPEN "
                + "with nothing planned"), e.getMessage());
    }

    @Test
    void aPathThatNeverEndsFailsAsAnEndlessLoop() {
        // Follow up for ever: every answer plans another follow-up.
        Toy forever = new Toy(c -> List.of(step("follow-up", "ANSWERED", "STOP")), (c, done, o) ->
                o.code.equals("STOP") ? Reaction.closeWith(CaseStatus.CLOSED_NEVER)
                        : Reaction.then(step("follow-up", "ANSWERED", "STOP")));

        AssertionError e = assertThrows(AssertionError.class, () -> PlanContract.assertEveryPathEnds(forever::open,
                PlanContract.walk().maxCompletions(20)));
        assertTrue(e.getMessage().startsWith("Endless loop? A path is still open after 20 completions: "
                + "follow-up/ANSWERED -> follow-up/ANSWERED"), e.getMessage());
        assertTrue(e.getMessage().contains("(planned: [follow-up])"), e.getMessage());
    }

    @Test
    void aSignatureUnderWhichStatesRepeatShowsTheLoopItself() {
        Toy pingPong = new Toy(c -> List.of(step("ping", "ON", "STOP")), (c, done, o) -> {
            if (o.code.equals("STOP")) {
                return Reaction.closeWith(CaseStatus.CLOSED_NEVER);
            }
            return Reaction.then(done.name.equals("ping") ? step("pong", "ON", "STOP") : step("ping", "ON", "STOP"));
        });
        PlanContract.Walk byPlanned = PlanContract.walk().signature(s -> List.of(s.recoveryCase.status,
                s.plannedNames()));

        AssertionError e = assertThrows(AssertionError.class,
                () -> PlanContract.assertEveryPathEnds(pingPong::open, byPlanned));
        assertTrue(e.getMessage().startsWith("Endless loop: the walk comes back to the same state. Reached by "
                + "opening the case, then round and round by ping/ON -> pong/ON."), e.getMessage());
    }

    @Test
    void aLoopByDesignPassesWhenEveryStateHasAWayOut() {
        Toy forever = new Toy(c -> List.of(step("follow-up", "ANSWERED", "STOP")), (c, done, o) ->
                o.code.equals("STOP") ? Reaction.closeWith(CaseStatus.CLOSED_NEVER)
                        : Reaction.then(step("follow-up", "ANSWERED", "STOP")));

        PlanContract.Report report = PlanContract.assertEveryPathEnds(forever::open,
                PlanContract.walk().openEnded(1));
        assertEquals(Map.of("follow-up/STOP", Set.of(CaseStatus.CLOSED_NEVER)), report.closingChoices);
        assertEquals(60, report.depth, "walked to the bound");

        PlanContract.assertEveryPathEnds(forever::open, PlanContract.walk().openEnded(1)
                .signature(s -> List.of(s.recoveryCase.status, s.plannedNames())));
    }

    @Test
    void aLoopWithoutAWayOutFailsEvenWhenItIsDeclaredByDesign() {
        // Once in "limbo", every outcome leads back to limbo: nothing can close the case any more.
        Toy limbo = new Toy(c -> List.of(step("start", "GO", "STOP")), (c, done, o) -> {
            if (o.code.equals("STOP")) {
                return Reaction.closeWith(CaseStatus.CLOSED_NEVER);
            }
            return Reaction.then(step("limbo", "AGAIN"));
        });

        AssertionError e = assertThrows(AssertionError.class, () -> PlanContract.assertEveryPathEnds(limbo::open,
                PlanContract.walk().openEnded(3).maxCompletions(10)));
        assertTrue(e.getMessage().startsWith("No way out: after start/GO no path closes the case within 3 "
                + "completions (none was found at all)"), e.getMessage());
    }

    @Test
    void aWayOutFartherThanDeclaredFails() {
        // Every follow-up may lead to the exit, but only two steps later.
        Toy slowExit = new Toy(c -> List.of(step("follow-up", "AGAIN", "WRAP_UP")), (c, done, o) -> {
            if (done.name.equals("wrap-up")) {
                return Reaction.closeWith(CaseStatus.CLOSED_NEVER);
            }
            return o.code.equals("WRAP_UP") ? Reaction.then(step("wrap-up", "DONE"))
                    : Reaction.then(step("follow-up", "AGAIN", "WRAP_UP"));
        });
        PlanContract.Walk walk = PlanContract.walk().signature(s -> List.of(s.recoveryCase.status,
                s.plannedNames()));

        AssertionError e = assertThrows(AssertionError.class,
                () -> PlanContract.assertEveryPathEnds(slowExit::open, walk.openEnded(1)));
        assertTrue(e.getMessage().contains("(the nearest takes 2)"), e.getMessage());
        PlanContract.assertEveryPathEnds(slowExit::open, walk.openEnded(2));
    }

    @Test
    void aStepTheEngineRefusesFailsWithThePath() {
        StepPlan tooLong = step("write-back", "SENT");
        tooLong.instructions = "x".repeat(2001);
        Toy verbose = new Toy(c -> List.of(step("listen", "TALKED")), (c, done, o) -> Reaction.then(tooLong));

        AssertionError e = assertThrows(AssertionError.class, () -> PlanContract.assertEveryPathEnds(verbose::open));
        assertTrue(e.getMessage().startsWith("Broken rule on the path listen/TALKED: "), e.getMessage());
        assertTrue(e.getMessage().contains("2,000-character"), e.getMessage());
    }

    @Test
    void aStrategyThatThrowsOnAnAllowedOutcomeFailsWithThePath() {
        Toy forgetful = new Toy(c -> List.of(step("listen", "TALKED", "SILENT")), (c, done, o) -> {
            if (o.code.equals("SILENT")) {
                throw new IllegalArgumentException("no outcome SILENT");
            }
            return Reaction.closeWith(CaseStatus.CLOSED_NEVER);
        });
        AssertionError e = assertThrows(AssertionError.class,
                () -> PlanContract.assertEveryPathEnds(forgetful::open));
        assertTrue(e.getMessage().startsWith("Broken rule on the path listen/SILENT: Strategy 'toy' cannot handle"),
                e.getMessage());
    }

    @Test
    void requiredRecordsAreSuppliedAndTheAgreementsChecksAreWalked() {
        StepPlan ask = step("ask", "AGREED", "DECLINED").requiringFor("AGREED", StepRequirement.AGREEMENT);
        StepPlan whys = step("whys", "DOCUMENTED").requiring(StepRequirement.WHY);
        List<String> brokenChecksSeen = new ArrayList<>();
        Toy agreeing = new Toy(c -> List.of(whys), (c, done, o) -> {
            switch (done.name) {
                case "whys":
                    return Reaction.then(ask);
                case "ask":
                    return o.code.equals("AGREED")
                            ? Reaction.then(StepPlan.decision("decide", Duration.ofDays(90), "Decide."))
                            : Reaction.closeWith(CaseStatus.CLOSED_NEVER);
                case RecoveryStrategy.CHECK_CONDITION:
                    if (o.code.equals("BROKEN")) {
                        brokenChecksSeen.add(done.conditionId.toString());
                        return Reaction.closeWith(CaseStatus.CLOSED_NEVER);
                    }
                    return Reaction.nothing();
                default:
                    throw new IllegalArgumentException(done.name);
            }
        });

        PlanContract.Report report = PlanContract.assertEveryPathEnds(agreeing::open, PlanContract.walk()
                .agreementChecks(Duration.ofDays(30), Duration.ofDays(45), Duration.ofDays(60))
                .eachState((s, path) -> {
                    if (s.recoveryCase.agreement != null) {
                        assertEquals(3, s.recoveryCase.agreement.conditions.size());
                    }
                }));

        assertEquals(Set.of(CaseStatus.CLOSED_NEVER), report.closingChoices.get("check-condition/BROKEN"));
        assertFalse(brokenChecksSeen.isEmpty());
        assertTrue(report.closingChoices.containsKey("decide/WON_BACK"), report.toString());
    }

    @Test
    void sevenParallelStepsAreWalkedOncePerStateInAFewSeconds() {
        List<String> questions = List.of("q1", "q2", "q3", "q4", "q5", "q6", "q7");
        Toy review = new Toy(c -> questions.stream().map(q -> step(q, "YES", "NO", "PARTLY")).toList(),
                (c, done, o) -> {
                    if (done.name.equals("act")) {
                        return Reaction.closeWith(CaseStatus.REVIEWED);
                    }
                    boolean open = c.steps.stream().anyMatch(s -> s.status == StepStatus.PLANNED && s != done);
                    return open ? Reaction.nothing() : Reaction.then(step("act", "RECORDED"));
                });

        PlanContract.Report report = assertTimeoutPreemptively(Duration.ofSeconds(30),
                () -> PlanContract.assertEveryPathEnds(review::open));
        // Each question unanswered or answered three ways (4^7, the act step planned once all are answered), then
        // closed after each of the 3^7 sets of answers.
        assertEquals((int) (Math.pow(4, 7) + Math.pow(3, 7)), report.states, report.toString());
        assertEquals(8, report.depth);
    }

    @Test
    void theWalkCompletesStepsWhenDueOrAsEarlyAsAllowedNeverBeforeTheirNotBefore() {
        StepPlan spaced = step("second", "SENT");
        spaced.notBeforeIn = Duration.ofDays(14);
        Toy twoTouches = new Toy(c -> List.of(step("first", "SENT")), (c, done, o) -> done.name.equals("first")
                ? Reaction.then(spaced) : Reaction.closeWith(CaseStatus.CLOSED_NO_RESPONSE));
        List<Instant> whenDue = new ArrayList<>();
        List<Instant> early = new ArrayList<>();

        PlanContract.assertEveryPathEnds(twoTouches::open, PlanContract.walk().eachState((s, p) -> {
            if (s.recoveryCase.status.isTerminal()) {
                whenDue.add(s.now);
            }
        }));
        PlanContract.assertEveryPathEnds(twoTouches::open, PlanContract.walk()
                .timing(SimulatedCase.Timing.AS_EARLY_AS_ALLOWED).eachState((s, p) -> {
                    if (s.recoveryCase.status.isTerminal()) {
                        early.add(s.now);
                    }
                }));

        // When due: the first on day 7, the second due 7 days after its notBefore (day 7 + 14 + 7).
        assertEquals(List.of(SimulatedCase.START.plus(Duration.ofDays(28))), whenDue);
        assertEquals(List.of(SimulatedCase.START.plus(Duration.ofDays(14))), early);
    }

    @Test
    void theCanonicalSignatureIgnoresOrderButNotOutcomes() {
        Toy two = new Toy(c -> List.of(step("a", "X", "Y"), step("b", "X", "Y")), (c, d, o) -> Reaction.nothing());
        SimulatedCase ab = two.open();
        ab.complete("a", "X");
        SimulatedCase ba = two.open();
        ba.complete("b", "X");
        SimulatedCase ab2 = ab.fork();
        ab2.complete("b", "Y");
        SimulatedCase ba2 = ba.fork();
        ba2.complete("a", "X");
        SimulatedCase ba3 = ba.fork();
        ba3.complete("a", "Y");

        assertNotEquals(PlanContract.canonicalSignature(ab), PlanContract.canonicalSignature(ba));
        assertNotEquals(PlanContract.canonicalSignature(ab2), PlanContract.canonicalSignature(ba2),
                "a/X b/Y is not a/X b/X");
        SimulatedCase ab3 = ab.fork();
        ab3.complete("b", "X");
        assertEquals(PlanContract.canonicalSignature(ab3), PlanContract.canonicalSignature(ba2), "a then b is b then a");
        assertNotEquals(PlanContract.canonicalSignature(ba3), PlanContract.canonicalSignature(ba2));
    }
}
