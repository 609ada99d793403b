package dev.winback.itests;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertTrue;

import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import org.junit.Test;
import org.junit.runner.RunWith;
import org.ops4j.pax.exam.junit.PaxExam;
import org.ops4j.pax.exam.spi.reactors.ExamReactorStrategy;
import org.ops4j.pax.exam.spi.reactors.PerClass;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * Whole recovery cases through each of the five strategies the distribution boots, over HTTP, as rep1 (who owns the
 * customer and the case) and their manager work them: the strategy a case gets, the steps it plans (name, type,
 * allowed outcomes, due time, assignee, escalation), what each outcome plans next, the terminal states, and the
 * conflicts and bad input on the way. The plan tables below mirror the ones at the top of each strategy class.
 */
@RunWith(PaxExam.class)
@ExamReactorStrategy(PerClass.class)
public class StrategyWorkflowsIT extends CaseWorkflowSupport {

    private static Duration days(int n) {
        return Duration.ofDays(n);
    }

    // code99 (Code99Strategy.Step)
    private static final Plan MEET = plan("meet-decision-maker", "MEETING", days(7), false, true,
            "MET", "NO_MEETING", "NO_CONTACT_DEMANDED");
    private static final Plan MEETING_REQUEST_LETTER = plan("meeting-request-letter", "LETTER", days(3), false, false,
            "SENT");
    private static final Plan MEET_AGAIN = plan("meet-decision-maker-again", "MEETING", days(21), false, true,
            "MET", "NO_MEETING", "NO_CONTACT_DEMANDED");
    private static final Plan DOCUMENT_WHYS = plan("document-whys", "FOLLOW_UP", days(2), false, false, "DOCUMENTED");
    private static final Plan CHOOSE_APPROACH = plan("choose-approach", "FOLLOW_UP", days(3), true, false,
            "FUN_EVENT", "FUN_GIFT", "PROFESSIONAL_LETTER", "PROFESSIONAL_CARD");
    private static final Plan APPRECIATION_DAY = plan("appreciation-day", "EVENT", days(30), false, false,
            "ATTENDED", "DID_NOT_ATTEND");
    private static final Plan PEACE_OFFERING_LETTER = plan("peace-offering-letter", "LETTER", days(5), false, false,
            "SENT");
    private static final Plan ASK_FOR_ANOTHER_CHANCE = plan("ask-for-another-chance", "MEETING", days(14), false,
            true, "AGREED", "DECLINED");
    private static final Plan MONITOR_CONDITIONS = plan("monitor-conditions", "FOLLOW_UP", days(30), false, true,
            "KEPT", "BROKEN");
    private static final Plan REPAIR_CONDITIONS = plan("repair-conditions", "MEETING", days(3), true, true,
            "REPAIRED", "LOST");

    // surprise24 (Surprise24Strategy.Step)
    private static final Plan APOLOGISE = plan("apologise", "CALL", Duration.ofHours(24), false, true,
            "APOLOGISED", "UNREACHABLE");
    private static final Plan APOLOGY_NOTE = plan("apology-note", "LETTER", Duration.ofHours(24), false, true, "SENT");
    private static final Plan REFER_ELSEWHERE = plan("refer-elsewhere", "REFERRAL", days(2), false, false,
            "REFERRED", "NOT_NEEDED");
    private static final Plan CONFIRM_AFTER_REFERRAL = plan("confirm-need-met", "FOLLOW_UP", days(14), false, false,
            "NEED_MET", "NEED_NOT_MET", "UNREACHABLE");
    private static final Plan CONFIRM_AFTER_WINNER_DELIVERS = plan("confirm-need-met", "FOLLOW_UP", days(30), false,
            false, "NEED_MET", "NEED_NOT_MET", "UNREACHABLE");
    private static final Plan ASK_TO_BE_CONSIDERED = plan("ask-to-be-considered", "CALL", days(30), false, false,
            "INVITED", "DECLINED");

    // fivestep (FiveStepStrategy.Step, default configuration: 3 evidence touches 14 days apart)
    private static final Plan FACT_FIND = plan("fact-find", "MEETING", days(7), false, false,
            "FACTS_FOUND", "UNREACHABLE");
    private static final Plan FACT_FIND_RETRY = plan("fact-find", "MEETING", days(14), false, false,
            "FACTS_FOUND", "UNREACHABLE");
    private static final Plan EXPLAIN_CHANGES = plan("explain-changes", "CALL", days(7), false, false, "EXPLAINED");
    private static final Plan SEND_EVIDENCE = plan("send-evidence", "EVIDENCE", days(14), false, false,
            "SENT", "RESPONDED");
    private static final Plan WHAT_WOULD_IT_TAKE_AFTER_RESPONSE = plan("what-would-it-take", "MEETING", days(3),
            false, false, "NEVER", "CAN_DO", "CANNOT_PROVIDE");
    private static final Plan DELIVER_COMMITMENT = plan("deliver-commitment", "FOLLOW_UP", days(30), false, true,
            "DELIVERED", "DELAYED");
    private static final Plan DELIVER_COMMITMENT_RECHECK = plan("deliver-commitment", "FOLLOW_UP", days(14), false,
            true, "DELIVERED", "DELAYED");
    private static final Plan YOU_SAID_WE_DID = plan("you-said-we-did", "FOLLOW_UP", days(14), true, false,
            "RECORDED");

