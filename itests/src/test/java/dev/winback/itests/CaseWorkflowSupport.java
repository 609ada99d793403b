package dev.winback.itests;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertTrue;
import static org.junit.Assert.fail;

import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.UUID;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * Helpers for tests that run recovery cases through their strategies over HTTP: open a case, find its planned steps
 * by name, complete them, and check what the strategy planned next against the strategy's plan table.
 */
public abstract class CaseWorkflowSupport extends WinbackTestSupport {

    /** Dates are stamped by the server while the test measures around the request; this much slack is plenty. */
    protected static final Duration DUE_TOLERANCE = Duration.ofSeconds(5);

    /** One row of a strategy's plan table, as the API shows the step it plans. */
    protected record Plan(String name, String type, Duration dueIn, boolean toManager, boolean escalates,
            List<String> outcomes) {
        String assignee(String ownerRep) {
            // etc/dev.winback.core.engine.cfg: rep1 and rep2 report to `manager`
            return toManager ? "manager" : ownerRep;
        }
    }

    protected static Plan plan(String name, String type, Duration dueIn, boolean toManager, boolean escalates,
            String... outcomes) {
        return new Plan(name, type, dueIn, toManager, escalates, List.of(outcomes));
    }

    /** What one step completion gave: the case afterwards, the completed step and when its outcome was recorded. */
    protected record Done(JsonNode recoveryCase, JsonNode step, Instant at) {
        String caseId() {
            return recoveryCase.path("id").asText();
        }
    }

    // ------------------------------------------------------------------------------------------------------------
    // Customers and cases

    /** A customer owned by {@code ownerRep}, created by that rep as a rep would. */
    protected String newCustomer(User owner, String name) {
        ObjectNode body = json().put("externalId", UUID.randomUUID().toString()).put("source", "workflow-it")
                .put("name", name).put("ownerRep", owner.name()).put("lifetimeValue", 125000).put("currency", "EUR");
        return post("/api/v1/customers", owner, body).assertStatus(201).json().path("id").asText();
    }

    protected static ObjectNode caseBody(String customerId, String lossKind, String lossReason, String strategy) {
        ObjectNode body = json().put("customerId", customerId).put("lossKind", lossKind).put("lossReason", lossReason)
                .put("notes", lossKind + " case of the workflow tests");
        if (strategy != null) {
            body.put("strategy", strategy);
        }
        return body;
    }

    /** Opens a case as {@code user} and checks what every new case looks like. */
    protected JsonNode openCase(User user, String customerId, String lossKind, String lossReason, String strategy) {
        JsonNode c = post("/api/v1/cases", user, caseBody(customerId, lossKind, lossReason, strategy))
                .assertStatus(201).json();
        assertEquals(c.toString(), "OPEN", c.path("status").asText());
        assertEquals(c.toString(), customerId, c.path("customerId").asText());
        assertEquals(c.toString(), lossKind, c.path("lossKind").asText());
        assertFalse(c.toString(), c.path("noFurtherContact").asBoolean());
        assertTrue(c.toString(), c.path("closedAt").isNull() || c.path("closedAt").isMissingNode());
        assertTrue(c.toString(), c.path("recoveredRevenue").isNull() || c.path("recoveredRevenue").isMissingNode());
        for (JsonNode s : c.path("steps")) {
            assertEquals(s.toString(), "PLANNED", s.path("status").asText());
            assertTrue(s.toString(), s.path("outcome").isNull() || s.path("outcome").isMissingNode());
        }
        return c;
    }

    protected JsonNode getCase(String caseId, User user) {
        return get("/api/v1/cases/" + caseId, user).assertStatus(200).json();
    }

    protected static String id(JsonNode node) {
        return node.path("id").asText();
    }

    protected static Instant instant(JsonNode value) {
        assertTrue("not a date: " + value, value.isTextual());
        return Instant.parse(value.asText());
    }

    // ------------------------------------------------------------------------------------------------------------
    // Steps

