package dev.winback.itests;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import org.junit.Test;
import org.junit.runner.RunWith;
import org.ops4j.pax.exam.junit.PaxExam;
import org.ops4j.pax.exam.spi.reactors.ExamReactorStrategy;
import org.ops4j.pax.exam.spi.reactors.PerClass;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * Issue 7, point 1: "leave me alone" sticks to the customer, not the case. A contact block set by hand (managers,
 * admins) or by a case that ends with no further contact (code99 NO_CONTACT_DEMANDED, fivestep CANNOT_PROVIDE,
 * nurture STOP_REQUESTED, a close as CLOSED_CANNOT_PROVIDE); while it stands no contacting strategy opens a case
 * (pitstop, which contacts nobody, does), no contact step of any of the customer's cases can be completed, and
 * detection runs skip the customer and count them; only an admin lifts it, with a reason; every change is audited.
 */
@RunWith(PaxExam.class)
@ExamReactorStrategy(PerClass.class)
public class ContactBlockIT extends CaseWorkflowSupport {
    private static final String DETECTED = "/api/v1/cases?lossKind=LAPSED&lossReason=other";

    private String blockPath(String customerId) {
        return "/api/v1/customers/" + customerId + "/contact-block";
    }

    private JsonNode block(String customerId, User user, String reason) {
        ApiResponse r = post(blockPath(customerId), user, json().put("reason", reason));
        JsonNode customer = r.assertStatus(200).json();
        assertEquals(r.toString(), customerId, id(customer));
        return customer;
    }

    private static void assertNotBlocked(JsonNode customer) {
        assertTrue(customer.toString(), customer.path("contactBlocked").isNull()
                || customer.path("contactBlocked").isMissingNode());
    }

    /** The customer's block, set by {@code setBy} for the case {@code caseId} (null: set by hand). */
    private JsonNode assertBlocked(String customerId, String setBy, String caseId, String reasonPart) {
        JsonNode block = customer(customerId, REP1).path("contactBlocked");
        assertTrue("no contact block on " + customerId + ": " + block, block.isObject());
        assertEquals(block.toString(), setBy, block.path("setBy").asText());
        if (caseId == null) {
            assertTrue(block.toString(), block.path("caseId").isNull() || block.path("caseId").isMissingNode());
        } else {
            assertEquals(block.toString(), caseId, block.path("caseId").asText());
        }
        assertTrue(block.toString(), block.path("reason").asText().contains(reasonPart));
        Instant since = instant(block.path("since"));
        assertTrue(block.toString(), !since.isAfter(Instant.now().plus(DUE_TOLERANCE))
                && since.isAfter(Instant.now().minus(Duration.ofMinutes(10))));
        return block;
    }

    /** A new case of a contacting strategy is a 422 that names the block; nothing is opened. */
    private void assertNoContactingCaseOpens(String customerId, User user) {
        int before = get("/api/v1/cases?customerId=" + customerId, MANAGER).json().path("total").asInt();
        for (String[] kind : List.of(new String[] {"LAPSED", null}, new String[] {"LOST_DEAL", "surprise24"},
                new String[] {"HOSTILE", "code99"}, new String[] {"LAPSED", "nurture"},
                new String[] {"COMPLAINT", "fivestep"})) {
            ObjectNode body = caseBody(customerId, kind[0], "price", kind[1]);
            if (!user.equals(REP1) && !user.equals(REP2)) {
                body.put("parallel", true);
            }
            ApiResponse refused = post("/api/v1/cases", user, body);
            JsonNode problem = assertProblem(refused, 422);
            String text = refused.body().toLowerCase(Locale.ROOT);
            assertTrue("the problem names the block: " + refused, text.contains("contact"));
            assertTrue(refused.toString(), problem.path("errors").size() > 0);
        }
        assertEquals(before, get("/api/v1/cases?customerId=" + customerId, MANAGER).json().path("total").asInt());
    }

    // ------------------------------------------------------------------------------------------------------------