    // pitstop (PitStopStrategy.Question: three for the owner, four for the manager)
    private static final List<String> OWNER_QUESTIONS =
            List.of("clear-expectations", "followed-request", "responded-to-complaints");
    private static final List<String> MANAGER_QUESTIONS =
            List.of("feedback-system", "strengths-known", "internal-feedback", "rescue-system");
    private static final Plan ACT_ON_FINDINGS = plan("act-on-findings", "FOLLOW_UP", days(14), true, false,
            "RECORDED");

    // nurture (NurtureStrategy, default configuration: at most 2 touches in 30 days, 14 days apart, every 3rd an
    // invitation)
    private static final List<String> TOUCH_OUTCOMES = List.of("SENT", "RESPONDED", "STOP_REQUESTED");
    private static final Plan ANSWER_RESPONSE = plan("answer-response", "FOLLOW_UP", days(2), false, false,
            "ANSWERED", "WANTS_TO_BUY", "STOP_REQUESTED");

    private static Plan touch(String name, String type, Duration dueIn) {
        return new Plan(name, type, dueIn, false, false, TOUCH_OUTCOMES);
    }

    // ------------------------------------------------------------------------------------------------------------

    @Test
    public void theFiveStrategiesAreListedWithTitles() {
        Map<String, JsonNode> byName = new HashMap<>();
        get("/api/v1/strategies", REP1).assertStatus(200).json().forEach(s -> byName.put(s.path("name").asText(), s));
        Map<String, String> titles = Map.of("code99", "Code 99", "surprise24", "24-hour SURPRISE",
                "fivestep", "Five-step recovery", "pitstop", "Pit stop review", "nurture", "Nurture (the long game)");
        assertTrue(byName.keySet().toString(), byName.keySet().containsAll(titles.keySet()));
        titles.forEach((name, title) -> {
            JsonNode s = byName.get(name);
            assertEquals(s.toString(), title, s.path("title").asText());
            assertFalse(s.toString(), s.path("summary").asText().isBlank());
        });
        assertEquals(List.of("HOSTILE"), texts(byName.get("code99").path("lossKinds")));
        assertEquals(List.of("LOST_DEAL"), texts(byName.get("surprise24").path("lossKinds")));
        assertEquals(List.of("LAPSED", "COMPLAINT"), texts(byName.get("fivestep").path("lossKinds")));
        assertEquals(List.of("LAPSED", "LOST_DEAL"), texts(byName.get("nurture").path("lossKinds")));
        assertProblem(get("/api/v1/strategies"), 401);
    }

    @Test
    public void theEngineChoosesTheStrategyByLossKind() {
        // one customer per case: a customer has one running case at a time
        assertEquals("code99", openCase(REP1, newCustomer(REP1, "Kinds 1 Ltd"), "HOSTILE", "relationship", null)
                .path("strategy").asText());
        assertEquals("surprise24", openCase(REP1, newCustomer(REP1, "Kinds 2 Ltd"), "LOST_DEAL", "competitor", null)
                .path("strategy").asText());
        assertEquals("fivestep", openCase(REP1, newCustomer(REP1, "Kinds 3 Ltd"), "LAPSED", "late-delivery", null)
                .path("strategy").asText());
        JsonNode complaint = openCase(REP1, newCustomer(REP1, "Kinds 4 Ltd"), "COMPLAINT", "wrong-billing", null);
        assertEquals("fivestep", complaint.path("strategy").asText());
        assertPlannedSteps(complaint, FACT_FIND.name());

        // a name beats the rule; a name that is not installed is refused and opens nothing
        String customer = newCustomer(REP1, "Kinds 5 Ltd");
        assertEquals("strategy", field(assertProblem(post("/api/v1/cases", REP1,
                caseBody(customer, "LAPSED", "price", "no-such-strategy")), 422)));
        assertEquals(0, get("/api/v1/cases?customerId=" + customer, REP1).json().path("total").asInt());
        assertEquals("nurture", openCase(REP1, customer, "LAPSED", "price", "nurture").path("strategy").asText());
        assertEquals(1, get("/api/v1/cases?customerId=" + customer, REP1).json().path("total").asInt());
    }

    // ------------------------------------------------------------------------------------------------------------
    // code99

