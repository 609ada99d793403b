package dev.winback.strategy.surprise24;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.winback.api.UnprocessableException;
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
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.EnumSource;

class Surprise24StrategyTest {
    private final Surprise24Strategy strategy = new Surprise24Strategy();

    private SimulatedCase lostDeal() {
        return new SimulatedCase(strategy, LossKind.LOST_DEAL);
    }

    @Test
    void apologyIsDueWithinExactly24HoursAndEscalatesWhenLate() {
        List<StepPlan> plan = strategy.plan(new RecoveryCase());

        assertEquals(1, plan.size());
        StepPlan apologise = plan.get(0);
        assertEquals("apologise", apologise.name);
        assertEquals(StepType.CALL, apologise.type);
        assertEquals(Duration.ofHours(24), apologise.dueIn);
        assertTrue(apologise.escalateWhenOverdue, "an overdue apology goes to the owner's manager");
        assertEquals(StepPlan.Assignee.CASE_OWNER, apologise.assignee);
        assertEquals(List.of("APOLOGISED", "UNREACHABLE"), apologise.outcomes);
        assertTrue(apologise.instructions.startsWith("Within 24 hours"), apologise.instructions);
        assertTrue(apologise.instructions.contains("No pitch"), apologise.instructions);
    }

    @Test
    void theTwentyFourHoursRunFromTheLossNotFromOpeningTheCase() {
        RecoveryCase c = new RecoveryCase();
        c.lossKind = LossKind.LOST_DEAL;
        c.lostAt = Instant.parse("2026-11-20T08:00:00Z");
        c.createdAt = Instant.parse("2026-11-20T17:30:00Z");
        StepPlan apologise = strategy.plan(c).get(0);
        assertEquals(Instant.parse("2026-11-21T08:00:00Z"), apologise.dueAt);
        assertNull(apologise.slaMissed, "opened within the window: nothing missed yet");
        assertNull(strategy.plan(new RecoveryCase()).get(0).dueAt, "no loss date: 24 h from opening");
    }

    @Test
    void aDealLostMoreThanADayBeforeTheCaseOpenedIsApologisedForWithinADayOfOpeningAsAMissedSla() {
        Instant lost = SimulatedCase.START.minus(Duration.ofDays(3));
        SimulatedCase c = new SimulatedCase(strategy, LossKind.LOST_DEAL, rc -> rc.lostAt = lost);

        RecoveryStep apologise = c.only("apologise");
        assertEquals(SimulatedCase.START.plus(Duration.ofHours(24)), apologise.dueAt,
                "due a day after the case opened, not three days ago");
        assertNotNull(apologise.slaMissed);
        assertTrue(apologise.slaMissed.startsWith("The deal was lost on 2026-02-27T09:00:00Z: the 24-hour window "
                + "had passed when the case opened"), apologise.slaMissed);
        assertTrue(apologise.escalateWhenOverdue);
        assertTrue(apologise.instructions.contains("apologise for the wait"), apologise.instructions);
        assertNull(apologise.notBefore);
    }

    @Test
    void aDealLostJustBeforeTheCaseOpenedKeepsItsOwnDeadline() {
        Instant lost = SimulatedCase.START.minus(Duration.ofHours(20));
        SimulatedCase c = new SimulatedCase(strategy, LossKind.LOST_DEAL, rc -> rc.lostAt = lost);

        RecoveryStep apologise = c.only("apologise");
        assertEquals(lost.plus(Duration.ofHours(24)), apologise.dueAt, "four hours left");
        assertNull(apologise.slaMissed);
    }

    @Test
    void theSimulatedEngineDatesTheApology24HoursAfterTheCaseOpens() {
        SimulatedCase c = lostDeal();
        RecoveryStep apologise = c.only("apologise");
        assertEquals(SimulatedCase.START.plus(Duration.ofHours(24)), apologise.dueAt);
        assertTrue(apologise.escalateWhenOverdue);
    }

    @Test
    void anApologyLeadsToHelpingThemElsewhere() {
        SimulatedCase c = lostDeal().after(Duration.ofHours(5));
        c.complete("apologise", "APOLOGISED");

        RecoveryStep refer = c.only("refer-elsewhere");
        assertEquals(StepType.REFERRAL, refer.type);
        assertEquals(List.of("REFERRED", "NOT_NEEDED"), refer.allowedOutcomes);
        assertEquals(c.now.plus(Duration.ofDays(2)), refer.dueAt);
        assertFalse(refer.escalateWhenOverdue);
        assertTrue(refer.instructions.contains("who you referred them to and when"), refer.instructions);
    }

