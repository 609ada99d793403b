package dev.winback.itests;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertTrue;

import java.math.BigDecimal;
import java.util.List;

import org.junit.Test;
import org.junit.runner.RunWith;
import org.ops4j.pax.exam.junit.PaxExam;
import org.ops4j.pax.exam.spi.reactors.ExamReactorStrategy;
import org.ops4j.pax.exam.spi.reactors.PerClass;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * Issue 7, point 2: no plan ends in a dead end. Each of the five strategies the distribution boots is walked over
 * HTTP, by its owner (rep1) and, where a step is the manager's, by the manager, to each of its ends: every terminal
 * status it can reach and every decision step it plans, each decision decided at least once (WON_BACK with
 * evidence, HAND_OVER and NEVER with notes). After every completion the case is either closed with nothing planned
 * or open with something planned; a decision step is the owner's, due, and in the owner's worklist.
 *
 * <p>Paths that run into a notBefore in the future (fivestep's second evidence touch, nurture's next touch) cannot be
 * walked in real time: their refusal is asserted (409 with the earliest time) and the walk stops there. The example
 * strategy's paths are walked by ExampleStrategyHotSwapIT.
 */
@RunWith(PaxExam.class)
@ExamReactorStrategy(PerClass.class)
public class DeadEndsIT extends CaseWorkflowSupport {

    /** Completes the one PLANNED step named so, then checks the case is no dead end. */
    private JsonNode step(JsonNode c, String name, String outcome, User user) {
        JsonNode after = complete(c, name, outcome, name + ": " + outcome, user).recoveryCase();
        assertNoDeadEnd(after);
        return after;
    }

    private JsonNode step(JsonNode c, String name, String outcome) {
        return step(c, name, outcome, REP1);
    }

    private static void assertNoDeadEnd(JsonNode c) {
        String status = c.path("status").asText();
        if ("OPEN".equals(status)) {
            assertFalse("a dead end: open with nothing planned: " + c, plannedNames(c).isEmpty());
            for (JsonNode s : c.path("steps")) {
                if ("PLANNED".equals(s.path("status").asText())) {
                    assertTrue("a planned step without a due time: " + s, s.path("dueAt").isTextual());
                    assertFalse("a planned step nobody does: " + s, s.path("assignee").asText().isBlank());
                }
            }
        } else {
            assertTrue(c.toString(), c.path("closedAt").isTextual());
            assertEquals("a closed case with planned steps: " + c, List.of(), plannedNames(c));
        }
    }

    private JsonNode open(String lossKind, String reason, String strategy, String name) {
        JsonNode c = openCase(REP1, newCustomer(REP1, name), lossKind, reason, strategy);
        assertNoDeadEnd(c);
        return c;
    }

    /** The decision step is in the owner's worklist (paged through, sorted by due time). */
    private void assertInOwnersWorklist(JsonNode decision) {
        String id = id(decision);
        int page = 0;
        while (true) {
            JsonNode list = get("/api/v1/steps?assignee=me&status=PLANNED&size=200&page=" + page, REP1)
                    .assertStatus(200).json();
            for (JsonNode row : list.path("items")) {
                if (id.equals(id(row.path("step")))) {
                    assertFalse(row.toString(), row.path("customerName").asText().isBlank());
                    return;
                }
            }
            if ((page + 1) * 200 >= list.path("total").asInt()) {
                throw new AssertionError("decision step " + id + " is not in rep1's worklist");
            }
            page++;
        }
    }

    /** A WON_BACK decision a manager confirms: no purchase on record, managerConfirmed with a note. */
    private JsonNode decideWonBackConfirmed(JsonNode c) {
        JsonNode decision = assertDecisionStep(c);
        ObjectNode body = json().put("outcome", "WON_BACK").put("revenue", new BigDecimal("1500"))
                .put("currency", "EUR").put("managerConfirmed", true);
        assertEquals("notes", field(assertProblem(completeWith(id(c), id(decision), MANAGER, body), 422)));
        assertProblem(completeWith(id(c), id(decision), REP1, body.deepCopy().put("notes", "Trust me")), 403);
        JsonNode won = completeWith(id(c), id(decision), MANAGER, body.put("notes", "Signed order form seen"))
                .assertStatus(200).json();
        assertClosed(won, "WON_BACK", false);
        assertEquals("MANAGER_CONFIRMATION", won.path("evidence").path("kind").asText());
        assertEquals("manager", won.path("evidence").path("confirmedBy").asText());
        assertEquals("manager", won.path("closedBy").asText());
        return won;
    }