    /** No meeting at first, a letter, then the meeting; the fun way (appreciation day); conditions kept and broken. */
    @Test
    public void code99FunApproachThroughAgreementAndMonitoringToWonBack() {
        String customer = newCustomer(REP1, "Curbside Machines GmbH");
        Instant before = Instant.now();
        JsonNode c = openCase(REP1, customer, "HOSTILE", "relationship", null);
        assertEquals("code99", c.path("strategy").asText());
        assertEquals("rep1", c.path("ownerRep").asText());
        assertPlannedSteps(c, MEET.name());
        assertPlanned(c, MEET, instant(c.path("createdAt")));
        assertTrue(!instant(c.path("createdAt")).isBefore(before.minus(DUE_TOLERANCE)));

        // an outcome of another step is a 400 that names the field and lists the allowed ones
        JsonNode bad = assertProblem(tryComplete(id(c), id(planned(c, MEET.name())), REP1, "AGREED"), 400);
        assertEquals("outcome", field(bad));
        assertTrue(bad.toString(), bad.path("detail").asText().contains("NO_CONTACT_DEMANDED"));
        assertEquals("nothing changed", c, getCase(id(c), REP1));
        // rep2 does not work rep1's cases, nor learns they exist
        assertProblem(tryComplete(id(c), id(planned(c, MEET.name())), REP2, "MET"), 404);

        Done d = complete(c, MEET.name(), "NO_MEETING", "Their assistant said he will not see us", REP1);
        assertPlannedSteps(d.recoveryCase(), MEETING_REQUEST_LETTER.name());
        assertPlanned(d.recoveryCase(), MEETING_REQUEST_LETTER, d.at());
        // the same step again: 409
        assertProblem(tryComplete(id(c), id(d.step()), REP1, "MET"), 409);

        d = complete(d.recoveryCase(), MEETING_REQUEST_LETTER.name(), "SENT", "Signed by our sales director", REP1);
        assertPlanned(d.recoveryCase(), MEET_AGAIN, d.at());
        d = complete(d.recoveryCase(), MEET_AGAIN.name(), "MET", "Met the CEO; listened for an hour, no pitch", REP1);
        assertPlannedSteps(d.recoveryCase(), DOCUMENT_WHYS.name());
        assertPlanned(d.recoveryCase(), DOCUMENT_WHYS, d.at());
        d = complete(recordWhy(d.recoveryCase()), DOCUMENT_WHYS.name(), "DOCUMENTED", "Three whys recorded", REP1);
        assertPlannedSteps(d.recoveryCase(), CHOOSE_APPROACH.name());
        assertPlanned(d.recoveryCase(), CHOOSE_APPROACH, d.at());

        // the owner's manager chooses the approach
        d = complete(d.recoveryCase(), CHOOSE_APPROACH.name(), "FUN_EVENT", "They like a party", MANAGER);
        assertPlannedSteps(d.recoveryCase(), APPRECIATION_DAY.name());
        assertPlanned(d.recoveryCase(), APPRECIATION_DAY, d.at());
        d = complete(d.recoveryCase(), APPRECIATION_DAY.name(), "ATTENDED", "Came with two colleagues", REP1);
        assertPlanned(d.recoveryCase(), ASK_FOR_ANOTHER_CHANCE, d.at());
        // AGREED needs the written agreement on the case; it plans a check of each condition on its date
        JsonNode agreed = recordAgreement(d.recoveryCase());
        d = complete(agreed, ASK_FOR_ANOTHER_CHANCE.name(), "AGREED",
                "Quarterly service review, 4 h response time; they give us the spare-parts order", REP1);
        assertPlannedSteps(d.recoveryCase(), MONITOR_CONDITIONS.name(), "check-condition", "check-condition");
        assertPlanned(d.recoveryCase(), MONITOR_CONDITIONS, d.at());

        d = complete(d.recoveryCase(), MONITOR_CONDITIONS.name(), "KEPT", "Both sides on track", REP1);
        assertPlanned(d.recoveryCase(), MONITOR_CONDITIONS, d.at());
        d = complete(d.recoveryCase(), MONITOR_CONDITIONS.name(), "BROKEN", "Our response took 9 h", REP1);
        assertPlannedSteps(d.recoveryCase(), REPAIR_CONDITIONS.name(), "check-condition", "check-condition");
        assertPlanned(d.recoveryCase(), REPAIR_CONDITIONS, d.at());
        d = complete(d.recoveryCase(), REPAIR_CONDITIONS.name(), "REPAIRED", "Named engineer on call", MANAGER);
        assertPlanned(d.recoveryCase(), MONITOR_CONDITIONS, d.at());
        d = complete(d.recoveryCase(), MONITOR_CONDITIONS.name(), "KEPT", "Held", REP1);
        assertPlanned(d.recoveryCase(), MONITOR_CONDITIONS, d.at());
        // the third kept check ends the monitoring: the owner decides, with a due date
        d = complete(d.recoveryCase(), MONITOR_CONDITIONS.name(), "KEPT", "Held for three months", REP1);
        assertEquals(List.of(), stepsNamed(d.recoveryCase(), MONITOR_CONDITIONS.name(), "PLANNED"));
        assertDecisionStep(d.recoveryCase());
        assertEquals(3, stepsNamed(d.recoveryCase(), MONITOR_CONDITIONS.name(), "DONE").stream()
                .filter(s -> "KEPT".equals(s.path("outcome").path("code").asText())).count());

        JsonNode won = closeWonBack(d.recoveryCase(), REP1, "48000");
        assertFalse(won.path("noFurtherContact").asBoolean());
        assertProblem(post("/api/v1/cases/" + id(c) + "/close", REP1, json().put("status", "WON_BACK")
                .put("revenue", 1)), 409);
        assertProblem(post("/api/v1/cases/" + id(c) + "/close", MANAGER, json().put("status", "CLOSED_NEVER")), 409);
        assertEquals(won, getCase(id(c), MANAGER));
    }

