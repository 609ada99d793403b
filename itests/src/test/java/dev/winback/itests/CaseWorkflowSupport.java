package dev.winback.itests;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertTrue;
import static org.junit.Assert.fail;

import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
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
                assertEquals("a step other than the completed one changed: " + after, s, kept);
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

    /** Closes a case as WON_BACK and checks the revenue, the close time and that no planned step survives. */
    protected JsonNode closeWonBack(JsonNode recoveryCase, User user, String revenue) {
        Instant before = Instant.now();
        JsonNode won = post("/api/v1/cases/" + id(recoveryCase) + "/close", user,
                json().put("status", "WON_BACK").put("revenue", new BigDecimal(revenue))).assertStatus(200).json();
        assertEquals(won.toString(), "WON_BACK", won.path("status").asText());
        assertEquals(won.toString(), 0, new BigDecimal(revenue).compareTo(won.path("recoveredRevenue").decimalValue()));
        Instant closedAt = instant(won.path("closedAt"));
        assertTrue(won.toString(), !closedAt.isBefore(before.minus(DUE_TOLERANCE))
                && !closedAt.isAfter(Instant.now().plus(DUE_TOLERANCE)));
        assertTrue(won.toString(), !closedAt.isBefore(instant(won.path("createdAt"))));
        assertEquals(won.toString(), List.of(), plannedNames(won));
        assertEquals(won, getCase(id(recoveryCase), user));
        return won;
    }

    protected static void assertClosed(JsonNode recoveryCase, String status, boolean noFurtherContact) {
        assertEquals(recoveryCase.toString(), status, recoveryCase.path("status").asText());
        assertTrue(recoveryCase.toString(), recoveryCase.path("closedAt").isTextual());
        assertEquals(recoveryCase.toString(), noFurtherContact, recoveryCase.path("noFurtherContact").asBoolean());
        assertEquals(recoveryCase.toString(), List.of(), plannedNames(recoveryCase));
    }
}