    protected static List<JsonNode> stepsNamed(JsonNode recoveryCase, String name, String status) {
        List<JsonNode> found = new ArrayList<>();
        for (JsonNode s : recoveryCase.path("steps")) {
            if (s.path("name").asText().equals(name) && (status == null || status.equals(s.path("status").asText()))) {
                found.add(s);
            }
        }
        return found;
    }

    /** The one PLANNED step of that name. */
    protected static JsonNode planned(JsonNode recoveryCase, String name) {
        List<JsonNode> found = stepsNamed(recoveryCase, name, "PLANNED");
        if (found.size() != 1) {
            fail("expected one PLANNED step '" + name + "', found " + found.size() + " in " + recoveryCase);
        }
        return found.get(0);
    }

    protected static JsonNode stepById(JsonNode recoveryCase, String stepId) {
        for (JsonNode s : recoveryCase.path("steps")) {
            if (s.path("id").asText().equals(stepId)) {
                return s;
            }
        }
        throw new AssertionError("no step " + stepId + " in " + recoveryCase);
    }

    /** Names of the PLANNED steps, sorted. */
    protected static List<String> plannedNames(JsonNode recoveryCase) {
        List<String> names = new ArrayList<>();
        for (JsonNode s : recoveryCase.path("steps")) {
            if ("PLANNED".equals(s.path("status").asText())) {
                names.add(s.path("name").asText());
            }
        }
        Collections.sort(names);
        return names;
    }

    protected static void assertPlannedSteps(JsonNode recoveryCase, String... names) {
        List<String> expected = new ArrayList<>(List.of(names));
        Collections.sort(expected);
        assertEquals("planned steps of " + recoveryCase, expected, plannedNames(recoveryCase));
    }

    protected static List<String> texts(JsonNode array) {
        List<String> values = new ArrayList<>();
        array.forEach(v -> values.add(v.asText()));
        return values;
    }

    /**
     * Checks the one PLANNED step named {@code plan.name()} against the plan table: type, allowed outcomes,
     * assignee, escalation, and a due time {@code plan.dueIn()} after {@code from} (when the step was planned).
     */
    protected static JsonNode assertPlanned(JsonNode recoveryCase, Plan plan, Instant from) {
        JsonNode step = planned(recoveryCase, plan.name());
        String where = plan.name() + " in " + recoveryCase;
        assertEquals(where, plan.type(), step.path("type").asText());
        assertEquals(where, plan.outcomes(), texts(step.path("allowedOutcomes")));
        assertEquals(where, plan.assignee(recoveryCase.path("ownerRep").asText()), step.path("assignee").asText());
        assertEquals(where, plan.escalates(), step.path("escalateWhenOverdue").asBoolean());
        assertFalse(where, step.path("instructions").asText().isBlank());
        assertDue(where, step, from.plus(plan.dueIn()));
        return step;
    }

    protected static void assertDue(String where, JsonNode step, Instant expected) {
        Instant due = instant(step.path("dueAt"));
        Duration off = Duration.between(expected, due).abs();
        assertTrue("step " + step.path("name").asText() + " is due " + due + ", expected " + expected + " ("
                + off + " off): " + where, off.compareTo(DUE_TOLERANCE) <= 0);
    }

    /** Posts a completion and returns the raw answer. */
    protected ApiResponse tryComplete(String caseId, String stepId, User user, String outcome) {
        return post("/api/v1/cases/" + caseId + "/steps/" + stepId + "/complete", user,
                json().put("outcome", outcome).put("notes", "attempt with " + outcome));
    }