    /** The meeting at once, the professional way (a letter); closed as won while the first check is still planned. */
    @Test
    public void code99ProfessionalApproachToAgreementAndAMonitoringStep() {
        String customer = newCustomer(REP1, "Litigious plc");
        JsonNode c = openCase(REP1, customer, "HOSTILE", "service-failure", null);
        assertEquals("code99", c.path("strategy").asText());
        Done d = complete(c, MEET.name(), "MET", "Met the COO with my manager", REP1);
        d = complete(recordWhy(d.recoveryCase()), DOCUMENT_WHYS.name(), "DOCUMENTED", "Two whys", REP1);
        d = complete(d.recoveryCase(), CHOOSE_APPROACH.name(), "PROFESSIONAL_LETTER", "They sued: stay formal", MANAGER);
        assertPlannedSteps(d.recoveryCase(), PEACE_OFFERING_LETTER.name());
        assertPlanned(d.recoveryCase(), PEACE_OFFERING_LETTER, d.at());
        d = complete(d.recoveryCase(), PEACE_OFFERING_LETTER.name(), "SENT", "Letter from our MD", REP1);
        assertPlanned(d.recoveryCase(), ASK_FOR_ANOTHER_CHANCE, d.at());
        d = complete(recordAgreement(d.recoveryCase()), ASK_FOR_ANOTHER_CHANCE.name(), "AGREED",
                "Signed conditions on file", REP1);
        JsonNode monitor = assertPlanned(d.recoveryCase(), MONITOR_CONDITIONS, d.at());

        // closing settles the plan: the planned check does not stay PLANNED on a closed case
        JsonNode won = closeWonBack(d.recoveryCase(), MANAGER, "12500.50");
        assertEquals(won.toString(), "CANCELLED", stepById(won, id(monitor)).path("status").asText());
        assertProblem(tryComplete(id(c), id(monitor), REP1, "KEPT"), 409);
    }

    @Test
    public void code99NoContactDemandedClosesForGood() {
        JsonNode c = openCase(REP1, newCustomer(REP1, "Lawyered Up Inc"), "HOSTILE", "relationship", null);
        Done d = complete(c, MEET.name(), "NO_CONTACT_DEMANDED", "Letter from their lawyer", REP1);
        assertClosed(d.recoveryCase(), "CLOSED_NEVER", true);
        assertProblem(tryComplete(id(c), id(d.step()), REP1, "MET"), 409);
        // ... and the customer carries the block, set by this case
        JsonNode block = customer(c.path("customerId").asText(), REP1).path("contactBlocked");
        assertEquals(block.toString(), id(c), block.path("caseId").asText());
        assertEquals(block.toString(), "rep1", block.path("setBy").asText());
    }

    // ------------------------------------------------------------------------------------------------------------
    // surprise24

    @Test
    public void surprise24ApologiseReferElsewhereConfirmNeedMetAndWinBack() {
        String customer = newCustomer(REP1, "Tender Lost AG");
        JsonNode c = openCase(REP1, customer, "LOST_DEAL", "competitor", null);
        assertEquals("surprise24", c.path("strategy").asText());
        assertPlannedSteps(c, APOLOGISE.name());
        JsonNode apologise = assertPlanned(c, APOLOGISE, instant(c.path("createdAt")));
        // the 24-hour SLA (checked by assertPlanned), escalated to the manager when missed
        assertTrue(apologise.path("escalateWhenOverdue").asBoolean());
        assertTrue(apologise.path("overdueSince").isNull() || apologise.path("overdueSince").isMissingNode());

        assertEquals("outcome", field(assertProblem(tryComplete(id(c), id(apologise), REP1, "REFERRED"), 400)));
        Done d = complete(c, APOLOGISE.name(), "APOLOGISED", "Called their buyer the same afternoon", REP1);
        assertPlannedSteps(d.recoveryCase(), REFER_ELSEWHERE.name());
        assertPlanned(d.recoveryCase(), REFER_ELSEWHERE, d.at());
        assertProblem(tryComplete(id(c), id(apologise), REP1, "APOLOGISED"), 409);

        String referral = "Referred them to Nordfracht (Jana Weber, +49 40 1234) on 24 Nov for the cold-chain lots";
        d = complete(d.recoveryCase(), REFER_ELSEWHERE.name(), "REFERRED", referral, REP1);
        assertPlannedSteps(d.recoveryCase(), CONFIRM_AFTER_REFERRAL.name());
        assertPlanned(d.recoveryCase(), CONFIRM_AFTER_REFERRAL, d.at());
        assertEquals(referral, stepsNamed(getCase(id(c), MANAGER), REFER_ELSEWHERE.name(), "DONE").get(0)
                .path("outcome").path("notes").asText());

        d = complete(d.recoveryCase(), CONFIRM_AFTER_REFERRAL.name(), "NEED_MET", "Nordfracht delivers", REP1);
        assertPlannedSteps(d.recoveryCase(), ASK_TO_BE_CONSIDERED.name());
        assertPlanned(d.recoveryCase(), ASK_TO_BE_CONSIDERED, d.at());
        d = complete(d.recoveryCase(), ASK_TO_BE_CONSIDERED.name(), "INVITED", "Invited to the March tender", REP1);
        // the invitation is no dead end: the owner decides, and the decision is due
        assertDecisionStep(d.recoveryCase());

        // bad closings are 400s that name the field, and write nothing
        assertEquals("revenue", field(assertProblem(post("/api/v1/cases/" + id(c) + "/close", REP1,
                json().put("status", "WON_BACK")), 400)));
        assertEquals("revenue", field(assertProblem(post("/api/v1/cases/" + id(c) + "/close", REP1,
                json().put("status", "CLOSED_NEVER").put("revenue", 10)), 400)));
        assertEquals("status", field(assertProblem(post("/api/v1/cases/" + id(c) + "/close", REP1,
                json().put("status", "OPEN")), 400)));
        assertProblem(post("/api/v1/cases/" + id(c) + "/close", REP2, json().put("status", "WON_BACK")
                .put("revenue", 1)), 404);
        assertEquals("OPEN", getCase(id(c), REP1).path("status").asText());

        closeWonBack(d.recoveryCase(), REP1, "48000.50");
        assertProblem(post("/api/v1/cases/" + id(c) + "/close", REP1, json().put("status", "WON_BACK")
                .put("revenue", 48000)), 409);
        assertEquals(1, get("/api/v1/cases?status=WON_BACK&customerId=" + customer, REP1).json().path("total").asInt());
    }

