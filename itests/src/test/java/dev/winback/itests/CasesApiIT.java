package dev.winback.itests;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.junit.Test;
import org.junit.runner.RunWith;
import org.ops4j.pax.exam.junit.PaxExam;
import org.ops4j.pax.exam.spi.reactors.ExamReactorStrategy;
import org.ops4j.pax.exam.spi.reactors.PerClass;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * Loss reasons and recovery cases over HTTP: the admin-only list, opening cases, every list filter, and the rule
 * that a rep sees and opens only their own cases. Each test makes its own customers and filters by them, so tests
 * sharing the container do not see each other's cases.
 */
@RunWith(PaxExam.class)
@ExamReactorStrategy(PerClass.class)
public class CasesApiIT extends WinbackTestSupport {

    private String newCustomer(String ownerRep) {
        ObjectNode body = json().put("externalId", UUID.randomUUID().toString()).put("source", "cases-it")
                .put("name", "Customer of " + ownerRep).put("ownerRep", ownerRep);
        return post("/api/v1/customers", MANAGER, body).assertStatus(201).json().path("id").asText();
    }

    private static ObjectNode caseFor(String customerId, String lossKind, String lossReason) {
        return json().put("customerId", customerId).put("lossKind", lossKind).put("lossReason", lossReason);
    }

    private static JsonNode assertProblem(ApiResponse response, int status) {
        response.assertStatus(status);
        assertTrue(response.toString(), response.header("Content-Type").orElse("")
                .startsWith("application/problem+json"));
        assertEquals(status, response.json().path("status").asInt());
        return response.json();
    }

    private static String field(JsonNode problem) {
        return problem.path("errors").path(0).path("field").asText();
    }

    private int caseCount(String query) {
        return get("/api/v1/cases?" + query, MANAGER).assertStatus(200).json().path("total").asInt();
    }

    private static List<String> ids(JsonNode page) {
        List<String> ids = new ArrayList<>();
        page.path("items").forEach(c -> ids.add(c.path("id").asText()));
        return ids;
    }

    @Test
    public void theDefaultLossReasonsAreThere() {
        JsonNode reasons = get("/api/v1/loss-reasons", REP1).assertStatus(200).json();
        List<String> codes = new ArrayList<>();
        reasons.forEach(r -> codes.add(r.path("code").asText()));
        assertTrue(codes.toString(), codes.containsAll(List.of("price", "service-failure", "late-delivery",
                "wrong-billing", "competitor", "relationship", "other")));
        JsonNode billing = get("/api/v1/loss-reasons/wrong-billing", REP1).assertStatus(200).json();
        assertEquals("BILLING", billing.path("category").asText());
        assertTrue(billing.path("controllable").asBoolean());
    }

    @Test
    public void onlyAnAdminEditsLossReasons() {
        String code = "it-" + UUID.randomUUID().toString().substring(0, 8);
        ObjectNode reason = json().put("code", code).put("label", "Poor onboarding").put("category", "SERVICE")
                .put("controllable", true);
        assertProblem(post("/api/v1/loss-reasons", MANAGER, reason), 403);
        assertProblem(post("/api/v1/loss-reasons", REP1, reason), 403);
        assertProblem(get("/api/v1/loss-reasons/" + code, ADMIN), 404);

        ApiResponse created = post("/api/v1/loss-reasons", ADMIN, reason).assertStatus(201);
        assertTrue(created.header("Location").orElse("").endsWith("/api/v1/loss-reasons/" + code));
        assertProblem(post("/api/v1/loss-reasons", ADMIN, reason), 409);

        ObjectNode change = json().put("label", "Botched onboarding").put("category", "SERVICE")
                .put("controllable", true);
        assertProblem(put("/api/v1/loss-reasons/" + code, MANAGER, change), 403);
        assertProblem(put("/api/v1/loss-reasons/" + code, ADMIN, change), 428);
        assertProblem(request("PUT", "/api/v1/loss-reasons/" + code, ADMIN, change, Map.of("If-Match", "\"7\"")),
                412);
        ApiResponse changed = putCurrent("/api/v1/loss-reasons/" + code, ADMIN, change).assertStatus(200);
        assertEquals("Botched onboarding", changed.json().path("label").asText());
        assertEquals("\"2\"", changed.header("ETag").orElse(null));
        assertEquals("Botched onboarding", get("/api/v1/loss-reasons/" + code, REP1).json().path("label").asText());
        assertProblem(request("PUT", "/api/v1/loss-reasons/no-such-" + code, ADMIN, change, Map.of("If-Match", "*")),
                404);

        // In use: cannot go.
        post("/api/v1/cases", MANAGER, caseFor(newCustomer("rep1"), "COMPLAINT", code)).assertStatus(201);
        assertProblem(delete("/api/v1/loss-reasons/" + code, ADMIN), 409);

        String unused = code + "-x";
        post("/api/v1/loss-reasons", ADMIN, reason.put("code", unused)).assertStatus(201);
        assertProblem(delete("/api/v1/loss-reasons/" + unused, REP1), 403);
        delete("/api/v1/loss-reasons/" + unused, ADMIN).assertStatus(204);
        assertProblem(get("/api/v1/loss-reasons/" + unused, ADMIN), 404);
        assertProblem(delete("/api/v1/loss-reasons/" + unused, ADMIN), 404);
    }

