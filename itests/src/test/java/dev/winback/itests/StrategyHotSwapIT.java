package dev.winback.itests;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertNotEquals;
import static org.junit.Assert.assertTrue;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import org.junit.Test;
import org.junit.runner.RunWith;
import org.ops4j.pax.exam.junit.PaxExam;
import org.ops4j.pax.exam.spi.reactors.ExamReactorStrategy;
import org.ops4j.pax.exam.spi.reactors.PerClass;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * The real {@code winback-strategy-surprise24} feature switched off and on mid-case: its open case pauses with every
 * field and step intact and refuses work, the strategy disappears from the list and cannot be named, new lost deals
 * go to another strategy, other strategies' cases carry on; installed again, the case resumes where it was.
 * Its own container, because it uninstalls a boot feature.
 */
@RunWith(PaxExam.class)
@ExamReactorStrategy(PerClass.class)
public class StrategyHotSwapIT extends CaseWorkflowSupport {
    private static final String FEATURE = "winback-strategy-surprise24";
    private static final Duration SETTLE = Duration.ofSeconds(30);

    private List<String> strategyNames() {
        List<String> names = new ArrayList<>();
        get("/api/v1/strategies", REP1).assertStatus(200).json().forEach(s -> names.add(s.path("name").asText()));
        return names;
    }

    private static ObjectNode withoutStatusAndVersion(JsonNode recoveryCase) {
        ObjectNode copy = recoveryCase.deepCopy();
        copy.remove(List.of("status", "version", "updatedAt"));
        return copy;
    }

    /** Feature changes settle within moments; a bounded wait keeps the test from depending on thread timing. */
    private JsonNode awaitStatus(String caseId, String status) throws InterruptedException {
        long deadline = System.nanoTime() + SETTLE.toNanos();
        JsonNode c;
        do {
            c = getCase(caseId, REP1);
            if (status.equals(c.path("status").asText())) {
                return c;
            }
            Thread.sleep(200);
        } while (System.nanoTime() < deadline);
        throw new AssertionError("case " + caseId + " did not become " + status + " within " + SETTLE + ": " + c);
    }

    @Test
    public void uninstallingSurprise24PausesItsCaseAndInstallingItResumesIt() throws Exception {
        assertFeatureInstalled(FEATURE);
        String customer = newCustomer(REP1, "Hot Swap Logistics");
        JsonNode lostDeal = openCase(REP1, customer, "LOST_DEAL", "competitor", null);
        assertEquals("surprise24", lostDeal.path("strategy").asText());
        String caseId = id(lostDeal);
        Done apologised = complete(lostDeal, "apologise", "APOLOGISED", "Called within the hour", REP1);
        JsonNode refer = planned(apologised.recoveryCase(), "refer-elsewhere");

        // cases of the other strategies, which must not notice anything (one customer each: a customer has one
        // running case)
        JsonNode lapsed = openCase(REP1, newCustomer(REP1, "Hot Swap Lapsed"), "LAPSED", "late-delivery", null);
        JsonNode hostile = openCase(REP1, newCustomer(REP1, "Hot Swap Hostile"), "HOSTILE", "relationship", null);
        JsonNode nurtured = openCase(REP1, newCustomer(REP1, "Hot Swap Nurtured"), "LOST_DEAL", "price", "nurture");
        assertEquals("fivestep", lapsed.path("strategy").asText());
        assertEquals("code99", hostile.path("strategy").asText());

        JsonNode before = getCase(caseId, REP1);
        assertEquals("OPEN", before.path("status").asText());

        // ---- switched off
        featuresService.uninstallFeature(FEATURE);
        assertFalse(featuresService.isInstalled(featuresService.getFeature(FEATURE)));
        JsonNode paused = awaitStatus(caseId, "PAUSED");
        assertEquals("every other field and every step is kept", withoutStatusAndVersion(before),
                withoutStatusAndVersion(paused));
        assertEquals(before.path("steps"), paused.path("steps"));
        assertTrue(paused.toString(), paused.path("version").asLong() > before.path("version").asLong());
        assertEquals(1, get("/api/v1/cases?status=PAUSED&customerId=" + customer, MANAGER).assertStatus(200).json()
                .path("total").asInt());

        List<String> names = strategyNames();
        assertFalse(names.toString(), names.contains("surprise24"));
        assertTrue(names.toString(), names.containsAll(List.of("code99", "fivestep", "pitstop", "nurture")));

        String another = newCustomer(REP1, "Hot Swap Newcomer");
        JsonNode refused = assertProblem(post("/api/v1/cases", REP1,
                caseBody(another, "LOST_DEAL", "competitor", "surprise24")), 422);
        assertEquals("strategy", field(refused));

        // a new lost deal falls back to the highest-ranked installed strategy that applies: only nurture does
        JsonNode fallback = openCase(REP1, another, "LOST_DEAL", "competitor", null);
        assertNotEquals("surprise24", fallback.path("strategy").asText());
        assertEquals("nurture", fallback.path("strategy").asText());
        assertPlannedSteps(fallback, "share-useful-info");

        // the paused case cannot be worked
        JsonNode conflict = assertProblem(tryComplete(caseId, id(refer), REP1, "REFERRED"), 409);
        assertTrue(conflict.toString(), conflict.path("detail").asText().contains("paused"));
        assertEquals(paused, getCase(caseId, REP1));

        // the others carry on, and can be worked
        for (JsonNode other : List.of(lapsed, hostile, nurtured)) {
            assertEquals(other.path("strategy").asText(), "OPEN", getCase(id(other), REP1).path("status").asText());
        }
        Done factsFound = complete(getCase(id(lapsed), REP1), "fact-find", "FACTS_FOUND", "Carrier problems", REP1);
        assertPlannedSteps(factsFound.recoveryCase(), "explain-changes");

        // ---- switched on again
        featuresService.installFeature(FEATURE);
        JsonNode resumed = awaitStatus(caseId, "OPEN");
        assertEquals(withoutStatusAndVersion(before), withoutStatusAndVersion(resumed));
        assertTrue(strategyNames().contains("surprise24"));
        assertEquals(0, get("/api/v1/cases?status=PAUSED&customerId=" + customer, MANAGER).json().path("total")
                .asInt());
        assertEquals("nurture", getCase(id(fallback), REP1).path("strategy").asText());

        Done referred = complete(resumed, "refer-elsewhere", "REFERRED", "Referred to Nordfracht on 24 Nov", REP1);
        assertEquals("OPEN", referred.recoveryCase().path("status").asText());
        assertPlannedSteps(referred.recoveryCase(), "confirm-need-met");
        assertDue("after resuming", planned(referred.recoveryCase(), "confirm-need-met"),
                referred.at().plus(Duration.ofDays(14)));

        // and new lost deals get it by the admin's rule again
        assertEquals("surprise24", openCase(REP1, newCustomer(REP1, "Hot Swap Later"), "LOST_DEAL", "competitor",
                null).path("strategy").asText());
    }
}