    @Test
    public void surprise24UnreachableGetsANoteAndADeclinedAskClosesTheCase() {
        JsonNode c = openCase(REP1, newCustomer(REP1, "Silent Buyer Oy"), "LOST_DEAL", "price", null);
        Done d = complete(c, APOLOGISE.name(), "UNREACHABLE", "Voicemail twice", REP1);
        assertPlannedSteps(d.recoveryCase(), APOLOGY_NOTE.name());
        assertPlanned(d.recoveryCase(), APOLOGY_NOTE, d.at());
        d = complete(d.recoveryCase(), APOLOGY_NOTE.name(), "SENT", "Handwritten note", REP1);
        assertPlanned(d.recoveryCase(), REFER_ELSEWHERE, d.at());
        d = complete(d.recoveryCase(), REFER_ELSEWHERE.name(), "NOT_NEEDED", "The winner covers everything", REP1);
        assertPlanned(d.recoveryCase(), CONFIRM_AFTER_WINNER_DELIVERS, d.at());
        d = complete(d.recoveryCase(), CONFIRM_AFTER_WINNER_DELIVERS.name(), "NEED_MET", "All fine", REP1);
        assertPlanned(d.recoveryCase(), ASK_TO_BE_CONSIDERED, d.at());
        d = complete(d.recoveryCase(), ASK_TO_BE_CONSIDERED.name(), "DECLINED", "Three-year contract signed", REP1);
        assertClosed(d.recoveryCase(), "CLOSED_NEVER", false);
        assertProblem(post("/api/v1/cases/" + id(c) + "/close", REP1, json().put("status", "WON_BACK")
                .put("revenue", 1)), 409);
    }

    /**
     * The 24 hours run from losing the deal when the loss is dated. A deal lost longer ago than that still gets its
     * apology, due 24 hours after the case opened, and the step records that the window was missed (SLA).
     */
    @Test
    public void surprise24ApologyIsDue24HoursAfterTheLoss() {
        String customer = newCustomer(REP1, "Dated Loss Ltd");
        Instant lostRecently = Instant.now().minus(Duration.ofHours(2)).truncatedTo(java.time.temporal.ChronoUnit.SECONDS);
        JsonNode recent = post("/api/v1/cases", REP1, caseBody(customer, "LOST_DEAL", "competitor", null)
                .put("lostAt", lostRecently.toString())).assertStatus(201).json();
        assertEquals("surprise24", recent.path("strategy").asText());
        JsonNode onTime = planned(recent, APOLOGISE.name());
        assertEquals(lostRecently.plus(Duration.ofHours(24)), instant(onTime.path("dueAt")));
        assertTrue(onTime.toString(), onTime.path("slaMissed").isNull() || onTime.path("slaMissed").isMissingNode());

        String other = newCustomer(REP1, "Long Lost Ltd");
        Instant lostLongAgo = Instant.now().minus(Duration.ofDays(3)).truncatedTo(java.time.temporal.ChronoUnit.SECONDS);
        JsonNode late = post("/api/v1/cases", REP1, caseBody(other, "LOST_DEAL", "competitor", null)
                .put("lostAt", lostLongAgo.toString())).assertStatus(201).json();
        assertEquals(lostLongAgo.toString(), late.path("lostAt").asText());
        JsonNode apology = planned(late, APOLOGISE.name());
        assertDue("a late apology", apology, instant(late.path("createdAt")).plus(Duration.ofHours(24)));
        assertTrue("the missed window is recorded: " + apology, apology.path("slaMissed").isTextual()
                && !apology.path("slaMissed").asText().isBlank());
        assertEquals(0, get("/api/v1/cases?overdue=true&customerId=" + other, REP1).assertStatus(200).json()
                .path("total").asInt());

        // late is better than never: the apology is taken, and the plan goes on from then
        Done d = complete(late, APOLOGISE.name(), "APOLOGISED", "Apologised, three days late", REP1);
        assertPlanned(d.recoveryCase(), REFER_ELSEWHERE, d.at());
        assertEquals(apology.path("slaMissed"), stepById(d.recoveryCase(), id(apology)).path("slaMissed"));

        // a loss dated in the future is a mistake: 400, nothing opened
        String third = newCustomer(REP1, "Time Travel Ltd");
        assertEquals("lostAt", field(assertProblem(post("/api/v1/cases", REP1, caseBody(third, "LOST_DEAL",
                "competitor", null).put("lostAt", Instant.now().plus(Duration.ofDays(2)).toString())), 400)));
        assertEquals(0, get("/api/v1/cases?customerId=" + third, REP1).json().path("total").asInt());
    }

    // ------------------------------------------------------------------------------------------------------------
    // fivestep: steps 1 to 3, then each answer to step 4 ("what would it take?")