    /**
     * Completes the one PLANNED step named {@code stepName} and checks it is DONE with the outcome, notes and user,
     * that every step the case had is still there, and returns the case as the API answered it.
     */
    protected Done complete(JsonNode before, String stepName, String outcome, String notes, User user) {
        String caseId = id(before);
        JsonNode step = planned(before, stepName);
        ApiResponse response = post("/api/v1/cases/" + caseId + "/steps/" + id(step) + "/complete", user,
                json().put("outcome", outcome).put("notes", notes));
        JsonNode after = response.assertStatus(200).json();
        assertEquals(response.toString(), caseId, id(after));
        assertTrue("ETag on " + response, response.header("ETag").isPresent());
        JsonNode done = stepById(after, id(step));
        assertEquals(done.toString(), "DONE", done.path("status").asText());
        assertEquals(done.toString(), outcome, done.path("outcome").path("code").asText());
        assertEquals(done.toString(), notes, done.path("outcome").path("notes").asText());
        assertEquals(done.toString(), user.name(), done.path("outcome").path("recordedBy").asText());
        for (JsonNode s : before.path("steps")) {
            JsonNode kept = stepById(after, id(s));
            assertEquals(kept.toString(), s.path("name").asText(), kept.path("name").asText());
            assertEquals(kept.toString(), s.path("dueAt").asText(), kept.path("dueAt").asText());
            if (!id(s).equals(id(step))) {
                boolean closed = !"OPEN".equals(after.path("status").asText());
                if (closed && "PLANNED".equals(s.path("status").asText())) {
                    // closing the case settles its plan: what was still planned is cancelled, nothing else
                    assertEquals("a planned step survived the close: " + after, "CANCELLED",
                            kept.path("status").asText());
                    com.fasterxml.jackson.databind.node.ObjectNode expected = s.deepCopy();
                    expected.put("status", "CANCELLED");
                    assertEquals("a step other than the completed one changed: " + after, expected, kept);
                } else {
                    assertEquals("a step other than the completed one changed: " + after, s, kept);
                }
            }
        }
        // the answer is what a later read sees
        assertEquals(after, getCase(caseId, user));
        return new Done(after, done, instant(done.path("outcome").path("recordedAt")));
    }

    // ------------------------------------------------------------------------------------------------------------
    // Problems and closing

    protected static JsonNode assertProblem(ApiResponse response, int status) {
        response.assertStatus(status);
        assertTrue(response.toString(), response.header("Content-Type").orElse("")
                .startsWith("application/problem+json"));
        JsonNode problem = response.json();
        assertEquals(response.toString(), status, problem.path("status").asInt());
        assertFalse(response.toString(), problem.path("detail").asText().isBlank());
        return problem;
    }

    protected static String field(JsonNode problem) {
        return problem.path("errors").path(0).path("field").asText();
    }

    /**
     * Closes a case as WON_BACK the way a rep proves it: a purchase of the customer dated today is recorded first
     * (the evidence), then the case is closed with the revenue. Checks the revenue, its currency (the customer's),
     * the evidence, who closed it, the close time and that no planned step survives.
     */
    protected JsonNode closeWonBack(JsonNode recoveryCase, User user, String revenue) {
        String customerId = recoveryCase.path("customerId").asText();
        JsonNode purchase = recordPurchase(customerId, user, LocalDate.now(ZoneOffset.UTC), "99.90", null);
        Instant before = Instant.now();
        JsonNode won = post("/api/v1/cases/" + id(recoveryCase) + "/close", user,
                json().put("status", "WON_BACK").put("revenue", new BigDecimal(revenue))
                        .put("notes", "Ordered again")).assertStatus(200).json();
        assertEquals(won.toString(), "WON_BACK", won.path("status").asText());
        assertEquals(won.toString(), 0, new BigDecimal(revenue).compareTo(won.path("recoveredRevenue").decimalValue()));
        assertEquals(won.toString(), customerCurrency(customerId), won.path("revenueCurrency").asText());
        assertEquals(won.toString(), user.name(), won.path("closedBy").asText());
        assertEquals(won.toString(), "Ordered again", won.path("closeNotes").asText());
        assertEquals(won.toString(), "PURCHASE", won.path("evidence").path("kind").asText());
        assertEquals(won.toString(), id(purchase), won.path("evidence").path("purchaseId").asText());
        Instant closedAt = instant(won.path("closedAt"));
        assertTrue(won.toString(), !closedAt.isBefore(before.minus(DUE_TOLERANCE))
                && !closedAt.isAfter(Instant.now().plus(DUE_TOLERANCE)));
        assertTrue(won.toString(), !closedAt.isBefore(instant(won.path("createdAt"))));
        assertEquals(won.toString(), List.of(), plannedNames(won));
        assertEquals(won, getCase(id(recoveryCase), user));
        return won;
    }

