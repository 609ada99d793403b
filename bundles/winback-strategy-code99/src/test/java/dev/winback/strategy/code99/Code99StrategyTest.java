package dev.winback.strategy.code99;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.winback.api.UnprocessableException;
import dev.winback.api.dto.AgreementCondition;
import dev.winback.api.dto.CaseStatus;
import dev.winback.api.dto.LossKind;
import dev.winback.api.dto.Outcome;
import dev.winback.api.dto.RecoveryCase;
import dev.winback.api.dto.RecoveryStep;
import dev.winback.api.dto.StepRequirement;
import dev.winback.api.dto.StepType;
import dev.winback.api.strategy.Reaction;
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
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.EnumSource;

class Code99StrategyTest {
    private final Code99Strategy strategy = new Code99Strategy();

    private SimulatedCase hostile() {
        return new SimulatedCase(strategy, LossKind.HOSTILE);
    }

    /** A case that has met the decision maker and documented the whys (recording one first, as the step needs). */
    private SimulatedCase documented() {
        SimulatedCase c = hostile();
        c.complete("meet-decision-maker", "MET");
        c.recordWhy("Three wrong invoices and nobody called back");
        c.complete("document-whys", "DOCUMENTED");
        return c;
    }

    /** A case that has got as far as the ask for another chance, by the professional letter. */
    private SimulatedCase atTheAsk() {
        SimulatedCase c = documented();
        c.complete("choose-approach", "PROFESSIONAL_LETTER");
        c.complete("peace-offering-letter", "SENT");
        c.only("ask-for-another-chance");
        return c;
    }

    /** The ask agreed, on a written agreement whose single condition is checked in 100 days: monitoring runs. */
    private SimulatedCase monitoring() {
        SimulatedCase c = atTheAsk();
        c.recordAgreement(Duration.ofDays(100));
        c.complete("ask-for-another-chance", "AGREED", "Named account manager; invoices checked before sending");
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
        assertEquals(List.of(StepRequirement.WHY), whys.requires);
        assertFalse(whys.contactsCustomer, "writing the whys down is internal work");
    }

    @Test
    void theWhysCannotBeDocumentedWithoutAWhyOnTheCase() {
        SimulatedCase c = hostile();
        c.complete("meet-decision-maker", "MET");

        UnprocessableException e = assertThrows(UnprocessableException.class,
                () -> c.complete("document-whys", "DOCUMENTED"));
        assertTrue(e.getMessage().contains("why"), e.getMessage());
        c.only("document-whys");

        c.recordWhy("Our engineer never came back about the broken press");
        c.complete("document-whys", "DOCUMENTED");
        c.only("choose-approach");
    }

    @Test
    void documentedWhysLeadTheManagerToChooseAnApproach() {
        SimulatedCase c = documented();

        RecoveryStep choose = c.only("choose-approach");
        assertEquals(List.of("FUN_EVENT", "FUN_GIFT", "PROFESSIONAL_LETTER", "PROFESSIONAL_CARD"),
                choose.allowedOutcomes);
        assertEquals("manager", choose.assignee, "gifts and events cost money: the manager decides");
        assertEquals(c.now.plus(Duration.ofDays(3)), choose.dueAt);
        assertFalse(choose.contactsCustomer, "the manager's choice contacts nobody");
    }

    @Test
    void meetingsLettersGesturesAndTheAskContactTheCustomer() {
        SimulatedCase c = hostile();
        assertTrue(c.only("meet-decision-maker").contactsCustomer);
        c.complete("meet-decision-maker", "NO_MEETING");
        assertTrue(c.only("meeting-request-letter").contactsCustomer);
        assertTrue(atTheAsk().only("ask-for-another-chance").contactsCustomer);
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
        SimulatedCase c = documented();
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
        SimulatedCase fun = documented();
        fun.complete("choose-approach", "FUN_GIFT");
        SimulatedCase professional = documented();
        professional.complete("choose-approach", "PROFESSIONAL_CARD");

        assertEquals(StepType.GIFT, fun.only("send-gift").type);
        assertEquals(StepType.LETTER, professional.only("peace-offering-card").type);
    }