    @Test
    public void lossReasonInputIsChecked() {
        JsonNode badCode = assertProblem(post("/api/v1/loss-reasons", ADMIN, json().put("code", "Has Spaces")
                .put("label", "x").put("category", "PRICE")), 400);
        assertEquals("code", field(badCode));
        JsonNode badCategory = assertProblem(post("/api/v1/loss-reasons", ADMIN, json().put("code", "ok")
                .put("label", "x").put("category", "WEATHER")), 400);
        assertEquals("category", field(badCategory));
        assertTrue(badCategory.toString(), badCategory.path("detail").asText().contains("COMPETITOR"));
    }

    @Test
    public void openACaseAndReadItBack() {
        String customerId = newCustomer("rep1");
        ObjectNode body = caseFor(customerId, "LOST_DEAL", "competitor").put("lostAt", "2026-11-20T10:00:00Z")
                .put("notes", "Lost the renewal bid to a cheaper supplier");
        ApiResponse opened = post("/api/v1/cases", MANAGER, body).assertStatus(201);
        JsonNode c = opened.json();
        String id = c.path("id").asText();
        assertEquals("OPEN", c.path("status").asText());
        assertEquals("rep1", c.path("ownerRep").asText());
        assertEquals("manager", c.path("openedBy").asText());
        assertEquals("2026-11-20T10:00:00Z", c.path("lostAt").asText());
        assertTrue(opened.header("Location").orElse("").endsWith("/api/v1/cases/" + id));

        JsonNode read = get("/api/v1/cases/" + id, REP1).assertStatus(200).json();
        assertEquals(customerId, read.path("customerId").asText());
        assertEquals("LOST_DEAL", read.path("lossKind").asText());
        assertEquals("competitor", read.path("lossReason").asText());
        assertEquals("Lost the renewal bid to a cheaper supplier", read.path("notes").asText());
        assertProblem(get("/api/v1/cases/" + UUID.randomUUID(), MANAGER), 404);
    }

    @Test
    public void openingACaseTwiceWithOneIdempotencyKeyOpensOneCase() {
        String customerId = newCustomer("rep1");
        String key = UUID.randomUUID().toString();
        ObjectNode body = caseFor(customerId, "LAPSED", "late-delivery");
        String first = request("POST", "/api/v1/cases", MANAGER, body, java.util.Map.of("Idempotency-Key", key))
                .assertStatus(201).json().path("id").asText();
        ApiResponse retry = request("POST", "/api/v1/cases", MANAGER, body, java.util.Map.of("Idempotency-Key", key))
                .assertStatus(201);
        assertEquals(first, retry.json().path("id").asText());
        assertEquals("true", retry.header("Idempotent-Replayed").orElse(""));
        assertEquals(1, caseCount("customerId=" + customerId));
    }

