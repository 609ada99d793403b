package dev.winback.itests;

import static org.junit.Assert.assertArrayEquals;
import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;

import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.junit.Test;
import org.junit.runner.RunWith;
import org.ops4j.pax.exam.junit.PaxExam;
import org.ops4j.pax.exam.spi.reactors.ExamReactorStrategy;
import org.ops4j.pax.exam.spi.reactors.PerClass;
import org.osgi.framework.Bundle;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * Issue 7, point 8: the engine is quiet when nothing happened. {@code bundle:restart} of winback-core, of the store
 * (winback-store-jdbc) and of a strategy bundle changes no case: every case reads back the same, with the same
 * version and ETag, the case list and the customers too, and audit_log gains no row. An ETag a client held before
 * the restarts still works after them. Only uninstalling a strategy's feature pauses its cases.
 */
@RunWith(PaxExam.class)
@ExamReactorStrategy(PerClass.class)
public class QuietRestartIT extends CaseWorkflowSupport {
    private static final Duration BACK_WITHIN = Duration.ofSeconds(90);

    /** What a client sees of the data: each path's body and ETag. */
    private record Snapshot(Map<String, String> etags, Map<String, JsonNode> bodies, long[] audit) {
    }

    private Snapshot snapshot(List<String> paths) {
        Map<String, String> etags = new LinkedHashMap<>();
        Map<String, JsonNode> bodies = new LinkedHashMap<>();
        for (String path : paths) {
            ApiResponse r = get(path, MANAGER).assertStatus(200);
            bodies.put(path, r.json());
            etags.put(path, r.header("ETag").orElse(""));
        }
        return new Snapshot(etags, bodies, auditTotals());
    }

    private void assertUnchanged(String what, Snapshot before, List<String> paths) {
        Snapshot after = snapshot(paths);
        for (String path : paths) {
            assertEquals(what + " changed " + path, before.bodies().get(path), after.bodies().get(path));
            assertEquals(what + " changed the ETag of " + path, before.etags().get(path), after.etags().get(path));
        }
        assertArrayEquals(what + " wrote to audit_log (rows, highest id)", before.audit(), after.audit());
    }

    /** bundle:restart: stop and start the bundle, then wait until the API answers for every case again. */
    private void restart(String symbolicName, List<String> paths) throws Exception {
        Bundle bundle = bundle(symbolicName);
        bundle.stop();
        bundle.start();
        assertBundleActive(symbolicName);
        long deadline = System.nanoTime() + BACK_WITHIN.toNanos();
        String last = "";
        while (System.nanoTime() < deadline) {
            boolean ready = get("/api/v1/health").status() == 200 && strategyCount() == 5;
            for (String path : paths) {
                ApiResponse r = get(path, MANAGER);
                ready &= r.status() == 200;
                last = r.toString();
            }
            if (ready) {
                // whatever a restart would do by itself (re-binding strategies, sweeps) has had its moment
                Thread.sleep(3000);
                return;
            }
            Thread.sleep(300);
        }
        throw new AssertionError("Winback did not come back within " + BACK_WITHIN + " after restarting "
                + symbolicName + "; last: " + last);
    }

    private int strategyCount() {
        ApiResponse r = get("/api/v1/strategies", MANAGER);
        return r.status() == 200 ? r.json().size() : -1;
    }

