package dev.winback.strategy.code99;

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
import dev.winback.strategy.testkit.SimulatedCase;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.EnumSource;

class Code99StrategyTest {
    private final Code99Strategy strategy = new Code99Strategy();

    private SimulatedCase hostile() {
        return new SimulatedCase(strategy, LossKind.HOSTILE);
    }

    /** A case that has got as far as the ask for another chance, by the professional letter. */
    private SimulatedCase atTheAsk() {
        SimulatedCase c = hostile();
        c.complete("meet-decision-maker", "MET");
        c.complete("document-whys", "DOCUMENTED");
        c.complete("choose-approach", "PROFESSIONAL_LETTER");
        c.complete("peace-offering-letter", "SENT");
        c.only("ask-for-another-chance");
        return c;
    }

    @Test
    void planOpensWithAMeetingThatForbidsASalesPitch() {
        List<StepPlan> plan = strategy.plan(new RecoveryCase());

        assertEquals(1, plan.size());
        StepPlan meet = plan.get(0);
        assertEquals("meet-decision-maker", meet.name);
        assertEquals(StepType.MEETING, meet.type);
        assertEquals(Duration.ofDays(7), meet.dueIn);
        assertEquals(StepPlan.Assignee.CASE_OWNER, meet.assignee);
        assertTrue(meet.escalateWhenOverdue, "an angry customer left waiting is the manager's business");
        assertEquals(List.of("MET", "NO_MEETING", "NO_CONTACT_DEMANDED"), meet.outcomes);
        assertTrue(meet.instructions.toLowerCase(Locale.ROOT).contains("no sales pitch"), meet.instructions);
        assertTrue(meet.instructions.toLowerCase(Locale.ROOT).contains("decision maker"), meet.instructions);
    }

    @Test
    void meetingLeadsToDocumentingEveryWhy() {
        SimulatedCase c = hostile().after(Duration.ofDays(2));
        c.complete("meet-decision-maker", "MET", "Invoices wrong for months; nobody called back");

        RecoveryStep whys = c.only("document-whys");
        assertEquals(StepType.FOLLOW_UP, whys.type);
        assertEquals(List.of("DOCUMENTED"), whys.allowedOutcomes);
        assertEquals(c.now.plus(Duration.ofDays(2)), whys.dueAt);
        assertTrue(whys.instructions.contains("every 'why'"), whys.instructions);
    }

    @Test
    void documentedWhysLeadTheManagerToChooseAnApproach() {
        SimulatedCase c = hostile();
        c.complete("meet-decision-maker", "MET");
        c.complete("document-whys", "DOCUMENTED");

        RecoveryStep choose = c.only("choose-approach");
        assertEquals(List.of("FUN_EVENT", "FUN_GIFT", "PROFESSIONAL_LETTER", "PROFESSIONAL_CARD"),
                choose.allowedOutcomes);
        assertEquals("manager", choose.assignee, "gifts and events cost money: the manager decides");
        assertEquals(c.now.plus(Duration.ofDays(3)), choose.dueAt);
    }

    @ParameterizedTest(name = "{0} leads to {1} ({2}), then {3} to the ask")
    @CsvSource({
        "FUN_EVENT,           appreciation-day,      EVENT,  ATTENDED,       30",
        "FUN_EVENT,           appreciation-day,      EVENT,  DID_NOT_ATTEND, 30",
        "FUN_GIFT,            send-gift,             GIFT,   DELIVERED,      7",
        "PROFESSIONAL_LETTER, peace-offering-letter, LETTER, SENT,           5",
        "PROFESSIONAL_CARD,   peace-offering-card,   LETTER, SENT,           5",
    })
    void eachApproachLeadsToItsGestureAndThenToTheAsk(String approach, String gesture, StepType type,
            String gestureOutcome, int dueDays) {
        SimulatedCase c = hostile();
        c.complete("meet-decision-maker", "MET");
        c.complete("document-whys", "DOCUMENTED");
        c.complete("choose-approach", approach);

        RecoveryStep step = c.only(gesture);
        assertEquals(type, step.type);
        assertEquals(c.now.plus(Duration.ofDays(dueDays)), step.dueAt);
        assertTrue(step.allowedOutcomes.contains(gestureOutcome));

        c.complete(gesture, gestureOutcome);
        RecoveryStep ask = c.only("ask-for-another-chance");
        assertEquals(StepType.MEETING, ask.type);
        assertEquals(List.of("AGREED", "DECLINED"), ask.allowedOutcomes);
        assertTrue(ask.escalateWhenOverdue);
        assertTrue(ask.instructions.contains("in writing"), ask.instructions);
        assertTrue(ask.instructions.contains("theirs and ours"), ask.instructions);
    }

