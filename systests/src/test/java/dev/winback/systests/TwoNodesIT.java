package dev.winback.systests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.winback.systests.WinbackClient.Answer;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Two nodes, one database (issue 13, point 5): two fresh copies of the distribution on their own ports share one new
 * PostgreSQL database, with a 2 s heartbeat and a 20 s node timeout, an overdue sweep every second and one import
 * work directory.
 * <ol>
 * <li>a case created on A is read on B at once, and a change on B is read on A;</li>
 * <li>twenty steps falling due at the same moment, swept by both nodes every second, escalate once each;</li>
 * <li>imports and detection runs carry the node that runs them; B killed and restarted fails B's unfinished import
 *     and not A's running one;</li>
 * <li>A killed (SIGKILL) in the middle of an import: B gives A up after the timeout, A's import is FAILED with a
 *     reason naming A, nothing of it is visible, and retried on B it completes with every row;</li>
 * <li>A restarted while its import runs again on B disturbs nothing: the retried import completes on B, the
 *     escalations and B's work stay as they are.</li>
 * </ol>
 * The measured times go to target/two-nodes.txt (and BENCHMARKS.md, "Two nodes, one database").
 */
class TwoNodesIT {
    private static final String ADMIN_PASSWORD = "TwoNodes-Admin-1";
    private static final Duration START = Duration.ofSeconds(240);
    private static final int HEARTBEAT_SECONDS = 2;
    private static final int TIMEOUT_SECONDS = 20;
    private static final int OVERDUE_STEPS = 20;
    /** A's import, read slowly on purpose (small batches), so that it still runs when A is killed. */
    private static final int ROWS_A = Integer.getInteger("winback.twonodes.importRows", 200_000);
    private static final int CUSTOMERS_A = 10_000;
    private static final String BATCH_SIZE_A = "10";
    private static final int ROWS_B = 100_000;