    private String customerCurrency(String customerId) {
        return get("/api/v1/customers/" + customerId, MANAGER).assertStatus(200).json().path("currency").asText();
    }

    protected static void assertClosed(JsonNode recoveryCase, String status, boolean noFurtherContact) {
        assertEquals(recoveryCase.toString(), status, recoveryCase.path("status").asText());
        assertTrue(recoveryCase.toString(), recoveryCase.path("closedAt").isTextual());
        assertEquals(recoveryCase.toString(), noFurtherContact, recoveryCase.path("noFurtherContact").asBoolean());
        assertEquals(recoveryCase.toString(), List.of(), plannedNames(recoveryCase));
    }

    // ------------------------------------------------------------------------------------------------------------
    // Evidence, decision steps, timing

    /** Records a purchase of the customer ({@code currency} null: the customer's) and checks the 201. */
    protected JsonNode recordPurchase(String customerId, User user, LocalDate date, String amount, String currency) {
        ObjectNode body = json().put("date", date.toString()).put("amount", new BigDecimal(amount))
                .put("transactionId", "T-" + UUID.randomUUID());
        if (currency != null) {
            body.put("currency", currency);
        }
        ApiResponse created = post("/api/v1/customers/" + customerId + "/purchases", user, body);
        JsonNode purchase = created.assertStatus(201).json();
        assertEquals(created.toString(), customerId, purchase.path("customerId").asText());
        assertEquals(created.toString(), date.toString(), purchase.path("date").asText());
        assertEquals(created.toString(), 0, new BigDecimal(amount).compareTo(purchase.path("amount").decimalValue()));
        assertFalse(created.toString(), id(purchase).isBlank());
        return purchase;
    }

    /** The decision outcomes every plan may end in (StepPlan.decision). */
    protected static final List<String> DECISION_OUTCOMES = List.of("WON_BACK", "HAND_OVER", "NEVER");

    protected static boolean isDecision(JsonNode step) {
        return texts(step.path("allowedOutcomes")).containsAll(DECISION_OUTCOMES)
                && step.path("closes").size() > 0;
    }

    /**
     * The case's one PLANNED decision step, checked: the owner's, due in the future (so it shows in worklists and
     * goes overdue), contacting nobody, its outcomes closing the case as WON_BACK, HANDED_OVER and CLOSED_NEVER, and
     * HAND_OVER and NEVER needing notes. Fails when the case has none (a dead end) or more than one.
     */
    protected static JsonNode assertDecisionStep(JsonNode recoveryCase) {
        List<JsonNode> found = new ArrayList<>();
        for (JsonNode s : recoveryCase.path("steps")) {
            if ("PLANNED".equals(s.path("status").asText()) && isDecision(s)) {
                found.add(s);
            }
        }
        assertEquals("one PLANNED decision step in " + recoveryCase, 1, found.size());
        assertEquals(recoveryCase.toString(), "OPEN", recoveryCase.path("status").asText());
        JsonNode step = found.get(0);
        String where = "decision step " + step;
        assertEquals(where, DECISION_OUTCOMES, texts(step.path("allowedOutcomes")));
        assertEquals(where, recoveryCase.path("ownerRep").asText(), step.path("assignee").asText());
        assertTrue(where, instant(step.path("dueAt")).isAfter(Instant.now()));
        assertFalse(where, step.path("contactsCustomer").asBoolean(true));
        assertFalse(where, step.path("instructions").asText().isBlank());
        assertEquals(where, "WON_BACK", step.path("closes").path("WON_BACK").asText());
        assertEquals(where, "HANDED_OVER", step.path("closes").path("HAND_OVER").asText());
        assertEquals(where, "CLOSED_NEVER", step.path("closes").path("NEVER").asText());
        assertEquals(where, List.of("NOTES"), texts(step.path("requiresFor").path("HAND_OVER")));
        assertEquals(where, List.of("NOTES"), texts(step.path("requiresFor").path("NEVER")));
        return step;
    }

    /** Posts {@code body} as the completion of a step; returns the raw answer. */
    protected ApiResponse completeWith(String caseId, String stepId, User user, ObjectNode body) {
        return post("/api/v1/cases/" + caseId + "/steps/" + stepId + "/complete", user, body);
    }