    @Test
    void funAndProfessionalGesturesAreDifferentKindsOfStep() {
        SimulatedCase fun = hostile();
        fun.complete("meet-decision-maker", "MET");
        fun.complete("document-whys", "DOCUMENTED");
        fun.complete("choose-approach", "FUN_GIFT");
        SimulatedCase professional = hostile();
        professional.complete("meet-decision-maker", "MET");
        professional.complete("document-whys", "DOCUMENTED");
        professional.complete("choose-approach", "PROFESSIONAL_CARD");

        assertEquals(StepType.GIFT, fun.only("send-gift").type);
        assertEquals(StepType.LETTER, professional.only("peace-offering-card").type);
    }

    @Test
    void agreedConditionsAreMonitored() {
        SimulatedCase c = atTheAsk();
        c.complete("ask-for-another-chance", "AGREED", "Named account manager; invoices checked before sending");

        RecoveryStep monitor = c.only("monitor-conditions");
        assertEquals(List.of("KEPT", "BROKEN"), monitor.allowedOutcomes);
        assertEquals(c.now.plus(Duration.ofDays(30)), monitor.dueAt);
        assertEquals(CaseStatus.OPEN, c.recoveryCase.status);
    }

    @Test
    void declinedSecondChanceClosesTheCaseAsNever() {
        SimulatedCase c = atTheAsk();
        c.complete("ask-for-another-chance", "DECLINED");

        assertEquals(CaseStatus.CLOSED_NEVER, c.recoveryCase.status);
        assertFalse(c.lastReaction.noFurtherContact, "declining a second chance is not asking to be left alone");
    }

    @Test
    void threeKeptChecksEndThePlanForTheOwnerToCloseAsWonBack() {
        SimulatedCase c = atTheAsk();
        c.complete("ask-for-another-chance", "AGREED");
        c.complete("monitor-conditions", "KEPT");
        c.only("monitor-conditions");
        c.complete("monitor-conditions", "KEPT");
        c.only("monitor-conditions");
        c.complete("monitor-conditions", "KEPT");

        assertTrue(c.planEnded(), "nothing more planned, case still open: " + c.plannedNames());
    }

    @Test
    void aBrokenConditionIsRepairedByTheManagerWithinThreeDays() {
        SimulatedCase c = atTheAsk();
        c.complete("ask-for-another-chance", "AGREED");
        c.complete("monitor-conditions", "KEPT");
        c.complete("monitor-conditions", "BROKEN", "Two invoices wrong again");

        RecoveryStep repair = c.only("repair-conditions");
        assertEquals(StepType.MEETING, repair.type);
        assertEquals("manager", repair.assignee);
        assertTrue(repair.escalateWhenOverdue);
        assertEquals(c.now.plus(Duration.ofDays(3)), repair.dueAt);

        c.complete("repair-conditions", "REPAIRED");
        c.complete("monitor-conditions", "KEPT");
        c.only("monitor-conditions");
        c.complete("monitor-conditions", "KEPT");
        assertTrue(c.planEnded(), "three kept checks in all, the broken one between them");
    }

    @Test
    void aSecondChanceEndedAfterABreachClosesAsNever() {
        SimulatedCase c = atTheAsk();
        c.complete("ask-for-another-chance", "AGREED");
        c.complete("monitor-conditions", "BROKEN");
        c.complete("repair-conditions", "LOST");

        assertEquals(CaseStatus.CLOSED_NEVER, c.recoveryCase.status);
    }

    @Test
    void aRefusalToMeetGetsOneLetterThenOneMoreRequest() {
        SimulatedCase c = hostile();
        c.complete("meet-decision-maker", "NO_MEETING");

        RecoveryStep letter = c.only("meeting-request-letter");
        assertEquals(StepType.LETTER, letter.type);
        assertEquals(List.of("SENT"), letter.allowedOutcomes);
        assertTrue(letter.instructions.contains("no sales pitch"), letter.instructions);

        c.complete("meeting-request-letter", "SENT");
        RecoveryStep again = c.only("meet-decision-maker-again");
        assertEquals(StepType.MEETING, again.type);
        assertEquals(c.now.plus(Duration.ofDays(21)), again.dueAt);
        assertEquals(List.of("MET", "NO_MEETING", "NO_CONTACT_DEMANDED"), again.allowedOutcomes);
        assertTrue(again.instructions.toLowerCase(Locale.ROOT).contains("no sales pitch"), again.instructions);
    }