    @Test
    public void aManagerBlocksAndOnlyAnAdminLiftsWithAReasonAndEveryChangeIsAudited() {
        String customer = newCustomer(REP1, "Do Not Call GmbH");
        assertNotBlocked(customer(customer, REP1));
        int auditBefore = auditRows(customer).size();

        // who may set it, and that it needs a reason
        assertProblem(post(blockPath(customer), REP1, json().put("reason", "They asked me")), 403);
        assertEquals("reason", field(assertProblem(post(blockPath(customer), MANAGER, json()), 400)));
        assertEquals("reason", field(assertProblem(post(blockPath(customer), MANAGER, json().put("reason", " ")),
                400)));
        assertProblem(post(blockPath(java.util.UUID.randomUUID().toString()), MANAGER, json().put("reason", "x")),
                404);
        assertNotBlocked(customer(customer, REP1));

        JsonNode blocked = block(customer, MANAGER, "Phoned on 30 Nov: stop calling us (Art. 21 GDPR)");
        assertEquals(blocked.toString(), "manager", blocked.path("contactBlocked").path("setBy").asText());
        assertBlocked(customer, "manager", null, "stop calling us");
        assertEquals(blocked, customer(customer, MANAGER));

        // lifting it: an admin's call, with a reason, and only when there is a block
        assertProblem(request("DELETE", blockPath(customer) + "?reason=mistake", MANAGER, null, Map.of()), 403);
        assertProblem(request("DELETE", blockPath(customer) + "?reason=mistake", REP1, null, Map.of()), 403);
        assertEquals("reason", field(assertProblem(delete(blockPath(customer), ADMIN), 400)));
        assertBlocked(customer, "manager", null, "stop calling us");
        JsonNode lifted = request("DELETE", blockPath(customer) + "?reason=Customer+asked+for+offers+again", ADMIN,
                null, Map.of()).assertStatus(200).json();
        assertNotBlocked(lifted);
        assertNotBlocked(customer(customer, REP1));
        assertProblem(request("DELETE", blockPath(customer) + "?reason=again", ADMIN, null, Map.of()), 409);

        // the reason may come as a JSON body too
        block(customer, ADMIN, "Second request to stop");
        assertBlocked(customer, "admin", null, "Second request");
        JsonNode liftedAgain = request("DELETE", blockPath(customer), ADMIN,
                json().put("reason", "Signed consent form received"), Map.of()).assertStatus(200).json();
        assertNotBlocked(liftedAgain);

        // every change is in the audit trail, by whom, and the lift with its reason
        List<AuditRow> rows = auditRows(customer);
        List<AuditRow> changes = rows.subList(auditBefore, rows.size());
        List<String> actors = new ArrayList<>();
        changes.forEach(r -> actors.add(r.actor()));
        assertEquals(changes.toString(), List.of("manager", "admin", "admin", "admin"), actors);
        assertTrue(changes.get(0).after(), changes.get(0).after().contains("stop calling us"));
        assertTrue(changes.get(1).after(), changes.get(1).after().contains("Customer asked for offers again"));
        assertTrue(changes.get(3).after(), changes.get(3).after().contains("Signed consent form received"));
    }

    @Test
    public void whileBlockedNoContactingStrategyOpensACaseButAReviewDoes() {
        String customer = newCustomer(REP1, "Objecting AG");
        block(customer, MANAGER, "Letter: do not contact us");
        assertNoContactingCaseOpens(customer, REP1);
        assertNoContactingCaseOpens(customer, MANAGER);

        // the pit stop contacts nobody: a review of the loss may run
        JsonNode strategies = get("/api/v1/strategies", REP1).assertStatus(200).json();
        for (JsonNode s : strategies) {
            boolean review = "pitstop".equals(s.path("name").asText());
            assertEquals(s.toString(), !review, s.path("contactsCustomer").asBoolean(true));
        }
        JsonNode review = openParallel(customer, "LAPSED", "price", "pitstop", "rep1");
        assertEquals("pitstop", review.path("strategy").asText());
        for (JsonNode step : review.path("steps")) {
            assertFalse(step.toString(), step.path("contactsCustomer").asBoolean(true));
        }
        // and its questions can be answered while the block stands
        complete(review, "clear-expectations", "NO", "No written expectations", REP1);
        assertEquals(1, get("/api/v1/cases?customerId=" + customer, MANAGER).json().path("total").asInt());

        // ... and the owner may name it too (a rep cannot send "force")
        String another = newCustomer(REP1, "Objecting Too AG");
        block(another, MANAGER, "Do not contact us either");
        JsonNode byRep = post("/api/v1/cases", REP1, caseBody(another, "LAPSED", "price", "pitstop"))
                .assertStatus(201).json();
        assertEquals("pitstop", byRep.path("strategy").asText());

        // lifted: cases that contact them open again
        request("DELETE", blockPath(customer) + "?reason=Consent+given", ADMIN, null, Map.of()).assertStatus(200);
        JsonNode again = post("/api/v1/cases", MANAGER, caseBody(customer, "LAPSED", "price", null)
                .put("parallel", true)).assertStatus(201).json();
        assertEquals("fivestep", again.path("strategy").asText());
    }