    @Test
    void agreedNeedsTheWrittenAgreementOnTheCase() {
        SimulatedCase c = atTheAsk();
        assertEquals(Map.of("AGREED", List.of(StepRequirement.AGREEMENT)),
                c.planned("ask-for-another-chance").requiresFor);

        UnprocessableException e = assertThrows(UnprocessableException.class,
                () -> c.complete("ask-for-another-chance", "AGREED"));
        assertTrue(e.getMessage().contains("agreement"), e.getMessage());

        c.recordAgreement(Duration.ofDays(40), Duration.ofDays(70));
        assertEquals(List.of("ask-for-another-chance", "check-condition", "check-condition"), c.plannedNames(),
                "the engine checks each condition on its date");
        c.complete("ask-for-another-chance", "AGREED");
        assertEquals(List.of("check-condition", "check-condition", "monitor-conditions"), c.plannedNames());
    }

    @Test
    void agreedConditionsAreMonitored() {
        SimulatedCase c = monitoring();

        RecoveryStep monitor = c.planned("monitor-conditions");
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
    void threeKeptChecksEndThePlanWithTheOwnersDecision() {
        SimulatedCase c = monitoring();
        c.complete("monitor-conditions", "KEPT");
        c.complete("monitor-conditions", "KEPT");
        c.complete("monitor-conditions", "KEPT");

        assertEquals(List.of("check-condition", "decide-after-monitoring"), c.plannedNames(),
                "the agreed condition is still checked on its date");
        RecoveryStep decide = c.planned("decide-after-monitoring");
        assertEquals(List.of("WON_BACK", "HAND_OVER", "NEVER"), decide.allowedOutcomes);
        assertEquals(CaseStatus.WON_BACK, decide.closes.get("WON_BACK"));
        assertFalse(decide.contactsCustomer);
        assertEquals(c.now.plus(Duration.ofDays(14)), decide.dueAt);

        dev.winback.api.dto.CaseClosure revenue = new dev.winback.api.dto.CaseClosure();
        org.junit.jupiter.api.Assertions.assertThrows(dev.winback.api.InvalidInputException.class,
                () -> c.complete("decide-after-monitoring", "WON_BACK"), "a win-back is closed with its revenue");
        revenue.revenue = new java.math.BigDecimal("90000");
        c.complete("decide-after-monitoring", "WON_BACK", "Renewed for two years", revenue);
        assertEquals(CaseStatus.WON_BACK, c.recoveryCase.status, "the engine closes on a decision outcome");
        assertTrue(c.planned().isEmpty(), "the pending check is cancelled with the close");
    }

    @Test
    void aBrokenConditionIsRepairedByTheManagerWithinThreeDays() {
        SimulatedCase c = monitoring();
        c.complete("monitor-conditions", "KEPT");
        c.complete("monitor-conditions", "BROKEN", "Two invoices wrong again");

        RecoveryStep repair = c.planned("repair-conditions");
        assertEquals(StepType.MEETING, repair.type);
        assertEquals("manager", repair.assignee);
        assertTrue(repair.escalateWhenOverdue);
        assertEquals(c.now.plus(Duration.ofDays(3)), repair.dueAt);

        c.complete("repair-conditions", "REPAIRED");
        c.complete("monitor-conditions", "KEPT");
        c.complete("monitor-conditions", "KEPT");
        c.planned("decide-after-monitoring");
        assertTrue(c.plannedNames().stream().noneMatch(n -> n.equals("monitor-conditions")),
                "three kept checks in all, the broken one between them: " + c.plannedNames());
    }

    @Test
    void aSecondChanceEndedAfterABreachClosesAsNever() {
        SimulatedCase c = monitoring();
        c.complete("monitor-conditions", "BROKEN");
        c.complete("repair-conditions", "LOST");

        assertEquals(CaseStatus.CLOSED_NEVER, c.recoveryCase.status);
    }

    @Test
    void aBreachAfterTwoRepairsGoesToTheOwnersDecision() {
        SimulatedCase c = monitoring();
        for (int i = 0; i < 2; i++) {
            c.complete("monitor-conditions", "BROKEN");
            c.complete("repair-conditions", "REPAIRED");
        }
        c.complete("monitor-conditions", "BROKEN", "Invoices wrong for the third time");

        assertEquals(List.of("check-condition", "decide-after-breaches"), c.plannedNames());
        assertTrue(c.planned("decide-after-breaches").instructions.contains("not repaired a third time"));
        c.complete("decide-after-breaches", "NEVER", "They ended it");
        assertEquals(CaseStatus.CLOSED_NEVER, c.recoveryCase.status);
    }

    @Test
    void aBrokenCheckOfAnAgreedConditionIsRepairedLikeABrokenMonitor() {
        SimulatedCase c = monitoring();
        RecoveryStep check = c.planned("check-condition");
        assertEquals(Instant.parse("2026-06-10T09:00:00Z"), check.dueAt, "on the condition's date");

        Reaction r = c.complete(check, "BROKEN", "Still no named account manager");

        assertEquals(List.of("repair-conditions"), r.next.stream().map(p -> p.name).collect(Collectors.toList()));
        assertEquals(List.of("monitor-conditions", "repair-conditions"), c.plannedNames());
        assertEquals(AgreementCondition.Status.BROKEN, c.recoveryCase.agreement.conditions.get(0).status);
        assertEquals("manager", c.planned("repair-conditions").assignee);

        c.complete("repair-conditions", "REPAIRED");
        assertEquals(List.of("monitor-conditions"), c.plannedNames(), "monitoring goes on: no second monitor");
    }

    @Test
    void aKeptCheckOfAnAgreedConditionChangesNothingInThePlan() {
        SimulatedCase c = monitoring();
        Reaction r = c.complete(c.planned("check-condition"), "KEPT", "Named account manager in place");

        assertTrue(r.next.isEmpty() && r.close == null);
        assertEquals(List.of("monitor-conditions"), c.plannedNames());
        assertEquals(AgreementCondition.Status.KEPT, c.recoveryCase.agreement.conditions.get(0).status);
        assertTrue(c.deadEnds().isEmpty());
    }

    @Test
    void aBrokenCheckWhileARepairIsPlannedAddsNoSecondRepair() {
        SimulatedCase c = monitoring();
        c.complete("monitor-conditions", "BROKEN");
        c.complete(c.planned("check-condition"), "BROKEN");
        assertEquals(List.of("repair-conditions"), c.plannedNames());
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
        // Every outcome of every step, the agreement's two checks in every order, whys and notes supplied.
        PlanContract.Report report = PlanContract.assertEveryPathEnds(this::hostile, PlanContract.walk()
                .eachState((state, path) -> {
                    List<String> planned = state.plannedNames();
                    for (String one : List.of("monitor-conditions", "repair-conditions")) {
                        assertTrue(planned.stream().filter(one::equals).count() <= 1, "one " + one + ": " + planned);
                    }
                    assertTrue(state.planned().stream().filter(s -> !s.closes.isEmpty()).count() <= 1,
                            "one decision at a time: " + planned);
                }));

        Set<CaseStatus> decided = Set.of(CaseStatus.WON_BACK, CaseStatus.HANDED_OVER, CaseStatus.CLOSED_NEVER);
        Map<String, Set<CaseStatus>> expected = new TreeMap<>(Map.of(
                "meet-decision-maker/NO_CONTACT_DEMANDED", Set.of(CaseStatus.CLOSED_NEVER),
                "meet-decision-maker-again/NO_CONTACT_DEMANDED", Set.of(CaseStatus.CLOSED_NEVER),
                "meet-decision-maker-again/NO_MEETING", Set.of(CaseStatus.CLOSED_NO_RESPONSE),
                "ask-for-another-chance/DECLINED", Set.of(CaseStatus.CLOSED_NEVER),
                "repair-conditions/LOST", Set.of(CaseStatus.CLOSED_NEVER)));
        expected.put("decide-after-monitoring/WON_BACK", Set.of(CaseStatus.WON_BACK));
        expected.put("decide-after-monitoring/HAND_OVER", Set.of(CaseStatus.HANDED_OVER));
        expected.put("decide-after-monitoring/NEVER", Set.of(CaseStatus.CLOSED_NEVER));
        expected.put("decide-after-breaches/WON_BACK", Set.of(CaseStatus.WON_BACK));
        expected.put("decide-after-breaches/HAND_OVER", Set.of(CaseStatus.HANDED_OVER));
        expected.put("decide-after-breaches/NEVER", Set.of(CaseStatus.CLOSED_NEVER));
        assertEquals(expected, report.closingChoices);
        assertEquals(Set.of("decide-after-breaches", "decide-after-monitoring"), report.decisionSteps);
        assertTrue(report.statuses().containsAll(decided), report.toString());
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