    /** Fact-find, explain, and either all evidence touches or a response to the first; returns the asked case. */
    private Done fivestepToWhatWouldItTake(JsonNode c, boolean respondToFirstEvidence) {
        assertEquals("fivestep", c.path("strategy").asText());
        assertPlannedSteps(c, FACT_FIND.name());
        Done d = complete(c, FACT_FIND.name(), "FACTS_FOUND", "Three late deliveries in a row; nobody called", REP1);
        assertPlannedSteps(d.recoveryCase(), EXPLAIN_CHANGES.name());
        assertPlanned(d.recoveryCase(), EXPLAIN_CHANGES, d.at());
        d = complete(d.recoveryCase(), EXPLAIN_CHANGES.name(), "EXPLAINED", "Told them about the new carrier", REP1);
        assertPlannedSteps(d.recoveryCase(), SEND_EVIDENCE.name());
        assertPlanned(d.recoveryCase(), SEND_EVIDENCE, d.at());
        if (respondToFirstEvidence) {
            d = complete(d.recoveryCase(), SEND_EVIDENCE.name(), "RESPONDED", "They called back about the figures",
                    REP1);
            assertPlannedSteps(d.recoveryCase(), WHAT_WOULD_IT_TAKE_AFTER_RESPONSE.name());
            assertPlanned(d.recoveryCase(), WHAT_WOULD_IT_TAKE_AFTER_RESPONSE, d.at());
            return d;
        }
        // the touches are spaced: the second may not be sent before its notBefore, 14 days after the first
        d = complete(d.recoveryCase(), SEND_EVIDENCE.name(), "SENT", "Evidence 1", REP1);
        assertPlannedSteps(d.recoveryCase(), SEND_EVIDENCE.name());
        JsonNode second = planned(d.recoveryCase(), SEND_EVIDENCE.name());
        assertDue("notBefore of the second evidence touch", json().put("dueAt", second.path("notBefore").asText())
                .put("name", "notBefore"), d.at().plus(SEND_EVIDENCE.dueIn()));
        assertTooEarly(d.recoveryCase(), second, REP1, "SENT");
        // an answer from the customer is never too early: the ask follows without waiting for our spacing
        d = complete(d.recoveryCase(), SEND_EVIDENCE.name(), "RESPONDED", "They wrote back about the figures", REP1);
        assertPlannedSteps(d.recoveryCase(), WHAT_WOULD_IT_TAKE_AFTER_RESPONSE.name());
        return null;
    }

    @Test
    public void fivestepEvidenceTouchesAreSpacedByNotBefore() {
        JsonNode c = openCase(REP1, newCustomer(REP1, "Patient Evidence Ltd"), "LAPSED", "late-delivery", null);
        assertEquals(null, fivestepToWhatWouldItTake(c, false));
    }

    @Test
    public void fivestepNeverClosesTheCase() {
        JsonNode c = openCase(REP1, newCustomer(REP1, "Drifted Away Ltd"), "LAPSED", "late-delivery", null);
        assertPlanned(c, FACT_FIND, instant(c.path("createdAt")));
        Done d = fivestepToWhatWouldItTake(c, true);
        // NEVER needs notes: what caused it
        JsonNode ask = planned(d.recoveryCase(), "what-would-it-take");
        assertEquals("notes", field(assertProblem(completeWith(id(c), id(ask), REP1, json().put("outcome", "NEVER")),
                422)));
        d = complete(d.recoveryCase(), "what-would-it-take", "NEVER", "Moved to a group-wide supplier contract", REP1);
        assertClosed(d.recoveryCase(), "CLOSED_NEVER", false);
        assertEquals(d.recoveryCase(), getCase(id(c), MANAGER));
        assertProblem(tryComplete(id(c), id(d.step()), REP1, "CAN_DO"), 409);
    }

    @Test
    public void fivestepCanDoBecomesACommitmentThenYouSaidWeDid() {
        String customer = newCustomer(REP1, "Comeback Foods");
        JsonNode c = openCase(REP1, customer, "LAPSED", "late-delivery", null);
        assertPlanned(c, FACT_FIND, instant(c.path("createdAt")));
        Done d = fivestepToWhatWouldItTake(c, true);
        String promise = "A named account manager and next-day delivery from 1 March";
        d = complete(d.recoveryCase(), "what-would-it-take", "CAN_DO", promise, REP1);
        assertEquals("OPEN", d.recoveryCase().path("status").asText());
        assertPlannedSteps(d.recoveryCase(), DELIVER_COMMITMENT.name());
        JsonNode commitment = assertPlanned(d.recoveryCase(), DELIVER_COMMITMENT, d.at());
        assertTrue(commitment.toString(), commitment.path("instructions").asText().contains(promise));

        d = complete(d.recoveryCase(), DELIVER_COMMITMENT.name(), "DELAYED", "Carrier starts a week late", REP1);
        commitment = assertPlanned(d.recoveryCase(), DELIVER_COMMITMENT_RECHECK, d.at());
        assertTrue("the promise stays in view: " + commitment, commitment.path("instructions").asText()
                .contains(promise));
        d = complete(d.recoveryCase(), DELIVER_COMMITMENT.name(), "DELIVERED", "Running since 8 March", REP1);
        assertPlannedSteps(d.recoveryCase(), YOU_SAID_WE_DID.name());
        assertPlanned(d.recoveryCase(), YOU_SAID_WE_DID, d.at());
        d = complete(d.recoveryCase(), YOU_SAID_WE_DID.name(), "RECORDED", "Late deliveries: new carrier", MANAGER);
        // You-Said-We-Did is no dead end: the owner decides
        assertDecisionStep(d.recoveryCase());

        closeWonBack(d.recoveryCase(), REP1, "23000");
        assertProblem(post("/api/v1/cases/" + id(c) + "/close", REP1, json().put("status", "WON_BACK")
                .put("revenue", 23000)), 409);
    }