    /**
     * Decides the case's decision step with HAND_OVER or NEVER (with notes, as they need) and checks the case closed
     * with the matching status; without notes the decision is a 422 naming them first.
     */
    protected JsonNode decide(JsonNode recoveryCase, String outcome, User user) {
        JsonNode step = assertDecisionStep(recoveryCase);
        String caseId = id(recoveryCase);
        assertEquals("notes", field(assertProblem(completeWith(caseId, id(step), user, json().put("outcome", outcome)),
                422)));
        assertEquals(recoveryCase, getCase(caseId, user));
        String notes = "Decided " + outcome + " after the plan's last step";
        JsonNode closed = completeWith(caseId, id(step), user, json().put("outcome", outcome).put("notes", notes))
                .assertStatus(200).json();
        String status = "HAND_OVER".equals(outcome) ? "HANDED_OVER" : "CLOSED_NEVER";
        assertClosed(closed, status, false);
        JsonNode done = stepById(closed, id(step));
        assertEquals(done.toString(), "DONE", done.path("status").asText());
        assertEquals(done.toString(), outcome, done.path("outcome").path("code").asText());
        assertEquals(closed.toString(), user.name(), closed.path("closedBy").asText());
        assertEquals(closed.toString(), notes, closed.path("closeNotes").asText());
        assertEquals(closed, getCase(caseId, user));
        return closed;
    }

    /**
     * Decides WON_BACK on the decision step: refused without evidence (422, evidence), then accepted once a purchase
     * dated today is on record; the case closes WON_BACK with the revenue, its currency and the purchase as evidence.
     */
    protected JsonNode decideWonBack(JsonNode recoveryCase, User user, String revenue) {
        JsonNode step = assertDecisionStep(recoveryCase);
        String caseId = id(recoveryCase);
        ObjectNode body = json().put("outcome", "WON_BACK").put("revenue", new BigDecimal(revenue))
                .put("currency", "EUR").put("notes", "They ordered again");
        assertEquals("evidence", field(assertProblem(completeWith(caseId, id(step), user, body), 422)));
        JsonNode purchase = recordPurchase(recoveryCase.path("customerId").asText(), user,
                LocalDate.now(ZoneOffset.UTC), "250.00", "EUR");
        JsonNode won = completeWith(caseId, id(step), user, body).assertStatus(200).json();
        assertClosed(won, "WON_BACK", false);
        assertEquals(won.toString(), 0, new BigDecimal(revenue).compareTo(won.path("recoveredRevenue").decimalValue()));
        assertEquals(won.toString(), "EUR", won.path("revenueCurrency").asText());
        assertEquals(won.toString(), "PURCHASE", won.path("evidence").path("kind").asText());
        assertEquals(won.toString(), id(purchase), won.path("evidence").path("purchaseId").asText());
        assertEquals(won.toString(), user.name(), won.path("closedBy").asText());
        assertEquals(won.toString(), "WON_BACK", stepById(won, id(step)).path("outcome").path("code").asText());
        return won;
    }

    /** Whether the step may not be completed yet: its notBefore lies in the future. */
    protected static boolean tooEarly(JsonNode step) {
        return step.path("notBefore").isTextual() && instant(step.path("notBefore")).isAfter(Instant.now());
    }

