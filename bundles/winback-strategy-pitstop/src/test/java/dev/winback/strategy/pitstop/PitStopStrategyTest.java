package dev.winback.strategy.pitstop;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.winback.api.dto.CaseStatus;
import dev.winback.api.dto.LossKind;
import dev.winback.api.dto.Outcome;
import dev.winback.api.dto.RecoveryCase;
import dev.winback.api.dto.RecoveryStep;
import dev.winback.api.dto.StepType;
import dev.winback.api.strategy.StepPlan;
import dev.winback.api.strategy.StrategyDescription;
import dev.winback.strategy.testkit.PlanContract;
import dev.winback.strategy.testkit.SimulatedCase;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.EnumSource;

class PitStopStrategyTest {
    static final List<String> QUESTIONS = List.of("clear-expectations", "followed-request",
            "responded-to-complaints", "feedback-system", "strengths-known", "internal-feedback", "rescue-system");

    private final PitStopStrategy strategy = new PitStopStrategy();

    private SimulatedCase review() {
        return new SimulatedCase(strategy, LossKind.LAPSED);
    }

    @Test
    void planAsksEveryQuestionAtOnceAsItsOwnStep() {
        List<StepPlan> plan = strategy.plan(new RecoveryCase());

        assertEquals(QUESTIONS, plan.stream().map(p -> p.name).collect(Collectors.toList()));
        for (StepPlan p : plan) {
            assertEquals(StepType.SURVEY, p.type, p.name);
            assertEquals(Duration.ofDays(7), p.dueIn, p.name);
            assertEquals(List.of("YES", "NO", "PARTLY"), p.outcomes, p.name);
            assertFalse(p.escalateWhenOverdue, p.name);
            assertFalse(p.contactsCustomer, p.name + ": a review contacts nobody");
            assertTrue(p.instructions.contains("notes"), p.instructions);
        }
        assertEquals(List.of(StepPlan.Assignee.CASE_OWNER, StepPlan.Assignee.CASE_OWNER,
                StepPlan.Assignee.CASE_OWNER, StepPlan.Assignee.OWNER_MANAGER, StepPlan.Assignee.OWNER_MANAGER,
                StepPlan.Assignee.OWNER_MANAGER, StepPlan.Assignee.OWNER_MANAGER),
                plan.stream().map(p -> p.assignee).collect(Collectors.toList()));
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "clear-expectations      | clear statement of expectations",
        "followed-request        | follow their request properly",
        "responded-to-complaints | respond on time to every complaint",
        "feedback-system         | feedback system",
        "strengths-known         | management know our strengths",
        "internal-feedback       | internal feedback",
        "rescue-system           | rescue system",
    })
    void eachStepAsksItsQuestion(String step, String question) {
        StepPlan p = strategy.plan(new RecoveryCase()).stream().filter(s -> s.name.equals(step)).findFirst()
                .orElseThrow();
        assertTrue(p.instructions.contains(question), p.instructions);
    }

    @Test
    void partialAnswersWaitForTheRest() {
        SimulatedCase c = review();
        c.complete("clear-expectations", "NO", "Scope was agreed by phone only");
        c.complete("rescue-system", "YES");

        assertTrue(c.lastReaction.next.isEmpty());
        assertEquals(CaseStatus.OPEN, c.recoveryCase.status);
        assertEquals(List.of("followed-request", "responded-to-complaints", "feedback-system", "strengths-known",
                "internal-feedback"), c.plannedNames());
    }

    @Test
    void allYesCompletesTheReviewAndClosesTheCaseAsReviewed() {
        SimulatedCase c = review();
        QUESTIONS.forEach(q -> c.complete(q, "YES"));

        assertEquals(CaseStatus.REVIEWED, c.recoveryCase.status);
        assertTrue(c.planned().isEmpty());
        assertFalse(c.recoveryCase.noFurtherContact, "a review says nothing about contact");
    }

    @Test
    void theReviewRunsForACustomerWhoAskedNotToBeContacted() {
        SimulatedCase c = review().blockContact();
        QUESTIONS.forEach(q -> c.complete(q, q.equals("rescue-system") ? "NO" : "YES"));
        c.complete("act-on-findings", "RECORDED");
        assertEquals(CaseStatus.REVIEWED, c.recoveryCase.status);
    }

    @Test
    void findingsGoToTheManagerWhoRecordsTheImprovements() {
        SimulatedCase c = review();
        for (String q : QUESTIONS) {
            c.complete(q, q.equals("responded-to-complaints") ? "NO" : q.equals("feedback-system") ? "PARTLY" : "YES");
        }

        RecoveryStep act = c.only("act-on-findings");
        assertEquals(StepType.FOLLOW_UP, act.type);
        assertEquals("manager", act.assignee);
        assertEquals(List.of("RECORDED"), act.allowedOutcomes);
        assertEquals(c.now.plus(Duration.ofDays(14)), act.dueAt);
        assertFalse(act.contactsCustomer);
        assertTrue(act.instructions.contains("(responded-to-complaints: NO, feedback-system: PARTLY)"),
                act.instructions);
        assertEquals(CaseStatus.OPEN, c.recoveryCase.status);

        c.complete("act-on-findings", "RECORDED");
        assertEquals(CaseStatus.REVIEWED, c.recoveryCase.status, "the findings recorded, the review is done");
        assertTrue(c.planned().isEmpty());
    }

    @Test
    void theOrderOfAnswersDoesNotMatter() {
        SimulatedCase c = review();
        List<String> reversed = new ArrayList<>(QUESTIONS);
        java.util.Collections.reverse(reversed);
        for (String q : reversed) {
            assertTrue(c.lastReaction == null || c.lastReaction.next.isEmpty());
            c.complete(q, q.equals("clear-expectations") ? "PARTLY" : "YES");
        }
        assertTrue(c.only("act-on-findings").instructions.contains("(clear-expectations: PARTLY)"));
    }

    @Test
    void everyCombinationOfAnswersListsExactlyItsFindings() {
        String[] codes = {"YES", "NO", "PARTLY"};
        int combinations = (int) Math.pow(3, QUESTIONS.size());
        for (int n = 0; n < combinations; n++) {
            SimulatedCase c = review();
            List<String> expected = new ArrayList<>();
            int digits = n;
            for (String q : QUESTIONS) {
                String code = codes[digits % 3];
                digits /= 3;
                if (!code.equals("YES")) {
                    expected.add(q + ": " + code);
                }
                c.complete(q, code);
            }
            if (expected.isEmpty()) {
                assertEquals(CaseStatus.REVIEWED, c.recoveryCase.status);
            } else {
                assertTrue(c.only("act-on-findings").instructions.contains("(" + String.join(", ", expected) + ")"));
                assertEquals(CaseStatus.OPEN, c.recoveryCase.status);
            }
        }
    }

    @Test
    void everyOrderOfEveryAnswerEndsAsReviewed() {
        // Seven questions answered in any order, three answers each: the walk visits each state once.
        PlanContract.Report report = PlanContract.assertEveryPathEnds(this::review);

        assertEquals(Set.of(CaseStatus.REVIEWED), report.statuses());
        assertEquals(Set.of(CaseStatus.REVIEWED), report.closingChoices.get("act-on-findings/RECORDED"));
        assertEquals(Set.of(CaseStatus.REVIEWED), report.closingChoices.get("rescue-system/YES"),
                "the last YES of an all-YES review closes it, whichever question comes last");
        assertEquals(8, report.depth, "seven answers and the findings");
    }

    @ParameterizedTest
    @EnumSource(LossKind.class)
    void isNeverChosenAutomatically(LossKind kind) {
        RecoveryCase c = new RecoveryCase();
        c.lossKind = kind;
        assertFalse(strategy.appliesTo(c));
    }

    @Test
    void describesItselfAsAReviewForAnyLoss() {
        StrategyDescription d = strategy.describe();
        assertEquals("pitstop", strategy.name());
        assertEquals("pitstop", d.name);
        assertEquals(List.of(LossKind.values()), d.lossKinds);
        assertTrue(d.summary.contains("never chosen automatically"), d.summary);
        assertTrue(d.summary.contains("REVIEWED"), d.summary);
        assertFalse(d.contactsCustomer, "a review may run for a customer with a contact block");
    }

    @Test
    void aStepOrAnswerItDoesNotKnowIsRefusedLoudly() {
        SimulatedCase c = review();
        RecoveryStep step = c.planned("rescue-system");
        Outcome o = new Outcome();
        o.code = "MAYBE";
        assertThrows(IllegalArgumentException.class, () -> strategy.onOutcome(c.recoveryCase, step, o));
        step.name = "apologise";
        o.code = "YES";
        assertThrows(IllegalArgumentException.class, () -> strategy.onOutcome(c.recoveryCase, step, o));
    }

    @Test
    void registersAsRecoveryStrategyNamedPitstop() throws IOException {
        try (InputStream in = getClass().getResourceAsStream(
                "/OSGI-INF/dev.winback.strategy.pitstop.PitStopStrategy.xml")) {
            assertNotNull(in, "bnd generated the component description");
            String xml = new String(in.readAllBytes(), StandardCharsets.UTF_8);
            assertTrue(xml.contains("interface=\"dev.winback.api.strategy.RecoveryStrategy\""), xml);
            assertTrue(xml.contains("name=\"winback.strategy.name\"") && xml.contains("value=\"pitstop\""), xml);
        }
    }
}