    @Test
    public void fivestepCannotProvideClosesWithNoFurtherContact() {
        JsonNode c = openCase(REP1, newCustomer(REP1, "Out Of Reach SA"), "LAPSED", "price", null);
        // unreachable once: one more try a fortnight later
        Done d = complete(c, FACT_FIND.name(), "UNREACHABLE", "No answer to calls or mail", REP1);
        assertPlannedSteps(d.recoveryCase(), FACT_FIND.name());
        assertPlanned(d.recoveryCase(), FACT_FIND_RETRY, d.at());
        d = fivestepToWhatWouldItTake(d.recoveryCase(), true);
        d = complete(d.recoveryCase(), "what-would-it-take", "CANNOT_PROVIDE",
                "They need on-site staff in 40 countries; we have 3. Told them honestly.", REP1);
        JsonNode closed = d.recoveryCase();
        assertClosed(closed, "CLOSED_CANNOT_PROVIDE", true);
        assertEquals(closed, getCase(id(c), REP1));

        // every later attempt to work the case is a conflict, for any step and anyone
        for (JsonNode s : closed.path("steps")) {
            for (String outcome : texts(s.path("allowedOutcomes"))) {
                JsonNode problem = assertProblem(tryComplete(id(c), id(s), REP1, outcome), 409);
                assertTrue(problem.toString(), problem.path("detail").asText().length() > 0);
            }
        }
        assertProblem(tryComplete(id(c), id(d.step()), MANAGER, "CAN_DO"), 409);
        assertProblem(post("/api/v1/cases/" + id(c) + "/close", MANAGER, json().put("status", "WON_BACK")
                .put("revenue", 1)), 409);
        assertEquals("nothing changed", closed, getCase(id(c), REP1));
    }

    // ------------------------------------------------------------------------------------------------------------
    // pitstop

    @Test
    public void pitstopSevenAnswersThenActOnFindings() {
        JsonNode c = openCase(REP1, newCustomer(REP1, "Reviewed Co"), "LOST_DEAL", "service-failure", "pitstop");
        assertEquals("pitstop", c.path("strategy").asText());
        List<String> all = new java.util.ArrayList<>(OWNER_QUESTIONS);
        all.addAll(MANAGER_QUESTIONS);
        assertPlannedSteps(c, all.toArray(new String[0]));
        Instant opened = instant(c.path("createdAt"));
        for (String q : OWNER_QUESTIONS) {
            assertPlanned(c, plan(q, "SURVEY", days(7), false, false, "YES", "NO", "PARTLY"), opened);
        }
        for (String q : MANAGER_QUESTIONS) {
            assertPlanned(c, plan(q, "SURVEY", days(7), true, false, "YES", "NO", "PARTLY"), opened);
        }

        Map<String, String> answers = new java.util.LinkedHashMap<>();
        answers.put("clear-expectations", "YES");
        answers.put("followed-request", "NO");
        answers.put("responded-to-complaints", "YES");
        answers.put("feedback-system", "PARTLY");
        answers.put("strengths-known", "YES");
        answers.put("internal-feedback", "YES");
        answers.put("rescue-system", "NO");
        List<String> open = new java.util.ArrayList<>(all);
        Done d = null;
        JsonNode current = c;
        for (Map.Entry<String, String> a : answers.entrySet()) {
            User by = OWNER_QUESTIONS.contains(a.getKey()) ? REP1 : MANAGER;
            d = complete(current, a.getKey(), a.getValue(), "Detail on " + a.getKey(), by);
            current = d.recoveryCase();
            open.remove(a.getKey());
            if (!open.isEmpty()) {
                assertPlannedSteps(current, open.toArray(new String[0]));
                assertEquals(7, current.path("steps").size());
            }
            assertEquals("OPEN", current.path("status").asText());
        }
        assertPlannedSteps(current, ACT_ON_FINDINGS.name());
        JsonNode act = assertPlanned(current, ACT_ON_FINDINGS, d.at());
        String instructions = act.path("instructions").asText();
        for (String finding : List.of("followed-request: NO", "feedback-system: PARTLY", "rescue-system: NO")) {
            assertTrue(instructions, instructions.contains(finding));
        }
        assertFalse(instructions, instructions.contains("clear-expectations"));

        d = complete(current, ACT_ON_FINDINGS.name(), "RECORDED", "Two improvements raised", MANAGER);
        // a finished review ends in its own status, which says nothing about the customer coming back
        assertClosed(d.recoveryCase(), "REVIEWED", false);
        assertTrue(d.recoveryCase().toString(), d.recoveryCase().path("recoveredRevenue").isNull()
                || d.recoveryCase().path("recoveredRevenue").isMissingNode());
        assertProblem(post("/api/v1/cases/" + id(c) + "/close", MANAGER,
                json().put("status", "CLOSED_NEVER").put("notes", "Reviewed; they will not come back")), 409);
        assertEquals(1, get("/api/v1/cases?status=REVIEWED&customerId=" + c.path("customerId").asText(), MANAGER)
                .assertStatus(200).json().path("total").asInt());
    }

    @Test
    public void pitstopAllYesPlansNothingMore() {
        JsonNode c = openCase(REP1, newCustomer(REP1, "Clean Review Ltd"), "LAPSED", "other", "pitstop");
        JsonNode current = c;
        for (String q : OWNER_QUESTIONS) {
            current = complete(current, q, "YES", "fine", REP1).recoveryCase();
        }
        for (String q : MANAGER_QUESTIONS) {
            current = complete(current, q, "YES", "fine", MANAGER).recoveryCase();
        }
        assertEquals(7, current.path("steps").size());
        assertClosed(current, "REVIEWED", false);
    }