    // ------------------------------------------------------------------------------------------------------------
    // code99

    private JsonNode code99ToAsk(String approach, String name) {
        JsonNode c = open("HOSTILE", "relationship", "code99", name);
        c = step(c, "meet-decision-maker", "MET");
        c = step(recordWhy(c), "document-whys", "DOCUMENTED");
        c = step(c, "choose-approach", approach, MANAGER);
        switch (approach) {
            case "FUN_EVENT":
                return step(c, "appreciation-day", "DID_NOT_ATTEND");
            case "FUN_GIFT":
                return step(c, "send-gift", "DELIVERED");
            case "PROFESSIONAL_LETTER":
                return step(c, "peace-offering-letter", "SENT");
            default:
                return step(c, "peace-offering-card", "SENT");
        }
    }

    private JsonNode code99Agreed(String approach, String name) {
        JsonNode c = code99ToAsk(approach, name);
        c = step(recordAgreement(c), "ask-for-another-chance", "AGREED");
        assertPlannedSteps(c, "monitor-conditions", "check-condition", "check-condition");
        return c;
    }

    private JsonNode code99ThreeKeptChecks(JsonNode c) {
        for (int i = 0; i < 3; i++) {
            c = step(c, "monitor-conditions", "KEPT");
        }
        assertEquals(List.of(), stepsNamed(c, "monitor-conditions", "PLANNED"));
        JsonNode decision = assertDecisionStep(c);
        assertEquals("decide-after-monitoring", decision.path("name").asText());
        return c;
    }

    @Test
    public void code99RefusalsToMeetEndTheCase() {
        JsonNode c = open("HOSTILE", "relationship", "code99", "Never Meets Ltd");
        c = step(c, "meet-decision-maker", "NO_MEETING");
        c = step(c, "meeting-request-letter", "SENT");
        c = step(c, "meet-decision-maker-again", "NO_MEETING");
        assertClosed(c, "CLOSED_NO_RESPONSE", false);

        JsonNode lawyer = open("HOSTILE", "relationship", "code99", "Lawyer Letter Ltd");
        lawyer = step(lawyer, "meet-decision-maker", "NO_MEETING");
        lawyer = step(lawyer, "meeting-request-letter", "SENT");
        lawyer = step(lawyer, "meet-decision-maker-again", "NO_CONTACT_DEMANDED");
        assertClosed(lawyer, "CLOSED_NEVER", true);

        JsonNode atOnce = open("HOSTILE", "relationship", "code99", "Cease And Desist Ltd");
        atOnce = step(atOnce, "meet-decision-maker", "NO_CONTACT_DEMANDED");
        assertClosed(atOnce, "CLOSED_NEVER", true);
    }

    @Test
    public void code99DeclinedSecondChanceAndALostRepairCloseAsNever() {
        JsonNode declined = step(code99ToAsk("FUN_GIFT", "Declines Gift GmbH"), "ask-for-another-chance",
                "DECLINED");
        assertClosed(declined, "CLOSED_NEVER", false);

        JsonNode c = code99Agreed("FUN_EVENT", "Broke It Again GmbH");
        c = step(c, "monitor-conditions", "BROKEN");
        JsonNode repair = planned(c, "repair-conditions");
        assertEquals(repair.toString(), "manager", repair.path("assignee").asText());
        c = step(c, "repair-conditions", "LOST", MANAGER);
        assertClosed(c, "CLOSED_NEVER", false);
    }

    @Test
    public void code99MonitoringEndsInADecisionAfterThreeKeptChecks() {
        JsonNode won = code99ThreeKeptChecks(code99Agreed("PROFESSIONAL_LETTER", "Kept Faith plc"));
        assertInOwnersWorklist(assertDecisionStep(won));
        decideWonBack(won, REP1, "48000");

        JsonNode handed = code99ThreeKeptChecks(code99Agreed("PROFESSIONAL_CARD", "Back To Sales plc"));
        decide(handed, "HAND_OVER", REP1);
    }