    @Test
    public void whysAndASecondChanceAgreementAreDocumentedOnTheCase() {
        String customerId = newCustomer("rep1");
        String caseId = post("/api/v1/cases", MANAGER, caseFor(customerId, "HOSTILE", "wrong-billing"))
                .assertStatus(201).json().path("id").asText();

        ApiResponse why = post("/api/v1/cases/" + caseId + "/whys", REP1, json()
                .put("statement", "Three wrong invoices in a row and nobody called back")
                .put("lossReason", "wrong-billing").put("fixable", true).put("alreadyFixed", true));
        why.assertStatus(201);
        assertTrue(why.header("Location").orElse("").endsWith("/api/v1/cases/" + caseId));
        JsonNode whys = why.json().path("whys");
        assertEquals(1, whys.size());
        assertEquals("rep1", whys.path(0).path("recordedBy").asText());
        assertEquals("lossReason", field(assertProblem(post("/api/v1/cases/" + caseId + "/whys", REP1, json()
                .put("statement", "x").put("lossReason", "aliens").put("fixable", false)), 422)));
        assertEquals("fixable", field(assertProblem(post("/api/v1/cases/" + caseId + "/whys", REP1, json()
                .put("statement", "x").put("lossReason", "price")), 400)));
        // another rep's case does not exist for rep2, whatever they try on it
        assertProblem(post("/api/v1/cases/" + caseId + "/whys", REP2, json().put("statement", "x")
                .put("lossReason", "price").put("fixable", false)), 404);

        String due = java.time.Instant.now().plus(java.time.Duration.ofDays(30)).toString();
        ObjectNode agreement = json().put("customerSignatory", "Jane Roe, CFO")
                .put("documentReference", "crm:attachment:4711");
        agreement.putArray("conditions")
                .add(json().put("party", "US").put("condition", "Invoices checked by a person").put("dueAt", due))
                .add(json().put("party", "CUSTOMER").put("condition", "A trial order").put("dueAt", due));
        JsonNode agreed = post("/api/v1/cases/" + caseId + "/agreement", REP1, agreement).assertStatus(201).json();
        JsonNode conditions = agreed.path("agreement").path("conditions");
        assertEquals(2, conditions.size());
        assertEquals("PENDING", conditions.path(0).path("status").asText());
        String checkStep = conditions.path(0).path("checkStepId").asText();
        JsonNode kept = post("/api/v1/cases/" + caseId + "/steps/" + checkStep + "/complete", REP1,
                json().put("outcome", "KEPT").put("notes", "Three clean invoices")).assertStatus(200).json();
        assertEquals("KEPT", kept.path("agreement").path("conditions").path(0).path("status").asText());

        assertProblem(post("/api/v1/cases/" + caseId + "/agreement", REP1, agreement), 409);
        JsonNode noConditions = assertProblem(post("/api/v1/cases/" + caseId + "/agreement", REP1,
                json().put("customerSignatory", "Jane")), 400);
        assertEquals("conditions", field(noConditions));
    }

    @Test
    public void unknownReferencesAre422AndBadFieldsAre400AndNothingIsWritten() {
        String customerId = newCustomer("rep1");
        JsonNode noCustomer = assertProblem(post("/api/v1/cases", MANAGER,
                caseFor(UUID.randomUUID().toString(), "LAPSED", "price")), 422);
        assertEquals("customerId", field(noCustomer));
        JsonNode noReason = assertProblem(post("/api/v1/cases", MANAGER,
                caseFor(customerId, "LAPSED", "aliens")), 422);
        assertEquals("lossReason", field(noReason));

        JsonNode missing = assertProblem(post("/api/v1/cases", MANAGER,
                json().put("customerId", customerId).put("lossKind", "LAPSED")), 400);
        assertEquals("lossReason", field(missing));
        JsonNode kind = assertProblem(post("/api/v1/cases", MANAGER, caseFor(customerId, "GONE", "price")), 400);
        assertEquals("lossKind", field(kind));
        JsonNode date = assertProblem(post("/api/v1/cases", MANAGER,
                caseFor(customerId, "LAPSED", "price").put("lostAt", "last tuesday")), 400);
        assertEquals("lostAt", field(date));
        JsonNode uuid = assertProblem(post("/api/v1/cases", MANAGER, caseFor("12", "LAPSED", "price")), 400);
        assertEquals("customerId", field(uuid));

        assertEquals(0, caseCount("customerId=" + customerId));
    }

