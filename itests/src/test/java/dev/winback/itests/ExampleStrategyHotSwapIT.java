package dev.winback.itests;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertTrue;

import java.net.URI;
import java.util.List;
import java.util.UUID;

import org.junit.Test;
import org.junit.runner.RunWith;
import org.ops4j.pax.exam.Option;
import org.ops4j.pax.exam.junit.PaxExam;
import org.ops4j.pax.exam.spi.reactors.ExamReactorStrategy;
import org.ops4j.pax.exam.spi.reactors.PerClass;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * A third-party strategy (examples/winback-strategy-example, compiled against winback-api only) installed as a
 * Karaf feature from its own feature repository, run through a case over HTTP, uninstalled mid-case and installed
 * again: the case pauses with every field intact and resumes exactly where it was.
 */
@RunWith(PaxExam.class)
@ExamReactorStrategy(PerClass.class)
public class ExampleStrategyHotSwapIT extends CaseWorkflowSupport {
    private static final String FEATURE = "winback-strategy-example";

    /** Driver side: a feature repository for the example bundle, as an integrator would publish one. */
    @Override
    protected Option[] extraOptions() {
        return new Option[] {exampleFeatureRepository("winback.itest.exampleStrategy", FEATURE,
                "winback.itest.exampleFeatures")};
    }

    private List<String> strategyNames() {
        List<String> names = new java.util.ArrayList<>();
        get("/api/v1/strategies", MANAGER).assertStatus(200).json().forEach(s -> names.add(s.path("name").asText()));
        return names;
    }

    private static JsonNode step(JsonNode recoveryCase, String name) {
        for (JsonNode s : recoveryCase.path("steps")) {
            if (s.path("name").asText().equals(name)) {
                return s;
            }
        }
        throw new AssertionError("no step " + name + " in " + recoveryCase);
    }

    private static ObjectNode withoutStatusAndVersion(JsonNode recoveryCase) {
        ObjectNode copy = recoveryCase.deepCopy();
        copy.remove(List.of("status", "version", "updatedAt"));
        return copy;
    }

    /** Feature changes settle within moments; a bounded wait keeps the test from depending on thread timing. */
    private JsonNode awaitStatus(String caseId, String status) throws InterruptedException {
        long deadline = System.nanoTime() + 30_000_000_000L;
        JsonNode c;
        do {
            c = get("/api/v1/cases/" + caseId, MANAGER).assertStatus(200).json();
            if (status.equals(c.path("status").asText())) {
                return c;
            }
            Thread.sleep(200);
        } while (System.nanoTime() < deadline);
        throw new AssertionError("case " + caseId + " did not become " + status + ": " + c);
    }

    private ApiResponse complete(String caseId, JsonNode step, String outcome) {
        return post("/api/v1/cases/" + caseId + "/steps/" + step.path("id").asText() + "/complete", REP1,
                json().put("outcome", outcome).put("notes", "outcome " + outcome));
    }