    @Test
    public void restartingCoreStoreAndAStrategyChangesNoCase() throws Exception {
        // cases in every kind of state
        JsonNode lapsed = openCase(REP1, newCustomer(REP1, "Quiet Lapsed Ltd"), "LAPSED", "late-delivery", null);
        lapsed = complete(lapsed, "fact-find", "FACTS_FOUND", "Facts", REP1).recoveryCase();
        JsonNode lostDeal = openCase(REP1, newCustomer(REP1, "Quiet Lost Deal AG"), "LOST_DEAL", "competitor", null);
        JsonNode hostile = openCase(REP2, newCustomer(REP2, "Quiet Hostile plc"), "HOSTILE", "relationship", null);
        hostile = complete(hostile, "meet-decision-maker", "MET", "Met", REP2).recoveryCase();
        hostile = recordWhy(hostile);
        JsonNode nurtured = openCase(REP1, newCustomer(REP1, "Quiet Nurture BV"), "LAPSED", "price", "nurture");
        nurtured = complete(nurtured, "share-useful-info", "SENT", "An article", REP1).recoveryCase();
        JsonNode closed = openCase(REP1, newCustomer(REP1, "Quiet Closed Oy"), "LAPSED", "price", null);
        post("/api/v1/cases/" + id(closed) + "/close", MANAGER, json().put("status", "CLOSED_NEVER")
                .put("notes", "Gone for good")).assertStatus(200);
        String blocked = newCustomer(REP1, "Quiet Blocked GmbH");
        post("/api/v1/customers/" + blocked + "/contact-block", MANAGER, json().put("reason", "Asked us to stop"))
                .assertStatus(200);

        List<String> paths = new ArrayList<>();
        for (JsonNode c : List.of(lapsed, lostDeal, hostile, nurtured, closed)) {
            paths.add("/api/v1/cases/" + id(c));
            paths.add("/api/v1/customers/" + c.path("customerId").asText());
        }
        paths.add("/api/v1/customers/" + blocked);
        List<String> lists = List.of("/api/v1/cases?size=50", "/api/v1/steps?assignee=rep1&size=50");
        List<String> all = new ArrayList<>(paths);
        all.addAll(lists);
        // list bodies have no ETag; compare them too
        Snapshot before = snapshot(all);
        String heldEtag = before.etags().get("/api/v1/cases/" + id(lapsed));
        assertTrue(heldEtag, !heldEtag.isBlank());

        restart("winback-core", paths);
        assertUnchanged("bundle:restart winback-core", before, all);

        restart("winback-store-jdbc", paths);
        assertUnchanged("bundle:restart winback-store-jdbc", before, all);

        restart("winback-strategy-surprise24", paths);
        assertUnchanged("bundle:restart winback-strategy-surprise24", before, all);
        assertEquals("OPEN", getCase(id(lostDeal), MANAGER).path("status").asText());

        restart("winback-core", paths);
        restart("winback-store-jdbc", paths);
        assertUnchanged("restarting both again", before, all);

        // the ETag a client held all along still works, and the engine works as before
        ApiResponse patched = patch("/api/v1/cases/" + id(lapsed), REP1, json().put("notes", "Still here"),
                heldEtag).assertStatus(200);
        assertEquals("Still here", patched.json().path("notes").asText());
        complete(getCase(id(lostDeal), REP1), "apologise", "APOLOGISED", "Called", REP1);
        assertTrue("a real change is audited", auditTotals()[0] > before.audit()[0]);

        // only an uninstall pauses: the contrast
        String surprise24 = "winback-strategy-surprise24";
        long version = getCase(id(lostDeal), MANAGER).path("version").asLong();
        featuresService.uninstallFeature(surprise24);
        try {
            long deadline = System.nanoTime() + BACK_WITHIN.toNanos();
            JsonNode c = getCase(id(lostDeal), MANAGER);
            while (!"PAUSED".equals(c.path("status").asText()) && System.nanoTime() < deadline) {
                Thread.sleep(200);
                c = getCase(id(lostDeal), MANAGER);
            }
            assertEquals(c.toString(), "PAUSED", c.path("status").asText());
            assertTrue(c.toString(), c.path("version").asLong() > version);
        } finally {
            featuresService.installFeature(surprise24);
        }
        long deadline = System.nanoTime() + BACK_WITHIN.toNanos();
        while (!"OPEN".equals(getCase(id(lostDeal), MANAGER).path("status").asText())
                && System.nanoTime() < deadline) {
            Thread.sleep(200);
        }
        assertEquals("OPEN", getCase(id(lostDeal), MANAGER).path("status").asText());
    }
}