    @Test
    public void listFiltersByStatusOwnerKindAndReasonWithPaging() {
        String a = newCustomer("rep1");
        String lostDeal = post("/api/v1/cases", MANAGER, caseFor(a, "LOST_DEAL", "competitor")).assertStatus(201)
                .json().path("id").asText();
        // the customer has a running case now: further ones are a manager's call ("parallel")
        String lapsed = post("/api/v1/cases", MANAGER, caseFor(a, "LAPSED", "price").put("ownerRep", "rep2")
                .put("parallel", true)).assertStatus(201).json().path("id").asText();
        String complaint = post("/api/v1/cases", MANAGER, caseFor(a, "COMPLAINT", "wrong-billing")
                .put("parallel", true)).assertStatus(201).json().path("id").asText();
        String of = "customerId=" + a;

        assertEquals(3, caseCount(of));
        assertEquals(3, caseCount(of + "&status=OPEN"));
        assertEquals(0, caseCount(of + "&status=WON_BACK"));
        assertEquals(List.of(lapsed), ids(get("/api/v1/cases?" + of + "&ownerRep=rep2", MANAGER).json()));
        assertEquals(List.of(lostDeal), ids(get("/api/v1/cases?" + of + "&lossKind=LOST_DEAL", MANAGER).json()));
        assertEquals(List.of(complaint), ids(get("/api/v1/cases?" + of + "&lossReason=wrong-billing", MANAGER)
                .json()));
        assertEquals(List.of(complaint), ids(get("/api/v1/cases?" + of
                + "&status=OPEN&ownerRep=rep1&lossKind=COMPLAINT&lossReason=wrong-billing", MANAGER).json()));

        JsonNode page0 = get("/api/v1/cases?" + of + "&size=2&page=0", MANAGER).json();
        JsonNode page1 = get("/api/v1/cases?" + of + "&size=2&page=1", MANAGER).json();
        assertEquals(3, page0.path("total").asInt());
        List<String> all = new ArrayList<>(ids(page0));
        all.addAll(ids(page1));
        assertEquals("newest first across pages", List.of(complaint, lapsed, lostDeal), all);

        assertEquals("status", field(assertProblem(get("/api/v1/cases?status=LOST", MANAGER), 400)));
        assertEquals("lossKind", field(assertProblem(get("/api/v1/cases?lossKind=x", MANAGER), 400)));
        assertEquals("customerId", field(assertProblem(get("/api/v1/cases?customerId=x", MANAGER), 400)));
    }

    @Test
    public void aRepSeesAndOpensOnlyTheirOwnCases() {
        String customer = newCustomer("rep1");
        String ofRep1 = post("/api/v1/cases", REP1, caseFor(customer, "LAPSED", "price")).assertStatus(201)
                .json().path("id").asText();
        // a customer has one running case; rep2 is sent to it, and only a manager opens a second
        JsonNode refused = assertProblem(post("/api/v1/cases", REP2, caseFor(customer, "LAPSED", "price")), 409);
        assertTrue(refused.toString(), refused.path("existingCase").asText().endsWith("/api/v1/cases/" + ofRep1));
        JsonNode other = assertProblem(post("/api/v1/cases", REP2, caseFor(newCustomer("rep1"), "LAPSED", "price")
                .put("ownerRep", "rep2").put("parallel", true)), 403);
        assertTrue(other.toString(), other.path("detail").asText().length() > 0);
        JsonNode byRep2 = post("/api/v1/cases", MANAGER, caseFor(customer, "LAPSED", "price").put("ownerRep", "rep2")
                .put("parallel", true)).assertStatus(201).json();
        assertEquals("rep2", byRep2.path("ownerRep").asText());

        // another rep's case answers exactly like one that does not exist
        JsonNode hidden = assertProblem(get("/api/v1/cases/" + ofRep1, REP2), 404);
        String missing = java.util.UUID.randomUUID().toString();
        JsonNode absent = assertProblem(get("/api/v1/cases/" + missing, REP2), 404);
        assertEquals(absent.path("detail").asText().replace(missing, ofRep1), hidden.path("detail").asText());
        assertEquals(absent.path("type").asText(), hidden.path("type").asText());
        get("/api/v1/cases/" + ofRep1, REP1).assertStatus(200);
        get("/api/v1/cases/" + ofRep1, MANAGER).assertStatus(200);
        get("/api/v1/cases/" + ofRep1, ADMIN).assertStatus(200);

        assertEquals(List.of(byRep2.path("id").asText()),
                ids(get("/api/v1/cases?customerId=" + customer, REP2).assertStatus(200).json()));
        assertEquals(List.of(ofRep1), ids(get("/api/v1/cases?customerId=" + customer, REP1).json()));
        assertEquals(2, caseCount("customerId=" + customer));
        assertProblem(get("/api/v1/cases?ownerRep=rep1", REP2), 403);

        assertProblem(post("/api/v1/cases", REP2, caseFor(customer, "LAPSED", "price").put("ownerRep", "rep1")), 403);
        assertEquals(2, caseCount("customerId=" + customer));
    }
}