    /**
     * A completion before the step's notBefore: 409 with the earliest allowed time (problem member
     * {@code earliest}, equal to the step's notBefore) and a Retry-After header pointing at it; nothing changes.
     */
    protected JsonNode assertTooEarly(JsonNode recoveryCase, JsonNode step, User user, String outcome) {
        assertTrue("not before a future time: " + step, tooEarly(step));
        Instant notBefore = instant(step.path("notBefore"));
        assertTrue("due " + step.path("dueAt") + " before it may be done: " + step,
                !instant(step.path("dueAt")).isBefore(notBefore));
        ApiResponse refused = tryComplete(id(recoveryCase), id(step), user, outcome);
        JsonNode problem = assertProblem(refused, 409);
        assertEquals(refused.toString(), notBefore, instant(problem.path("earliest")));
        String retryAfter = refused.header("Retry-After").orElse("");
        assertFalse("Retry-After on " + refused, retryAfter.isBlank());
        if (retryAfter.matches("\\d+")) {
            long seconds = Long.parseLong(retryAfter);
            long expected = Duration.between(Instant.now(), notBefore).getSeconds();
            assertTrue(refused + " (expected about " + expected + " s)", Math.abs(seconds - expected) <= 60);
        } else {
            Instant at = java.time.ZonedDateTime.parse(retryAfter, DateTimeFormatter.RFC_1123_DATE_TIME).toInstant();
            assertTrue(refused.toString(), Duration.between(at, notBefore).abs().getSeconds() <= 1);
        }
        assertEquals("nothing changed", recoveryCase, getCase(id(recoveryCase), user));
        return problem;
    }

    protected JsonNode customer(String customerId, User user) {
        return get("/api/v1/customers/" + customerId, user).assertStatus(200).json();
    }

    /** Opens a case as a manager, as a second running case of the customer ("parallel": true). */
    protected JsonNode openParallel(String customerId, String lossKind, String lossReason, String strategy,
            String ownerRep) {
        ObjectNode body = caseBody(customerId, lossKind, lossReason, strategy).put("parallel", true);
        if (ownerRep != null) {
            body.put("ownerRep", ownerRep);
        }
        JsonNode c = post("/api/v1/cases", MANAGER, body).assertStatus(201).json();
        assertEquals(c.toString(), "OPEN", c.path("status").asText());
        return c;
    }

    /** Documents a why on the case (as a manager, who may work any case); returns the case as it is now. */
    protected JsonNode recordWhy(JsonNode recoveryCase) {
        return post("/api/v1/cases/" + id(recoveryCase) + "/whys", MANAGER, json()
                .put("statement", "Nobody called back after the third wrong invoice")
                .put("lossReason", recoveryCase.path("lossReason").asText()).put("fixable", true))
                .assertStatus(201).json();
    }

    /**
     * Records a written second-chance agreement with one condition for each side, checked in 30 and 45 days (each
     * gets a check-condition step); returns the case as it is now.
     */
    protected JsonNode recordAgreement(JsonNode recoveryCase) {
        ObjectNode agreement = json().put("customerSignatory", "Jane Roe, CFO")
                .put("documentReference", "crm:attachment:4711");
        agreement.putArray("conditions")
                .add(json().put("party", "US").put("condition", "Invoices checked by a person")
                        .put("dueAt", Instant.now().plus(Duration.ofDays(30)).toString()))
                .add(json().put("party", "CUSTOMER").put("condition", "A trial order")
                        .put("dueAt", Instant.now().plus(Duration.ofDays(45)).toString()));
        return post("/api/v1/cases/" + id(recoveryCase) + "/agreement", MANAGER, agreement).assertStatus(201).json();
    }

    /** Every event of the log after {@code cursor} (of {@code type}, or all when null), read page by page. */
    protected List<JsonNode> eventsAfter(long cursor, String type) {
        List<JsonNode> all = new ArrayList<>();
        long after = cursor;
        for (int pages = 0; pages < 1000; pages++) {
            JsonNode page = get("/api/v1/events?after=" + after + "&limit=1000" + (type == null ? "" : "&type=" + type),
                    ADMIN).assertStatus(200).json();
            page.path("items").forEach(all::add);
            if (page.path("items").size() < 1000) {
                return all;
            }
            after = page.path("next").asLong();
        }
        throw new AssertionError("more than a million events?");
    }

    protected List<JsonNode> eventsAfter(long cursor) {
        return eventsAfter(cursor, null);
    }

    /** The id of the newest event in the log, 0 when it is empty. */
    protected long head() {
        List<JsonNode> all = eventsAfter(0);
        return all.isEmpty() ? 0 : all.get(all.size() - 1).path("id").asLong();
    }

    protected static List<Long> ids(List<JsonNode> events) {
        List<Long> ids = new ArrayList<>();
        events.forEach(e -> ids.add(e.path("id").asLong()));
        return ids;
    }

}