    /** A BROKEN check of an agreed condition plans the repair meeting, as a broken monitor does; the third breach
     * after two repairs ends in the owner's decision. */
    @Test
    public void code99BrokenConditionChecksAreRepairedThenDecided() {
        JsonNode c = code99Agreed("PROFESSIONAL_CARD", "Conditions Broken AG");
        List<JsonNode> checks = stepsNamed(c, "check-condition", "PLANNED");
        assertEquals(2, checks.size());
        for (JsonNode check : checks) {
            assertEquals(check.toString(), List.of("KEPT", "BROKEN"), texts(check.path("allowedOutcomes")));
        }
        JsonNode first = completeWith(id(c), id(checks.get(0)), REP1, json().put("outcome", "BROKEN")
                .put("notes", "Our invoices were wrong again")).assertStatus(200).json();
        assertNoDeadEnd(first);
        for (JsonNode condition : first.path("agreement").path("conditions")) {
            boolean checked = id(checks.get(0)).equals(condition.path("checkStepId").asText());
            assertEquals(condition.toString(), checked ? "BROKEN" : "PENDING", condition.path("status").asText());
        }
        JsonNode repair = planned(first, "repair-conditions");
        assertEquals(repair.toString(), "manager", repair.path("assignee").asText());
        c = step(first, "repair-conditions", "REPAIRED", MANAGER);
        assertEquals("one monitor at a time", 1, stepsNamed(c, "monitor-conditions", "PLANNED").size());
        c = step(c, "monitor-conditions", "BROKEN");
        c = step(c, "repair-conditions", "REPAIRED", MANAGER);
        planned(c, "monitor-conditions");
        JsonNode second = completeWith(id(c), id(checks.get(1)), REP1, json().put("outcome", "BROKEN")
                .put("notes", "No trial order after all")).assertStatus(200).json();
        assertNoDeadEnd(second);
        JsonNode decision = assertDecisionStep(second);
        assertEquals("decide-after-breaches", decision.path("name").asText());
        decide(second, "NEVER", REP1);
    }

    // ------------------------------------------------------------------------------------------------------------
    // surprise24

    private JsonNode surprise24Invited(String name) {
        JsonNode c = open("LOST_DEAL", "competitor", null, name);
        assertEquals("surprise24", c.path("strategy").asText());
        c = step(c, "apologise", "APOLOGISED");
        c = step(c, "refer-elsewhere", "REFERRED");
        c = step(c, "confirm-need-met", "NEED_MET");
        JsonNode ask = planned(c, "ask-to-be-considered");
        // INVITED needs notes: the decision works from them
        assertEquals("notes", field(assertProblem(completeWith(id(c), id(ask), REP1, json().put("outcome",
                "INVITED")), 422)));
        c = step(c, "ask-to-be-considered", "INVITED");
        JsonNode decision = assertDecisionStep(c);
        assertEquals("decide-after-invitation", decision.path("name").asText());
        return c;
    }

    @Test
    public void surprise24InvitationEndsInTheOwnersDecision() {
        JsonNode won = surprise24Invited("Invited Us Back AG");
        assertInOwnersWorklist(assertDecisionStep(won));
        decideWonBack(won, REP1, "12000");
        decide(surprise24Invited("Tender Pipeline AG"), "HAND_OVER", REP1);
        decide(surprise24Invited("Came To Nothing AG"), "NEVER", MANAGER);
    }

    @Test
    public void surprise24TwoReferralsThenADeclinedAskClosesAsNever() {
        JsonNode c = open("LOST_DEAL", "price", null, "Helped Twice Oy");
        c = step(c, "apologise", "UNREACHABLE");
        c = step(c, "apology-note", "SENT");
        c = step(c, "refer-elsewhere", "NOT_NEEDED");
        c = step(c, "confirm-need-met", "NEED_NOT_MET");
        c = step(c, "refer-elsewhere", "REFERRED");
        c = step(c, "confirm-need-met", "NEED_NOT_MET");
        assertPlannedSteps(c, "ask-to-be-considered");
        c = step(c, "ask-to-be-considered", "DECLINED");
        assertClosed(c, "CLOSED_NEVER", false);
    }