    @Test
    public void aThirdPartyStrategyRunsPausesAndResumes() throws Exception {
        featuresService.addRepository(URI.create(System.getProperty("winback.itest.exampleFeatures")));
        featuresService.installFeature(FEATURE);
        assertTrue(strategyNames().toString(), strategyNames().contains("exit-interview"));

        String customer = post("/api/v1/customers", MANAGER, json().put("externalId", UUID.randomUUID().toString())
                .put("source", "swap-it").put("name", "Complaining Co").put("ownerRep", "rep1")).assertStatus(201)
                .json().path("id").asText();
        JsonNode opened = post("/api/v1/cases", MANAGER, json().put("customerId", customer).put("lossKind",
                "COMPLAINT").put("lossReason", "service-failure").put("strategy", "exit-interview"))
                .assertStatus(201).json();
        String caseId = opened.path("id").asText();
        assertEquals("exit-interview", opened.path("strategy").asText());
        JsonNode listen = step(opened, "listen");
        assertEquals("PLANNED", listen.path("status").asText());
        assertEquals("[\"TALKED\",\"NO_ANSWER\"]", listen.path("allowedOutcomes").toString());

        assertEquals("outcome", complete(caseId, listen, "MAYBE").assertStatus(400).json().path("errors").path(0)
                .path("field").asText());
        JsonNode talked = complete(caseId, listen, "TALKED").assertStatus(200).json();
        assertEquals("DONE", step(talked, "listen").path("status").asText());
        JsonNode writeBack = step(talked, "write-back");
        assertEquals("PLANNED", writeBack.path("status").asText());
        complete(caseId, listen, "TALKED").assertStatus(409);
        JsonNode before = get("/api/v1/cases/" + caseId, MANAGER).assertStatus(200).json();

        // Uninstall mid-case: the case waits, nothing is lost, nothing can move.
        featuresService.uninstallFeature(FEATURE);
        JsonNode paused = awaitStatus(caseId, "PAUSED");
        assertEquals("PAUSED", paused.path("status").asText());
        assertEquals(withoutStatusAndVersion(before), withoutStatusAndVersion(paused));
        assertFalse(strategyNames().contains("exit-interview"));
        assertEquals(1, get("/api/v1/cases?status=PAUSED&customerId=" + customer, MANAGER).json().path("total")
                .asInt());
        assertEquals("strategy", post("/api/v1/cases", MANAGER, json().put("customerId", customer)
                .put("lossKind", "COMPLAINT").put("lossReason", "service-failure").put("strategy", "exit-interview"))
                .assertStatus(422).json().path("errors").path(0).path("field").asText());
        complete(caseId, writeBack, "SENT").assertStatus(409);

        // Install again: the case resumes exactly where it was and runs to the end.
        featuresService.installFeature(FEATURE);
        JsonNode resumed = awaitStatus(caseId, "OPEN");
        assertEquals("OPEN", resumed.path("status").asText());
        assertEquals(withoutStatusAndVersion(before), withoutStatusAndVersion(resumed));
        JsonNode sent = complete(caseId, writeBack, "SENT").assertStatus(200).json();
        assertEquals("DONE", step(sent, "write-back").path("status").asText());
        // the third party's plan ends with nothing more to do: no dead end, the owner decides (the engine's
        // decision step when the strategy plans none)
        assertDecisionStep(sent);

        // won back needs evidence, even for a manager: a purchase since the case opened
        JsonNode refusedWin = assertProblem(post("/api/v1/cases/" + caseId + "/close", MANAGER, json()
                .put("status", "WON_BACK").put("revenue", 1200).put("currency", "EUR")), 422);
        assertEquals("evidence", field(refusedWin));
        recordPurchase(customer, MANAGER, java.time.LocalDate.now(java.time.ZoneOffset.UTC), "1200", "EUR");
        JsonNode won = post("/api/v1/cases/" + caseId + "/close", MANAGER, json().put("status", "WON_BACK")
                .put("revenue", 1200).put("currency", "EUR")).assertStatus(200).json();
        assertEquals("WON_BACK", won.path("status").asText());
        assertEquals(1200, won.path("recoveredRevenue").asDouble(), 0.001);
        assertEquals("PURCHASE", won.path("evidence").path("kind").asText());
        assertEquals("manager", won.path("closedBy").asText());
        assertEquals("EUR", won.path("revenueCurrency").asText());
        post("/api/v1/cases/" + caseId + "/close", MANAGER, json().put("status", "CLOSED_NEVER")).assertStatus(409);

        // its other path ends in a terminal status
        String silent = post("/api/v1/customers", MANAGER, json().put("externalId", UUID.randomUUID().toString())
                .put("source", "swap-it").put("name", "Silent Co").put("ownerRep", "rep1")).assertStatus(201)
                .json().path("id").asText();
        JsonNode other = post("/api/v1/cases", MANAGER, json().put("customerId", silent).put("lossKind",
                "COMPLAINT").put("lossReason", "service-failure").put("strategy", "exit-interview"))
                .assertStatus(201).json();
        JsonNode noAnswer = complete(other.path("id").asText(), step(other, "listen"), "NO_ANSWER").assertStatus(200)
                .json();
        assertClosed(noAnswer, "CLOSED_NO_RESPONSE", false);
    }
}