    // ------------------------------------------------------------------------------------------------------------
    // nurture

    /**
     * The fatigue limit is enforced, not advisory: the touch after one just made may not be made before its
     * notBefore (the rhythm of 14 days), and a completion before that is a 409 that says when.
     */
    @Test
    public void nurtureTouchesWithinTheFatigueLimit() {
        JsonNode c = openCase(REP1, newCustomer(REP1, "Long Game BV"), "LOST_DEAL", "price", "nurture");
        assertEquals("nurture", c.path("strategy").asText());
        assertPlannedSteps(c, "share-useful-info");
        assertPlanned(c, touch("share-useful-info", "LETTER", days(7)), instant(c.path("createdAt")));
        assertFalse(c.toString(), tooEarly(planned(c, "share-useful-info")));

        Done first = complete(c, "share-useful-info", "SENT", "Benchmark report", REP1);
        assertPlannedSteps(first.recoveryCase(), "share-useful-info");
        JsonNode next = planned(first.recoveryCase(), "share-useful-info");
        assertEquals(next.toString(), TOUCH_OUTCOMES, texts(next.path("allowedOutcomes")));
        assertDue("notBefore of the second touch", json().put("name", "notBefore")
                .put("dueAt", next.path("notBefore").asText()), first.at().plus(days(14)));
        assertTooEarly(first.recoveryCase(), next, REP1, "SENT");
        assertTooEarly(first.recoveryCase(), next, MANAGER, "SENT");
        // what the customer does is never too early to record: a request to stop ends contact at once
        Done stop = complete(first.recoveryCase(), "share-useful-info", "STOP_REQUESTED", "Please stop", REP1);
        assertClosed(stop.recoveryCase(), "CLOSED_NEVER", true);
    }

    @Test
    public void nurtureAnsweredResponseWaitsForTheNextTouchAndStopRequestedEndsContact() {
        JsonNode c = openCase(REP1, newCustomer(REP1, "Chatty BV"), "LOST_DEAL", "price", "nurture");
        Done d = complete(c, "share-useful-info", "RESPONDED", "They asked about the agenda", REP1);
        assertPlannedSteps(d.recoveryCase(), ANSWER_RESPONSE.name());
        assertPlanned(d.recoveryCase(), ANSWER_RESPONSE, d.at());
        Done answered = complete(d.recoveryCase(), ANSWER_RESPONSE.name(), "ANSWERED", "Sent the agenda", REP1);
        JsonNode touch = planned(answered.recoveryCase(), "share-useful-info");
        assertTrue("the next touch is not today: " + touch,
                !instant(touch.path("notBefore")).isBefore(answered.at().plus(Duration.ofDays(1))));
        assertTooEarly(answered.recoveryCase(), touch, REP1, "SENT");

        // another customer says stop at the first touch: closed, and nobody may contact them again
        JsonNode other = openCase(REP1, newCustomer(REP1, "Leave Us Alone BV"), "LOST_DEAL", "price", "nurture");
        Done stop = complete(other, "share-useful-info", "STOP_REQUESTED", "Please stop writing", REP1);
        JsonNode closed = stop.recoveryCase();
        assertClosed(closed, "CLOSED_NEVER", true);
        for (JsonNode s : closed.path("steps")) {
            assertProblem(tryComplete(id(other), id(s), REP1, "SENT"), 409);
        }
        assertProblem(post("/api/v1/cases/" + id(other) + "/close", MANAGER, json().put("status", "WON_BACK")
                .put("revenue", 1)), 409);
        assertEquals(closed, getCase(id(other), REP1));
        JsonNode block = customer(other.path("customerId").asText(), REP1).path("contactBlocked");
        assertEquals(block.toString(), id(other), block.path("caseId").asText());
        assertTrue(block.toString(), block.path("reason").asText().contains("STOP_REQUESTED"));
    }

    @Test
    public void nurtureHandsOverWhenTheyWantToBuy() {
        JsonNode c = openCase(REP1, newCustomer(REP1, "Ready Again GmbH"), "LAPSED", "price", "nurture");
        Done d = complete(c, "share-useful-info", "RESPONDED", "They replied to the article", REP1);
        assertPlanned(d.recoveryCase(), ANSWER_RESPONSE, d.at());
        d = complete(d.recoveryCase(), ANSWER_RESPONSE.name(), "WANTS_TO_BUY", "Asked for a quote", REP1);
        // no dead end: the owner decides, here to hand the customer to the sales pipeline
        decide(d.recoveryCase(), "HAND_OVER", REP1);
    }

    @Test
    public void unknownStepsAndCasesAre404AndAMissingOutcomeIs400() {
        JsonNode c = openCase(REP1, newCustomer(REP1, "Edge Cases Ltd"), "LAPSED", "price", null);
        String step = id(planned(c, FACT_FIND.name()));
        assertProblem(tryComplete(id(c), java.util.UUID.randomUUID().toString(), REP1, "FACTS_FOUND"), 404);
        assertProblem(tryComplete(java.util.UUID.randomUUID().toString(), step, MANAGER, "FACTS_FOUND"), 404);
        assertProblem(tryComplete(id(c), "not-a-step", REP1, "FACTS_FOUND"), 404);
        assertEquals("outcome", field(assertProblem(post("/api/v1/cases/" + id(c) + "/steps/" + step + "/complete",
                REP1, json().put("notes", "no outcome")), 400)));
        assertEquals(c, getCase(id(c), REP1));
    }
}