    @Test
    public void surprise24UnreachableAtTheFollowUpClosesAsNoResponse() {
        JsonNode c = open("LOST_DEAL", "price", null, "Gone Dark Oy");
        c = step(c, "apologise", "APOLOGISED");
        c = step(c, "refer-elsewhere", "REFERRED");
        c = step(c, "confirm-need-met", "UNREACHABLE");
        assertClosed(c, "CLOSED_NO_RESPONSE", false);
    }

    // ------------------------------------------------------------------------------------------------------------
    // fivestep

    private JsonNode fivestepAsked(String name) {
        JsonNode c = open("LAPSED", "late-delivery", null, name);
        assertEquals("fivestep", c.path("strategy").asText());
        c = step(c, "fact-find", "FACTS_FOUND");
        c = step(c, "explain-changes", "EXPLAINED");
        return step(c, "send-evidence", "RESPONDED");
    }

    @Test
    public void fivestepUnreachableTwiceClosesAsNoResponse() {
        JsonNode c = open("LAPSED", "price", null, "Gone Quiet BV");
        c = step(c, "fact-find", "UNREACHABLE");
        c = step(c, "fact-find", "UNREACHABLE");
        assertClosed(c, "CLOSED_NO_RESPONSE", false);
    }

    @Test
    public void fivestepNeverAndCannotProvideClose() {
        JsonNode never = step(fivestepAsked("Never Again BV"), "what-would-it-take", "NEVER");
        assertClosed(never, "CLOSED_NEVER", false);
        JsonNode cannot = step(fivestepAsked("Impossible Needs BV"), "what-would-it-take", "CANNOT_PROVIDE");
        assertClosed(cannot, "CLOSED_CANNOT_PROVIDE", true);
    }

    @Test
    public void fivestepYouSaidWeDidEndsInTheOwnersDecision() {
        JsonNode c = step(fivestepAsked("Promise Kept BV"), "what-would-it-take", "CAN_DO");
        c = step(c, "deliver-commitment", "DELIVERED");
        JsonNode yswd = planned(c, "you-said-we-did");
        assertEquals(yswd.toString(), "manager", yswd.path("assignee").asText());
        assertFalse(yswd.toString(), yswd.path("contactsCustomer").asBoolean(true));
        c = step(c, "you-said-we-did", "RECORDED", MANAGER);
        assertEquals("decide-after-you-said-we-did", assertDecisionStep(c).path("name").asText());
        assertInOwnersWorklist(assertDecisionStep(c));
        decide(c, "HAND_OVER", REP1);

        JsonNode confirmed = step(fivestepAsked("Promise Kept Too BV"), "what-would-it-take", "CAN_DO");
        confirmed = step(confirmed, "deliver-commitment", "DELIVERED");
        confirmed = step(confirmed, "you-said-we-did", "RECORDED", MANAGER);
        decideWonBackConfirmed(confirmed);
    }

    @Test
    public void fivestepAPromiseThatSlipsAThirdTimeGoesToTheOwnersDecision() {
        JsonNode c = step(fivestepAsked("Always Late BV"), "what-would-it-take", "CAN_DO");
        c = step(c, "deliver-commitment", "DELAYED");
        c = step(c, "deliver-commitment", "DELAYED");
        c = step(c, "deliver-commitment", "DELAYED");
        assertEquals(List.of(), stepsNamed(c, "deliver-commitment", "PLANNED"));
        assertEquals("decide-after-delays", assertDecisionStep(c).path("name").asText());
        decide(c, "NEVER", REP1);
    }

    @Test
    public void fivestepSpacedEvidenceIsATimeWallNotADeadEnd() {
        JsonNode c = open("LAPSED", "late-delivery", null, "Slow Burn BV");
        c = step(c, "fact-find", "FACTS_FOUND");
        c = step(c, "explain-changes", "EXPLAINED");
        c = step(c, "send-evidence", "SENT");
        JsonNode next = planned(c, "send-evidence");
        assertTooEarly(c, next, REP1, "SENT");
        // the customer answering is never too early, and it moves the plan on to the ask
        c = step(c, "send-evidence", "RESPONDED");
        assertEquals(List.of("what-would-it-take"), plannedNames(c));
    }

    // ------------------------------------------------------------------------------------------------------------
    // pitstop