    @Test
    void unreachableByPhoneMeansAnApologyNoteTheSameDay() {
        SimulatedCase c = lostDeal();
        c.complete("apologise", "UNREACHABLE");

        RecoveryStep note = c.only("apology-note");
        assertEquals(StepType.LETTER, note.type);
        assertEquals(c.now.plus(Duration.ofHours(24)), note.dueAt);
        assertTrue(note.escalateWhenOverdue);
        assertEquals(List.of("SENT"), note.allowedOutcomes);

        c.complete("apology-note", "SENT");
        c.only("refer-elsewhere");
    }

    @Test
    void aReferralIsFollowedUpInTwoWeeks() {
        SimulatedCase c = lostDeal();
        c.complete("apologise", "APOLOGISED");
        c.complete("refer-elsewhere", "REFERRED", "Introduced them to Acme Racking (J. Doe), 3 March");

        RecoveryStep confirm = c.only("confirm-need-met");
        assertEquals(StepType.FOLLOW_UP, confirm.type);
        assertEquals(List.of("NEED_MET", "NEED_NOT_MET", "UNREACHABLE"), confirm.allowedOutcomes);
        assertEquals(c.now.plus(Duration.ofDays(14)), confirm.dueAt);
    }

    @Test
    void aCustomerWhoCannotBeReachedForTheFollowUpClosesAsNoResponse() {
        SimulatedCase c = lostDeal();
        c.complete("apologise", "APOLOGISED");
        c.complete("refer-elsewhere", "REFERRED");
        c.complete("confirm-need-met", "UNREACHABLE", "Three calls, two mails, no answer");

        assertEquals(CaseStatus.CLOSED_NO_RESPONSE, c.recoveryCase.status);
        assertFalse(c.recoveryCase.noFurtherContact);
    }

    @Test
    void withoutAReferralWeAskOnceTheWinnerHadAMonthToDeliver() {
        SimulatedCase c = lostDeal();
        c.complete("apologise", "APOLOGISED");
        c.complete("refer-elsewhere", "NOT_NEEDED");

        assertEquals(c.now.plus(Duration.ofDays(30)), c.only("confirm-need-met").dueAt);
    }

    @Test
    void needMetLeadsToAskingToBeConsideredAMonthLater() {
        SimulatedCase c = lostDeal();
        c.complete("apologise", "APOLOGISED");
        c.complete("refer-elsewhere", "REFERRED");
        c.complete("confirm-need-met", "NEED_MET");

        RecoveryStep ask = c.only("ask-to-be-considered");
        assertEquals(StepType.CALL, ask.type);
        assertEquals(List.of("INVITED", "DECLINED"), ask.allowedOutcomes);
        assertEquals(c.now.plus(Duration.ofDays(30)), ask.dueAt);
    }

    @Test
    void needNotMetGetsASecondReferralThenAnEarlyAsk() {
        SimulatedCase c = lostDeal();
        c.complete("apologise", "APOLOGISED");
        c.complete("refer-elsewhere", "REFERRED");
        c.complete("confirm-need-met", "NEED_NOT_MET");

        c.only("refer-elsewhere");
        c.complete("refer-elsewhere", "REFERRED");
        c.complete("confirm-need-met", "NEED_NOT_MET");

        RecoveryStep ask = c.only("ask-to-be-considered");
        assertEquals(c.now.plus(Duration.ofDays(2)), ask.dueAt, "their need is open: they may need us now");
    }

    @Test
    void invitedToBidEndsThePlanWithTheOwnersDecision() {
        SimulatedCase c = lostDeal();
        c.complete("apologise", "APOLOGISED");
        c.complete("refer-elsewhere", "NOT_NEEDED");
        c.complete("confirm-need-met", "NEED_MET");
        assertThrows(UnprocessableException.class, () -> c.complete("ask-to-be-considered", "INVITED"),
                "when and for what goes in the notes: the decision works from them");
        c.complete("ask-to-be-considered", "INVITED", "Renewal tender in September");

        assertTrue(c.planEnded());
        RecoveryStep decide = c.only("decide-after-invitation");
        assertEquals(List.of("WON_BACK", "HAND_OVER", "NEVER"), decide.allowedOutcomes);
        assertEquals(c.now.plus(Duration.ofDays(30)), decide.dueAt);
        assertFalse(decide.contactsCustomer);
        assertFalse(c.recoveryCase.noFurtherContact);
        assertTrue(c.deadEnds().isEmpty());
    }