    @Test
    public void noContactStepOfAnyOfTheCustomersCasesCanBeCompleted() {
        String customer = newCustomer(REP1, "Stop Everything Ltd");
        JsonNode lapsed = openCase(REP1, customer, "LAPSED", "late-delivery", null);
        JsonNode factFind = planned(lapsed, "fact-find");
        assertTrue(factFind.toString(), factFind.path("contactsCustomer").asBoolean());
        JsonNode lostDeal = openParallel(customer, "LOST_DEAL", "competitor", null, "rep1");
        JsonNode apologise = planned(lostDeal, "apologise");
        JsonNode review = openParallel(customer, "LAPSED", "price", "pitstop", "rep1");
        // a case at its decision step: deciding contacts nobody
        JsonNode nurtured = openParallel(customer, "LAPSED", "price", "nurture", "rep1");
        nurtured = complete(nurtured, "share-useful-info", "RESPONDED", "They wrote back", REP1).recoveryCase();
        nurtured = complete(nurtured, "answer-response", "WANTS_TO_BUY", "Asked for a quote", REP1).recoveryCase();
        assertDecisionStep(nurtured);

        block(customer, MANAGER, "Their lawyer's letter of 29 Nov");

        // every contact step of every case of theirs: 409, saying why, for the owner and for the manager alike
        for (JsonNode[] caseAndStep : List.of(new JsonNode[] {lapsed, factFind},
                new JsonNode[] {lostDeal, apologise})) {
            for (User user : List.of(REP1, MANAGER)) {
                String outcome = texts(caseAndStep[1].path("allowedOutcomes")).get(0);
                ApiResponse refused = tryComplete(id(caseAndStep[0]), id(caseAndStep[1]), user, outcome);
                assertProblem(refused, 409);
                assertTrue(refused.toString(), refused.body().toLowerCase(Locale.ROOT).contains("contact"));
            }
            assertEquals(caseAndStep[0], getCase(id(caseAndStep[0]), REP1));
        }
        // internal work goes on: the review's questions, the owner's decision
        complete(review, "followed-request", "PARTLY", "Half of what they asked", REP1);
        decide(nurtured, "NEVER", REP1);

        // lifted by an admin: the contact steps can be done again
        request("DELETE", blockPath(customer) + "?reason=They+called+us+back", ADMIN, null, Map.of())
                .assertStatus(200);
        complete(lapsed, "fact-find", "FACTS_FOUND", "Late deliveries", REP1);
        complete(lostDeal, "apologise", "APOLOGISED", "Called the buyer", REP1);
    }

    @Test
    public void casesThatEndWithNoFurtherContactBlockTheCustomer() {
        // code99: they demand no contact
        String hostile = newCustomer(REP1, "Lawyered Up Inc");
        JsonNode code99 = openCase(REP1, hostile, "HOSTILE", "relationship", null);
        JsonNode closed = complete(code99, "meet-decision-maker", "NO_CONTACT_DEMANDED", "Letter from their lawyer",
                REP1).recoveryCase();
        assertClosed(closed, "CLOSED_NEVER", true);
        assertBlocked(hostile, "rep1", id(code99), "NO_CONTACT_DEMANDED");
        assertNoContactingCaseOpens(hostile, REP1);

        // fivestep: we cannot provide what they need, and told them so
        String lapsed = newCustomer(REP1, "Needs The Moon SA");
        JsonNode fivestep = openCase(REP1, lapsed, "LAPSED", "price", null);
        JsonNode d = complete(fivestep, "fact-find", "FACTS_FOUND", "Need on-site staff", REP1).recoveryCase();
        d = complete(d, "explain-changes", "EXPLAINED", "Told them", REP1).recoveryCase();
        d = complete(d, "send-evidence", "RESPONDED", "They answered", REP1).recoveryCase();
        d = complete(d, "what-would-it-take", "CANNOT_PROVIDE", "Staff in 40 countries; we have 3", REP1)
                .recoveryCase();
        assertClosed(d, "CLOSED_CANNOT_PROVIDE", true);
        assertBlocked(lapsed, "rep1", id(fivestep), "CANNOT_PROVIDE");
        assertNoContactingCaseOpens(lapsed, MANAGER);

        // nurture: they ask us to stop
        String nurtured = newCustomer(REP1, "Unsubscribe BV");
        JsonNode nurture = openCase(REP1, nurtured, "LOST_DEAL", "price", "nurture");
        JsonNode stopped = complete(nurture, "share-useful-info", "STOP_REQUESTED", "Please stop writing", REP1)
                .recoveryCase();
        assertClosed(stopped, "CLOSED_NEVER", true);
        assertBlocked(nurtured, "rep1", id(nurture), "STOP_REQUESTED");
        assertNoContactingCaseOpens(nurtured, REP1);

        // a manager closes a case as CLOSED_CANNOT_PROVIDE by hand
        String manual = newCustomer(REP1, "Out Of Scope Oy");
        JsonNode open = openCase(REP1, manual, "LAPSED", "price", null);
        JsonNode byHand = post("/api/v1/cases/" + id(open) + "/close", MANAGER, json()
                .put("status", "CLOSED_CANNOT_PROVIDE").put("notes", "We stopped the product line they need"))
                .assertStatus(200).json();
        assertClosed(byHand, "CLOSED_CANNOT_PROVIDE", true);
        assertEquals("manager", byHand.path("closedBy").asText());
        assertBlocked(manual, "manager", id(open), "CLOSED_CANNOT_PROVIDE");
        assertNoContactingCaseOpens(manual, REP1);

        // each block is audited with the case that set it
        for (String[] customerAndCase : List.of(new String[] {hostile, id(code99)},
                new String[] {lapsed, id(fivestep)}, new String[] {nurtured, id(nurture)},
                new String[] {manual, id(open)})) {
            List<AuditRow> rows = auditRows(customerAndCase[0]);
            assertTrue(rows.toString(), rows.stream().anyMatch(r -> r.after() != null
                    && r.after().contains("contactBlocked") && r.after().contains(customerAndCase[1])));
        }
    }