    private static final List<String> OWNER_QUESTIONS =
            List.of("clear-expectations", "followed-request", "responded-to-complaints");
    private static final List<String> MANAGER_QUESTIONS =
            List.of("feedback-system", "strengths-known", "internal-feedback", "rescue-system");

    /** A review is opened by naming it, as the strategy says ("name it when opening a case to review a loss"). */
    @Test
    public void reviewsAreOpenedByNamingThem() {
        JsonNode c = open("LAPSED", "other", "pitstop", "Named Review Ltd");
        assertEquals("pitstop", c.path("strategy").asText());
    }

    /** A review opened by a manager for rep1, walked to both its ends. */
    private JsonNode review(String lossKind, String reason, String name) {
        JsonNode c = post("/api/v1/cases", MANAGER, caseBody(newCustomer(REP1, name), lossKind, reason, "pitstop")
                .put("ownerRep", "rep1")).assertStatus(201).json();
        assertNoDeadEnd(c);
        return c;
    }

    @Test
    public void pitstopEndsReviewedWithOrWithoutFindings() {
        JsonNode clean = review("LAPSED", "other", "All Yes Ltd");
        for (String q : OWNER_QUESTIONS) {
            clean = step(clean, q, "YES");
        }
        for (String q : MANAGER_QUESTIONS) {
            clean = step(clean, q, "YES", MANAGER);
        }
        assertClosed(clean, "REVIEWED", false);

        JsonNode findings = review("COMPLAINT", "service-failure", "Some Findings Ltd");
        for (String q : OWNER_QUESTIONS) {
            findings = step(findings, q, "followed-request".equals(q) ? "NO" : "YES");
        }
        for (String q : MANAGER_QUESTIONS) {
            findings = step(findings, q, "rescue-system".equals(q) ? "PARTLY" : "YES", MANAGER);
        }
        JsonNode act = planned(findings, "act-on-findings");
        assertEquals(act.toString(), "manager", act.path("assignee").asText());
        findings = step(findings, "act-on-findings", "RECORDED", MANAGER);
        assertClosed(findings, "REVIEWED", false);
        assertProblem(post("/api/v1/cases/" + id(findings) + "/close", MANAGER, json().put("status", "CLOSED_NEVER")
                .put("notes", "x")), 409);
    }

    // ------------------------------------------------------------------------------------------------------------
    // nurture

    @Test
    public void nurtureStopRequestedEndsContactAtATouchOrAnAnswer() {
        JsonNode atTouch = open("LOST_DEAL", "price", "nurture", "Stop At Once BV");
        atTouch = step(atTouch, "share-useful-info", "STOP_REQUESTED");
        assertClosed(atTouch, "CLOSED_NEVER", true);

        JsonNode atAnswer = open("LAPSED", "price", "nurture", "Stop After Reply BV");
        atAnswer = step(atAnswer, "share-useful-info", "RESPONDED");
        atAnswer = step(atAnswer, "answer-response", "STOP_REQUESTED");
        assertClosed(atAnswer, "CLOSED_NEVER", true);
    }

    @Test
    public void nurtureWantsToBuyEndsInTheOwnersDecision() {
        JsonNode c = open("LAPSED", "price", "nurture", "Buying Again BV");
        c = step(c, "share-useful-info", "RESPONDED");
        c = step(c, "answer-response", "WANTS_TO_BUY");
        assertEquals("decide-after-interest", assertDecisionStep(c).path("name").asText());
        assertInOwnersWorklist(assertDecisionStep(c));
        decideWonBackConfirmed(c);

        JsonNode never = open("LOST_DEAL", "price", "nurture", "Just Curious BV");
        never = step(never, "share-useful-info", "RESPONDED");
        never = step(never, "answer-response", "WANTS_TO_BUY");
        decide(never, "NEVER", REP1);
    }

    @Test
    public void nurtureAnsweredLoopsBackToATouchThatWaitsForItsTime() {
        JsonNode c = open("LAPSED", "price", "nurture", "Pen Pals BV");
        c = step(c, "share-useful-info", "RESPONDED");
        c = step(c, "answer-response", "ANSWERED");
        JsonNode touch = planned(c, "share-useful-info");
        assertTooEarly(c, touch, REP1, "SENT");
    }
}