    @ParameterizedTest
    @CsvSource({"WON_BACK, WON_BACK", "HAND_OVER, HANDED_OVER", "NEVER, CLOSED_NEVER"})
    void theDecisionAfterTheInvitationClosesTheCaseWithoutAskingTheStrategy(String outcome, CaseStatus status) {
        SimulatedCase c = lostDeal();
        c.complete("apologise", "APOLOGISED");
        c.complete("refer-elsewhere", "NOT_NEEDED");
        c.complete("confirm-need-met", "NEED_MET");
        c.complete("ask-to-be-considered", "INVITED", "Renewal tender in September");
        dev.winback.api.dto.CaseClosure closure = new dev.winback.api.dto.CaseClosure();
        if (status == CaseStatus.WON_BACK) {
            closure.revenue = new java.math.BigDecimal("250000");
        }
        c.complete("decide-after-invitation", outcome, "Signed the renewal with us", closure);

        assertEquals(status, c.recoveryCase.status);
    }

    @Test
    void declinedToConsiderUsClosesAsNever() {
        SimulatedCase c = lostDeal();
        c.complete("apologise", "APOLOGISED");
        c.complete("refer-elsewhere", "REFERRED");
        c.complete("confirm-need-met", "NEED_MET");
        c.complete("ask-to-be-considered", "DECLINED");

        assertEquals(CaseStatus.CLOSED_NEVER, c.recoveryCase.status);
        assertFalse(c.lastReaction.noFurtherContact);
    }

    @Test
    void everyPathEndsWhereThePlaybookSays() {
        PlanContract.Report report = PlanContract.assertEveryPathEnds(this::lostDeal, PlanContract.walk()
                .eachState((state, path) -> {
                    long referrals = state.recoveryCase.steps.stream().filter(s -> s.name.equals("refer-elsewhere"))
                            .count();
                    assertTrue(referrals <= 2, "at most two referrals");
                    state.planned().stream().filter(s -> s.closes.isEmpty()).forEach(s ->
                            assertTrue(s.contactsCustomer, s.name + " contacts the customer"));
                }));

        assertEquals(Map.of(
                "confirm-need-met/UNREACHABLE", Set.of(CaseStatus.CLOSED_NO_RESPONSE),
                "ask-to-be-considered/DECLINED", Set.of(CaseStatus.CLOSED_NEVER),
                "decide-after-invitation/WON_BACK", Set.of(CaseStatus.WON_BACK),
                "decide-after-invitation/HAND_OVER", Set.of(CaseStatus.HANDED_OVER),
                "decide-after-invitation/NEVER", Set.of(CaseStatus.CLOSED_NEVER)), report.closingChoices);
        assertEquals(Set.of("decide-after-invitation"), report.decisionSteps);
        assertTrue(report.states > 20, report.toString());
    }

    @Test
    void aLateCaseEndsLikeAnyOther() {
        PlanContract.assertEveryPathEnds(() -> new SimulatedCase(strategy, LossKind.LOST_DEAL,
                rc -> rc.lostAt = SimulatedCase.START.minus(Duration.ofDays(5))));
    }

    @ParameterizedTest
    @EnumSource(LossKind.class)
    void appliesToLostDealsOnly(LossKind kind) {
        RecoveryCase c = new RecoveryCase();
        c.lossKind = kind;
        assertEquals(kind == LossKind.LOST_DEAL, strategy.appliesTo(c));
    }

    @Test
    void describesItselfForReps() {
        StrategyDescription d = strategy.describe();
        assertEquals("surprise24", strategy.name());
        assertEquals("surprise24", d.name);
        assertEquals("24-hour SURPRISE", d.title);
        assertEquals(List.of(LossKind.LOST_DEAL), d.lossKinds);
        assertTrue(d.summary.contains("24 hours"), d.summary);
    }

    @Test
    void aStepItDoesNotKnowIsRefusedLoudly() {
        SimulatedCase c = lostDeal();
        RecoveryStep step = c.planned("apologise");
        Outcome o = new Outcome();
        o.code = "NEVER";
        assertThrows(IllegalArgumentException.class, () -> strategy.onOutcome(c.recoveryCase, step, o));
        step.name = "meet-decision-maker";
        o.code = "APOLOGISED";
        assertThrows(IllegalArgumentException.class, () -> strategy.onOutcome(c.recoveryCase, step, o));
    }

    @Test
    void registersAsRecoveryStrategyNamedSurprise24() throws IOException {
        try (InputStream in = getClass().getResourceAsStream(
                "/OSGI-INF/dev.winback.strategy.surprise24.Surprise24Strategy.xml")) {
            assertNotNull(in, "bnd generated the component description");
            String xml = new String(in.readAllBytes(), StandardCharsets.UTF_8);
            assertTrue(xml.contains("interface=\"dev.winback.api.strategy.RecoveryStrategy\""), xml);
            assertTrue(xml.contains("name=\"winback.strategy.name\"") && xml.contains("value=\"surprise24\""), xml);
        }
    }
}