    @Test
    void twoNodesShareOneDatabaseAndAKilledNodesImportIsGivenUpAndRetriedOnTheOther() throws Exception {
        long testStart = System.nanoTime();
        String database = Postgres.createDatabase("winback_twonodes");
        Path shared = Paths.get(Distribution.required("winback.runs")).resolve("twonodes-imports");
        Distribution a = node("twonodes-a", "node-a", database, shared);
        Distribution b = node("twonodes-b", "node-b", database, shared);
        a.set("etc/dev.winback.detect.imports.cfg", "batchSize", BATCH_SIZE_A);
        boolean passed = false;
        try {
            a.start();
            b.start();
            assertNotNull(a.awaitHealth(START), "A did not start; see " + a.log());
            assertNotNull(b.awaitHealth(START), "B did not start; see " + b.log());
            WinbackClient adminA = new WinbackClient(a.httpPort, "admin", ADMIN_PASSWORD);
            WinbackClient adminB = new WinbackClient(b.httpPort, "admin", ADMIN_PASSWORD);
            adminA.awaitServed();
            adminB.awaitServed();
            WinbackClient managerA = new WinbackClient(a.httpPort, "manager", "manager");
            WinbackClient managerB = new WinbackClient(b.httpPort, "manager", "manager");

            aCaseCreatedOnOneNodeIsReadOnTheOtherAtOnce(managerA, managerB);
            List<String> escalating = overdueStepsEscalateOnce(managerA, managerB, adminA);

            // (c) Jobs carry their node.
            String history = managerA.awaitFinished(imported(managerA, "tn-history",
                    PurchaseFiles.history("tnhist-")));
            assertEquals("node-a", managerA.read(history).path("node").asText());
            assertEquals("COMPLETED", managerA.status(history));
            ObjectNode runRequest = WinbackClient.JSON.createObjectNode().put("calibrationEnd", "2026-06-30")
                    .put("dryRun", true);
            runRequest.putArray("rules");
            Answer run = managerB.post("/api/v1/detection/runs", runRequest);
            assertEquals(202, run.status(), run.toString());
            String runPath = managerB.awaitFinished("/api/v1/detection/runs/" + run.json().path("id").asText());
            JsonNode detected = managerA.read(runPath);
            assertEquals("COMPLETED", detected.path("status").asText(), detected.toString());
            assertEquals("node-b", detected.path("node").asText());

            // A's long import, then B's; B is killed while both run and started again.
            String importA = imported(managerA, "tn-a", PurchaseFiles.spread("tn-a-", ROWS_A, CUSTOMERS_A));
            WinbackClient.await("A's import to run", Duration.ofSeconds(60),
                    () -> "RUNNING".equals(managerA.status(importA)));
            String importB = imported(managerB, "tn-b", PurchaseFiles.spread("tn-b-", ROWS_B, 5_000));
            WinbackClient.await("B's import to run", Duration.ofSeconds(60),
                    () -> "RUNNING".equals(managerB.status(importB)));
            assertEquals("node-a", managerB.read(importA).path("node").asText());
            assertEquals("node-b", managerA.read(importB).path("node").asText());
            b.kill();
            long restartB = System.nanoTime();
            b.start();
            assertNotNull(b.awaitHealth(START), "B did not start again; see " + b.log());
            adminB.awaitServed();
            Duration bRestart = Duration.ofNanos(System.nanoTime() - restartB);
            JsonNode lostB = managerA.read(importB);
            assertEquals("FAILED", lostB.path("status").asText(), lostB.toString());
            String reasonB = lostB.path("failure").asText();
            // Whoever was first: B's own start, or A giving B up if B took longer than the timeout to come back.
            assertTrue(reasonB.startsWith("interrupted: node restarted") || reasonB.startsWith(
                    "node node-b stopped answering"), reasonB);
            assertEquals("RUNNING", managerB.status(importA), "B's restart touched A's import: "
                    + managerB.read(importA));

            // (d) A killed in the middle of its import; B gives it up.
            a.kill();
            long killed = System.nanoTime();
            WinbackClient.await("B to give A up", Duration.ofSeconds(TIMEOUT_SECONDS * 4L),
                    () -> !"RUNNING".equals(managerB.status(importA)));
            Duration givenUp = Duration.ofNanos(System.nanoTime() - killed);
            JsonNode lostA = managerB.read(importA);
            assertEquals("FAILED", lostA.path("status").asText(), lostA.toString());
            String reasonA = lostA.path("failure").asText();
            assertTrue(reasonA.startsWith("node node-a stopped answering")
                    && reasonA.contains("node node-b gave it up"), reasonA);
            assertTrue(givenUp.toSeconds() >= TIMEOUT_SECONDS - HEARTBEAT_SECONDS, "given up too early: " + givenUp);
            assertEquals(List.of("node-b"), Postgres.query(database,
                    "SELECT given_up_by FROM node_heartbeats WHERE node = 'node-a'"));
            assertEquals(0, customers(managerB, "tn-a"), "customers of A's lost import are visible");
            Answer retried = managerB.post(importA + "/retry", null);
            assertEquals(202, retried.status(), retried.toString());
            assertEquals("node-b", retried.json().path("node").asText());

            // (e) A comes back while its import runs again on B, and disturbs nothing.
            long restartA = System.nanoTime();
            a.start();
            JsonNode done = managerB.read(managerB.awaitFinished(importA));
            assertEquals("COMPLETED", done.path("status").asText(), done.toString());
            assertEquals("node-b", done.path("node").asText());
            assertEquals(2, done.path("attempts").asInt());
            assertEquals(ROWS_A, done.path("rowsRead").asLong(), done.toString());
            assertEquals(ROWS_A, done.path("purchasesAdded").asLong(), done.toString());
            assertEquals(0, done.path("duplicates").asLong(), done.toString());
            assertEquals(CUSTOMERS_A, done.path("customersCreated").asLong(), done.toString());
            assertEquals(CUSTOMERS_A, customers(managerB, "tn-a"));

            assertNotNull(a.awaitHealth(START), "A did not start again; see " + a.log());
            adminA.awaitServed();
            Duration aRestart = Duration.ofNanos(System.nanoTime() - restartA);
            assertEquals(done, managerA.read(importA), "A's return changed the retried import");
            assertEquals("COMPLETED", managerA.status(runPath));
            assertEquals(CUSTOMERS_A, customers(managerA, "tn-a"));
            assertEquals(List.of(""), Postgres.query(database,
                    "SELECT given_up_by FROM node_heartbeats WHERE node = 'node-a'"), "A beats again");
            String after = managerA.awaitFinished(imported(managerA, "tn-after",
                    PurchaseFiles.history("tnhist-")));
            assertEquals("node-a", managerB.read(after).path("node").asText());
            assertEquals("COMPLETED", managerB.status(after));
            Map<String, Integer> escalations = escalations(adminB);
            for (String step : escalating) {
                assertEquals(1, escalations.getOrDefault(step, 0), "escalations of step " + step);
            }

            Duration total = Duration.ofNanos(System.nanoTime() - testStart);
            String line = String.format("%s two nodes on one PostgreSQL (heartbeat %d s, timeout %d s): %d steps due "
                    + "at once escalated once each; B killed and restarted in %.1f s (its import FAILED: %s), A's "
                    + "import of %,d rows kept running; A killed mid-import, given up by B %.1f s after the kill, "
                    + "its import retried on B to COMPLETED with every row; A restarted meanwhile in %.1f s, nothing "
                    + "changed; test %.0f s%n", Instant.now(), HEARTBEAT_SECONDS, TIMEOUT_SECONDS, escalating.size(),
                    seconds(bRestart), reasonB.startsWith("interrupted") ? "by its own start" : "given up by A",
                    ROWS_A, seconds(givenUp), seconds(aRestart), seconds(total));
            Path report = Paths.get(Distribution.required("winback.runs")).getParent().resolve("two-nodes.txt");
            Files.writeString(report, line, StandardCharsets.UTF_8, StandardOpenOption.CREATE,
                    StandardOpenOption.APPEND);
            passed = true;
        } finally {
            a.kill();
            b.kill();
            Postgres.dropDatabase(database);
            if (passed) {
                a.delete();
                b.delete();
                Distribution.delete(shared);
            }
        }
    }