    @Test
    void aSecondRefusalClosesTheCaseAsNoResponse() {
        SimulatedCase c = hostile();
        c.complete("meet-decision-maker", "NO_MEETING");
        c.complete("meeting-request-letter", "SENT");
        c.complete("meet-decision-maker-again", "NO_MEETING");

        assertEquals(CaseStatus.CLOSED_NO_RESPONSE, c.recoveryCase.status);
        assertFalse(c.recoveryCase.noFurtherContact);
    }

    @Test
    void aMeetingAfterTheLetterContinuesTheUsualWay() {
        SimulatedCase c = hostile();
        c.complete("meet-decision-maker", "NO_MEETING");
        c.complete("meeting-request-letter", "SENT");
        c.complete("meet-decision-maker-again", "MET");

        c.only("document-whys");
    }

    @ParameterizedTest
    @CsvSource({"0", "1"})
    void aDemandForNoContactEndsEverything(int refusalsFirst) {
        SimulatedCase c = hostile();
        String meeting = "meet-decision-maker";
        if (refusalsFirst == 1) {
            c.complete(meeting, "NO_MEETING");
            c.complete("meeting-request-letter", "SENT");
            meeting = "meet-decision-maker-again";
        }
        c.complete(meeting, "NO_CONTACT_DEMANDED", "Their lawyer wrote: no more contact");

        assertEquals(CaseStatus.CLOSED_NEVER, c.recoveryCase.status);
        assertTrue(c.lastReaction.noFurtherContact);
        assertTrue(c.lastReaction.next.isEmpty());
    }

    @Test
    void everyPathEndsWhereThePlaybookSays() {
        Map<String, CaseStatus> closes = new TreeMap<>();
        Set<String> planEnds = new TreeSet<>();
        SimulatedCase.explore(this::hostile, 12, (state, last) -> {
            if (last == null) {
                return;
            }
            if (state.recoveryCase.status.isTerminal()) {
                closes.put(last.toString(), state.recoveryCase.status);
            } else if (state.planEnded()) {
                planEnds.add(last.toString());
            }
        });

        assertEquals(Map.of(
                "meet-decision-maker/NO_CONTACT_DEMANDED", CaseStatus.CLOSED_NEVER,
                "meet-decision-maker-again/NO_CONTACT_DEMANDED", CaseStatus.CLOSED_NEVER,
                "meet-decision-maker-again/NO_MEETING", CaseStatus.CLOSED_NO_RESPONSE,
                "ask-for-another-chance/DECLINED", CaseStatus.CLOSED_NEVER,
                "repair-conditions/LOST", CaseStatus.CLOSED_NEVER), closes);
        assertEquals(Set.of("monitor-conditions/KEPT"), planEnds);
    }

    @ParameterizedTest
    @EnumSource(LossKind.class)
    void appliesToHostileCustomersOnly(LossKind kind) {
        RecoveryCase c = new RecoveryCase();
        c.lossKind = kind;
        assertEquals(kind == LossKind.HOSTILE, strategy.appliesTo(c));
    }

    @Test
    void describesItselfForReps() {
        StrategyDescription d = strategy.describe();
        assertEquals("code99", strategy.name());
        assertEquals("code99", d.name);
        assertEquals("Code 99", d.title);
        assertEquals(List.of(LossKind.HOSTILE), d.lossKinds);
        assertTrue(d.summary.contains("no sales pitch"), d.summary);
    }

    @Test
    void aStepItDoesNotKnowIsRefusedLoudly() {
        SimulatedCase c = hostile();
        RecoveryStep foreign = c.planned("meet-decision-maker");
        foreign.name = "apologise";
        Outcome o = new Outcome();
        o.code = "MET";
        assertThrows(IllegalArgumentException.class, () -> strategy.onOutcome(c.recoveryCase, foreign, o));

        RecoveryStep meet = hostile().planned("meet-decision-maker");
        Outcome unknown = new Outcome();
        unknown.code = "MAYBE";
        assertThrows(IllegalArgumentException.class, () -> strategy.onOutcome(c.recoveryCase, meet, unknown));
    }

    @Test
    void registersAsRecoveryStrategyNamedCode99() throws IOException {
        String xml = componentXml("dev.winback.strategy.code99.Code99Strategy");
        assertTrue(xml.contains("interface=\"dev.winback.api.strategy.RecoveryStrategy\""), xml);
        assertTrue(xml.contains("name=\"winback.strategy.name\"") && xml.contains("value=\"code99\""), xml);
    }

    static String componentXml(String component) throws IOException {
        try (InputStream in = Code99StrategyTest.class.getResourceAsStream("/OSGI-INF/" + component + ".xml")) {
            assertNotNull(in, "bnd generated the component description");
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }
}