    /**
     * Detection over the CDNOW sample: a first run opens two cases; their customers end up blocked (one by a close
     * as CLOSED_CANNOT_PROVIDE, one by hand after closing); the next run skips both and counts them.
     */
    @Test
    public void detectionRunsSkipBlockedCustomersAndCountThem() throws Exception {
        byte[] cdnow = Files.readAllBytes(Path.of(System.getProperty(CDNOW_PROPERTY)));
        ApiResponse accepted = upload("/api/v1/imports/transactions?fileName=CDNOW_sample.txt&format=WHITESPACE"
                + "&columnNames=masterId,sampleId,date,cds,dollars&externalIdColumn=sampleId&amountColumn=dollars"
                + "&datePattern=yyyyMMdd&source=cdnow", MANAGER, cdnow, "text/csv").assertStatus(202);
        JsonNode job = awaitFinished("/api/v1/imports/" + id(accepted.json()), MANAGER, "QUEUED", "RUNNING");
        assertEquals(job.toString(), "COMPLETED", job.path("status").asText());

        ObjectNode request = json().put("calibrationEnd", "1997-09-30").put("probabilityAliveThreshold", 0.2)
                .put("maxCases", 2);
        request.putArray("rules");
        JsonNode first = awaitFinished("/api/v1/detection/runs/" + id(post("/api/v1/detection/runs", MANAGER, request)
                .assertStatus(202).json()), MANAGER, "RUNNING");
        assertEquals(first.toString(), "COMPLETED", first.path("status").asText());
        assertEquals(first.toString(), 2, first.path("casesOpened").asLong());
        assertEquals(first.toString(), 0, first.path("contactBlocked").asLong());
        long flagged = first.path("flagged").asLong();

        // detection opens LAPSED cases with the configured loss reason, "other", which no other test here uses
        JsonNode detected = get(DETECTED + "&size=10", MANAGER).assertStatus(200).json();
        assertEquals(detected.toString(), 2, detected.path("total").asInt());
        JsonNode one = detected.path("items").get(0);
        JsonNode two = detected.path("items").get(1);
        post("/api/v1/cases/" + id(one) + "/close", MANAGER, json().put("status", "CLOSED_CANNOT_PROVIDE")
                .put("notes", "We no longer sell CDs by mail")).assertStatus(200);
        post("/api/v1/cases/" + id(two) + "/close", MANAGER, json().put("status", "CLOSED_NEVER")
                .put("notes", "Moved abroad")).assertStatus(200);
        block(two.path("customerId").asText(), MANAGER, "Asked by mail to be left alone");
        assertBlocked(one.path("customerId").asText(), "manager", id(one), "CLOSED_CANNOT_PROVIDE");

        request.put("maxCases", 5);
        JsonNode second = awaitFinished("/api/v1/detection/runs/" + id(post("/api/v1/detection/runs", MANAGER,
                request).assertStatus(202).json()), MANAGER, "RUNNING");
        assertEquals(second.toString(), "COMPLETED", second.path("status").asText());
        assertEquals(second.toString(), flagged, second.path("flagged").asLong());
        assertEquals(second.toString(), 2, second.path("contactBlocked").asLong());
        assertEquals(second.toString(), 0, second.path("alreadyOpen").asLong());
        assertEquals(second.toString(), 5, second.path("casesOpened").asLong());
        // no new case for either of them; each keeps only its closed one
        for (JsonNode c : List.of(one, two)) {
            JsonNode theirs = get("/api/v1/cases?customerId=" + c.path("customerId").asText(), MANAGER).json();
            assertEquals(theirs.toString(), 1, theirs.path("total").asInt());
            assertEquals(theirs.toString(), id(c), id(theirs.path("items").get(0)));
        }
        assertEquals(7, get(DETECTED + "&size=1", MANAGER).json().path("total").asInt());
        // the run is read back with its count
        assertEquals(2, get("/api/v1/detection/runs/" + id(second), MANAGER).assertStatus(200).json()
                .path("contactBlocked").asLong());
    }
}