    /** A fresh copy as the node {@code id} on {@code database}, sharing the import work directory. */
    private static Distribution node(String name, String id, String database, Path sharedImports)
            throws IOException, InterruptedException {
        Distribution copy = Distribution.freshCopy(name);
        copy.firstAdminPassword(ADMIN_PASSWORD);
        Postgres.useFor(copy, database);
        copy.set("etc/system.properties", "winback.node.id", id);
        copy.set("etc/dev.winback.detect.nodes.cfg", "heartbeatSeconds", Integer.toString(HEARTBEAT_SECONDS));
        copy.set("etc/dev.winback.detect.nodes.cfg", "nodeTimeoutSeconds", Integer.toString(TIMEOUT_SECONDS));
        copy.set("etc/dev.winback.detect.imports.cfg", "workDirectory", sharedImports.toString());
        Files.writeString(copy.home.resolve("etc/dev.winback.core.overdue.cfg"), "intervalSeconds = 1\n",
                StandardCharsets.UTF_8);
        return copy;
    }

    /** (a) Nothing is cached on a node: what one writes, the other reads at once. */
    private static void aCaseCreatedOnOneNodeIsReadOnTheOtherAtOnce(WinbackClient onA, WinbackClient onB)
            throws IOException, InterruptedException {
        String customerId = customer(onA, "tn-read");
        Answer opened = onA.post("/api/v1/cases", WinbackClient.JSON.createObjectNode().put("customerId", customerId)
                .put("lossKind", "LOST_DEAL").put("lossReason", "competitor").put("notes", "opened on A"));
        assertEquals(201, opened.status(), opened.toString());
        String path = "/api/v1/cases/" + opened.json().path("id").asText();
        JsonNode onOther = onB.read(path);
        for (String field : List.of("id", "customerId", "status", "strategy", "version", "notes")) {
            assertEquals(opened.json().path(field), onOther.path(field), "B reads the case as A answered it: " + field);
        }
        assertEquals(stepIds(opened.json()), stepIds(onOther), "B reads the case's plan as A answered it");

        Answer changed = onB.put("/api/v1/customers/" + customerId, WinbackClient.JSON.createObjectNode()
                .put("externalId", "tn-read").put("source", "twonodes").put("name", "Changed on B")
                .put("ownerRep", "rep1"), "\"1\"");
        assertEquals(200, changed.status(), changed.toString());
        assertEquals("Changed on B", onA.read("/api/v1/customers/" + customerId).path("name").asText());
    }

