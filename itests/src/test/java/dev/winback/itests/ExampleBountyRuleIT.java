package dev.winback.itests;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.math.BigDecimal;
import java.net.URI;
import java.time.Duration;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.junit.Test;
import org.junit.runner.RunWith;
import org.ops4j.pax.exam.Option;
import org.ops4j.pax.exam.junit.PaxExam;
import org.ops4j.pax.exam.spi.reactors.ExamReactorStrategy;
import org.ops4j.pax.exam.spi.reactors.PerClass;

/**
 * A third-party bounty rule (examples/winback-bounty-rule-example, compiled against winback-api only) installed as a
 * Karaf feature from its own repository: a plan names it, a win-back pays by it; uninstalled, the next win-back
 * waits for it; installed again, that win-back is calculated once.
 */
@RunWith(PaxExam.class)
@ExamReactorStrategy(PerClass.class)
public class ExampleBountyRuleIT extends CaseWorkflowSupport {
    private static final String FEATURE = "winback-bounty-rule-first-repurchase-bonus";
    private static final Duration SETTLE = Duration.ofSeconds(60);

    @Override
    protected Option[] extraOptions() {
        return new Option[] {exampleFeatureRepository("winback.itest.exampleBountyRule", FEATURE,
                "winback.itest.exampleBountyRuleFeatures")};
    }

    private List<JsonNode> entriesOf(String caseId) {
        List<JsonNode> entries = new ArrayList<>();
        get("/api/v1/bounties?case=" + caseId, MANAGER).assertStatus(200).json().path("items").forEach(entries::add);
        return entries;
    }

    private String customerIn(String segment) {
        return post("/api/v1/customers", MANAGER, json().put("externalId", UUID.randomUUID().toString())
                .put("source", "example-rule-it").put("name", "Returning Ltd").put("ownerRep", "rep1")
                .put("currency", "EUR").put("segment", segment)).assertStatus(201).json().path("id").asText();
    }

    @Test
    public void aThirdPartyRulePaysWaitsWhileAwayAndCalculatesOnceWhenBack() throws Exception {
        featuresService.addRepository(URI.create(System.getProperty("winback.itest.exampleBountyRuleFeatures")));
        featuresService.installFeature(FEATURE);
        await("the example rule is listed", SETTLE, () -> get("/api/v1/bounty-rules", MANAGER).body()
                .contains("first-repurchase-bonus"), () -> get("/api/v1/bounty-rules", MANAGER).body());

        String segment = "example-" + UUID.randomUUID();
        ObjectNode plan = json().put("name", "First repurchase").put("currency", "EUR")
                .put("validFrom", LocalDate.now(ZoneOffset.UTC).minusDays(1).toString());
        plan.putObject("scope").putArray("segments").add(segment);
        plan.set("rules", json("[{\"rule\": \"first-repurchase-bonus\", \"params\": {\"percent\": 10}}]"));
        String planId = id(post("/api/v1/bounty-plans", MANAGER, plan).assertStatus(201).json());
        post("/api/v1/bounty-plans/" + planId + "/publish", MANAGER, null).assertStatus(200);

        // closeWonBack records a purchase of 99.90 as the evidence: 10 % of it is 9.99
        JsonNode first = closeWonBack(openCase(REP1, customerIn(segment), "LOST_DEAL", "price", null), REP1, "500");
        await("the example rule's entry", SETTLE, () -> entriesOf(id(first)).size() == 1,
                () -> entriesOf(id(first)).toString());
        JsonNode entry = entriesOf(id(first)).get(0);
        assertEquals("first-repurchase-bonus", entry.path("rule").asText());
        assertEquals(0, new BigDecimal("9.99").compareTo(entry.path("amount").decimalValue()));

        featuresService.uninstallFeature(FEATURE);
        JsonNode second;
        try {
            second = closeWonBack(openCase(REP1, customerIn(segment), "LOST_DEAL", "price", null), REP1, "500");
            await("the second win-back waits for the rule", SETTLE, () -> get("/api/v1/bounties/accruals?status="
                    + "WAITING&case=" + id(second), MANAGER).body().contains("first-repurchase-bonus"),
                    () -> get("/api/v1/bounties/accruals?case=" + id(second), MANAGER).body());
            assertTrue(entriesOf(id(second)).isEmpty());
            assertFalse(get("/api/v1/bounty-rules", MANAGER).body().contains("first-repurchase-bonus"));
        } finally {
            featuresService.installFeature(FEATURE);
        }
        await("the waiting win-back is calculated", SETTLE, () -> entriesOf(id(second)).size() == 1,
                () -> entriesOf(id(second)).toString());
        Thread.sleep(2000);
        assertEquals(1, entriesOf(id(second)).size());
        assertTrue(get("/api/v1/bounties/" + id(entriesOf(id(second)).get(0)) + "/explain", REP1).assertStatus(200)
                .json().path("matches").asBoolean());
    }
}