    /**
     * (b) Steps falling due at the same moment, half of their cases opened on each node, while both sweep every
     * second: each escalates exactly once. Returns the steps.
     */
    private static List<String> overdueStepsEscalateOnce(WinbackClient onA, WinbackClient onB, WinbackClient admin)
            throws IOException, InterruptedException {
        // surprise24's apology is due 24 hours after the loss, and escalates when it is late: due a few seconds on
        Instant lostAt = Instant.now().minus(Duration.ofHours(24)).plusSeconds(5).truncatedTo(ChronoUnit.SECONDS);
        List<String> steps = new ArrayList<>();
        for (int i = 0; i < OVERDUE_STEPS; i++) {
            WinbackClient node = i % 2 == 0 ? onA : onB;
            Answer opened = node.post("/api/v1/cases", WinbackClient.JSON.createObjectNode()
                    .put("customerId", customer(node, "tn-due-" + i)).put("lossKind", "LOST_DEAL")
                    .put("lossReason", "competitor").put("strategy", "surprise24").put("lostAt", lostAt.toString()));
            assertEquals(201, opened.status(), opened.toString());
            for (JsonNode step : opened.json().path("steps")) {
                if ("apologise".equals(step.path("name").asText())) {
                    assertTrue(step.path("escalateWhenOverdue").asBoolean(), step.toString());
                    steps.add(step.path("id").asText());
                }
            }
        }
        assertEquals(OVERDUE_STEPS, steps.size());
        WinbackClient.await("every step to escalate", Duration.ofSeconds(60), () -> {
            Map<String, Integer> escalated = escalations(admin);
            return steps.stream().allMatch(escalated::containsKey);
        });
        // None twice so far; the test looks again at its end, after minutes of sweeps by both nodes.
        Map<String, Integer> escalated = escalations(admin);
        for (String step : steps) {
            assertEquals(1, escalated.get(step), "escalations of step " + step);
        }
        return steps;
    }

    private static List<String> stepIds(JsonNode recoveryCase) {
        List<String> ids = new ArrayList<>();
        recoveryCase.path("steps").forEach(step -> ids.add(step.path("id").asText()));
        assertTrue(!ids.isEmpty(), "a case without a plan: " + recoveryCase);
        return ids;
    }

    /** The case.escalated events in the log, counted per step. */
    private static Map<String, Integer> escalations(WinbackClient admin) {
        Map<String, Integer> counts = new HashMap<>();
        try {
            long after = 0;
            while (true) {
                JsonNode page = admin.read("/api/v1/events?after=" + after + "&limit=1000");
                for (JsonNode event : page.path("items")) {
                    if ("case.escalated".equals(event.path("type").asText())) {
                        counts.merge(event.path("entityId").asText(), 1, Integer::sum);
                    }
                    after = event.path("id").asLong();
                }
                if (page.path("items").size() < 1000) {
                    return counts;
                }
            }
        } catch (IOException | InterruptedException e) {
            throw new AssertionError("cannot read the event log", e);
        }
    }

    private static String customer(WinbackClient node, String externalId) throws IOException, InterruptedException {
        Answer created = node.post("/api/v1/customers", WinbackClient.JSON.createObjectNode()
                .put("externalId", externalId).put("source", "twonodes").put("name", "Two nodes " + externalId)
                .put("ownerRep", "rep1"));
        assertEquals(201, created.status(), created.toString());
        return created.json().path("id").asText();
    }

    private static long customers(WinbackClient node, String source) throws IOException, InterruptedException {
        return node.read("/api/v1/customers?source=" + source + "&size=1").path("total").asLong();
    }

    /** Uploads a CSV import for {@code source}; returns the job's path. */
    private static String imported(WinbackClient node, String source, byte[] csv)
            throws IOException, InterruptedException {
        Answer queued = node.upload("/api/v1/imports/transactions?source=" + source, csv, "text/csv");
        assertEquals(202, queued.status(), queued.toString());
        return "/api/v1/imports/" + queued.json().path("id").asText();
    }

    private static double seconds(Duration d) {
        return d.toMillis() / 1000.0;
    }
}
