package dev.winback.systests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.winback.systests.WinbackClient.Answer;
import java.io.IOException;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Crashes lose nothing (issue 13, point 3): the distribution, on embedded H2 and on PostgreSQL, takes writes from
 * several clients at once (customers, cases, step completions) while a large import and a detection run are under
 * way, and is killed with SIGKILL in the middle of it. After a restart:
 * <ul>
 * <li>every write that was answered 2xx is there, as answered, with its one event in the event log and its audit
 *     entry;</li>
 * <li>every write that got no answer is there whole (record, event, audit entry) or not at all: a case never
 *     without its plan, a completed step never without its event;</li>
 * <li>the import and the run the kill interrupted are FAILED with a reason, nothing of the import is visible, and
 *     both can be retried to completion.</li>
 * </ul>
 * The counts of each run go to target/crash-&lt;database&gt;.txt (and BENCHMARKS.md, "Crashes").
 */
class CrashIT {
    private static final String ADMIN_PASSWORD = "Crash-Admin-1";
    private static final int WRITERS = Integer.getInteger("winback.crash.writers", 6);
    private static final Duration LOAD = Duration.ofSeconds(Integer.getInteger("winback.crash.loadSeconds", 8));
    /** Rows of the import the kill interrupts: enough to still be running after the load on both databases. */
    private static final int IMPORT_ROWS = Integer.getInteger("winback.crash.importRows", 400_000);
    private static final int IMPORT_CUSTOMERS = 20_000;
    private static final String IMPORT_PREFIX = "crashimp-";
    private static final Duration START = Duration.ofSeconds(300);

    /** What a writer tried: what, on which key, and the answer (null: none came, the server died). */
    record Attempt(String kind, String key, Answer answer) {
        boolean acknowledged() {
            return answer != null && answer.ok();
        }
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"h2", "postgresql"})
    void aKilledServerKeepsEveryAcknowledgedWriteAndNoHalfOne(String database) throws Exception {
        Distribution winback = Distribution.freshCopy("crash-" + database);
        String pgDatabase = null;
        boolean passed = false;
        try {
            winback.firstAdminPassword(ADMIN_PASSWORD);
            if (database.equals("postgresql")) {
                pgDatabase = Postgres.createDatabase("winback_crash");
                Postgres.useFor(winback, pgDatabase);
            }
            winback.start();
            assertNotNull(winback.awaitHealth(START), "no health after the first start; see " + winback.log());
            WinbackClient admin = new WinbackClient(winback.httpPort, "admin", ADMIN_PASSWORD);
            WinbackClient manager = new WinbackClient(winback.httpPort, "manager", "manager");
            admin.awaitServed();

            // A history for the detection run to fit on, imported whole before anything else.
            String history = manager.awaitFinished("/api/v1/imports/" + manager.upload(
                    "/api/v1/imports/transactions?source=crash-history", PurchaseFiles.history("crashhist-"),
                    "text/csv").json()
                    .path("id").asText());
            assertEquals("COMPLETED", manager.status(history), "the history import did not complete");

            // The import the kill will interrupt.
            Answer queued = manager.upload("/api/v1/imports/transactions?source=crash-import",
                    PurchaseFiles.spread(IMPORT_PREFIX, IMPORT_ROWS, IMPORT_CUSTOMERS),
                    "text/csv");
            assertEquals(202, queued.status(), queued.toString());
            String importPath = "/api/v1/imports/" + queued.json().path("id").asText();
            WinbackClient.await("the big import to run", Duration.ofSeconds(60),
                    () -> "RUNNING".equals(manager.status(importPath)));

            // Writers, then, still under load, a detection run; the kill comes right after its 202.
            List<Attempt> attempts = new CopyOnWriteArrayList<>();
            AtomicBoolean stop = new AtomicBoolean();
            List<Thread> writers = new ArrayList<>();
            for (int w = 0; w < WRITERS; w++) {
                String prefix = database + "-" + w + "-";
                Thread writer = new Thread(() -> write(manager, prefix, attempts, stop), "crash-writer-" + w);
                writer.start();
                writers.add(writer);
            }
            Thread.sleep(LOAD.toMillis());
            String importBeforeKill = manager.status(importPath);
            ObjectNode runRequest = WinbackClient.JSON.createObjectNode().put("calibrationEnd", "2026-06-30")
                    .put("probabilityAliveThreshold", 0.2).put("dryRun", true);
            runRequest.putArray("rules");
            Answer run = manager.post("/api/v1/detection/runs", runRequest);
            assertEquals(202, run.status(), run.toString());
            long pid = winback.karafPid();
            winback.kill();
            stop.set(true);
            for (Thread writer : writers) {
                writer.join(TimeUnit.MINUTES.toMillis(2));
            }
            assertEquals("RUNNING", importBeforeKill, "the import had finished before the kill: make it larger");

            winback.start();
            assertNotNull(winback.awaitHealth(START), "no health after the restart; see " + winback.log());
            assertTrue(winback.karafPid() != pid, "the same process answers");
            admin.awaitServed();

            Tally tally = checkWrites(attempts, manager, admin);
            String runPath = "/api/v1/detection/runs/" + run.json().path("id").asText();
            String runAfterRestart = checkInterruptedRun(manager, runPath);
            checkInterruptedImport(manager, importPath);

            String line = String.format("%s %s: %d writers for %d s; %d writes acknowledged, all present; %d without "
                    + "an answer, %d of them applied whole and %d not at all, none half; import of %d rows RUNNING at "
                    + "the kill: FAILED after restart, nothing visible, retried to COMPLETED; detection run %s after "
                    + "restart%s%n", Instant.now(), database, WRITERS, LOAD.toSeconds(), tally.acknowledged,
                    tally.unanswered, tally.unansweredApplied, tally.unanswered - tally.unansweredApplied, IMPORT_ROWS,
                    runAfterRestart, runAfterRestart.equals("FAILED") ? ", retried to COMPLETED" : "");
            Path report = Paths.get(Distribution.required("winback.runs")).getParent()
                    .resolve("crash-" + database + ".txt");
            Files.writeString(report, line, StandardCharsets.UTF_8, StandardOpenOption.CREATE,
                    StandardOpenOption.APPEND);
            assertTrue(tally.acknowledged > 3 * WRITERS, "too few writes to say anything: " + line);
            passed = true;
        } finally {
            winback.kill();
            if (pgDatabase != null) {
                Postgres.dropDatabase(pgDatabase);
            }
            if (passed) {
                winback.delete();
            }
        }
    }

    // ------------------------------------------------------------------------------------------------------------
    // The load

    /**
     * One client writing until told to stop or until the server dies: a customer, a case for it, its first step
     * completed, again and again. Every request and its answer (or none) is recorded.
     */
    private static void write(WinbackClient manager, String prefix, List<Attempt> attempts, AtomicBoolean stop) {
        try {
            for (int i = 0; !stop.get(); i++) {
                String externalId = "crash-" + prefix + i;
                ObjectNode customer = WinbackClient.JSON.createObjectNode().put("externalId", externalId)
                        .put("source", "crash").put("name", "Crash " + externalId).put("ownerRep", "rep1");
                Answer created = attempt(attempts, "customer", externalId, () -> manager.post("/api/v1/customers",
                        customer));
                if (!created.ok()) {
                    return;
                }
                String customerId = created.json().path("id").asText();
                ObjectNode recoveryCase = WinbackClient.JSON.createObjectNode().put("customerId", customerId)
                        .put("lossKind", "LOST_DEAL").put("lossReason", "competitor")
                        .put("notes", "crash test " + externalId);
                Answer opened = attempt(attempts, "case", customerId, () -> manager.post("/api/v1/cases",
                        recoveryCase));
                if (!opened.ok()) {
                    return;
                }
                String caseId = opened.json().path("id").asText();
                String stepId = firstPlanned(opened.json()).path("id").asText();
                Answer done = attempt(attempts, "step", caseId + "/" + stepId, () -> manager.post("/api/v1/cases/"
                        + caseId + "/steps/" + stepId + "/complete", WinbackClient.JSON.createObjectNode()
                        .put("outcome", "APOLOGISED").put("notes", "apologised, " + externalId)));
                if (!done.ok()) {
                    return;
                }
            }
        } catch (IOException | InterruptedException e) {
            // the server died under the request: recorded as unanswered by attempt()
        }
    }

    private interface Request {
        Answer send() throws IOException, InterruptedException;
    }

    private static Answer attempt(List<Attempt> attempts, String kind, String key, Request request)
            throws IOException, InterruptedException {
        try {
            Answer answer = request.send();
            attempts.add(new Attempt(kind, key, answer));
            return answer;
        } catch (IOException | InterruptedException e) {
            attempts.add(new Attempt(kind, key, null));
            throw e;
        }
    }

    private static JsonNode firstPlanned(JsonNode recoveryCase) {
        for (JsonNode step : recoveryCase.path("steps")) {
            if ("PLANNED".equals(step.path("status").asText())) {
                return step;
            }
        }
        throw new AssertionError("a new case without a planned step: " + recoveryCase);
    }

    // ------------------------------------------------------------------------------------------------------------
    // After the restart

    private static final class Tally {
        int acknowledged;
        int unanswered;
        int unansweredApplied;
    }

    private static Tally checkWrites(List<Attempt> attempts, WinbackClient manager, WinbackClient admin)
            throws IOException, InterruptedException {
        Map<String, Integer> events = events(admin);
        Tally tally = new Tally();
        List<String> problems = new ArrayList<>();
        for (Attempt a : attempts) {
            if (a.answer() != null && !a.acknowledged()) {
                problems.add("refused under load (not a crash): " + a.kind() + " " + a.key() + " -> " + a.answer());
                continue;
            }
            boolean applied = switch (a.kind()) {
                case "customer" -> checkCustomer(a, manager, admin, events, problems);
                case "case" -> checkCase(a, manager, admin, events, problems);
                case "step" -> checkStep(a, manager, events, problems);
                default -> throw new IllegalStateException(a.kind());
            };
            if (a.acknowledged()) {
                tally.acknowledged++;
                if (!applied) {
                    problems.add("acknowledged but lost: " + a.kind() + " " + a.key() + " " + a.answer());
                }
            } else {
                tally.unanswered++;
                tally.unansweredApplied += applied ? 1 : 0;
            }
        }
        if (!problems.isEmpty()) {
            fail(problems.size() + " problem(s) after the crash:\n" + String.join("\n", problems));
        }
        return tally;
    }

    /** Whether the customer is there; adds to {@code problems} what is half there. */
    private static boolean checkCustomer(Attempt a, WinbackClient manager, WinbackClient admin,
            Map<String, Integer> events, List<String> problems) throws IOException, InterruptedException {
        JsonNode found = manager.read("/api/v1/customers?source=crash&q=" + encode(a.key()) + "&size=10");
        List<JsonNode> matches = new ArrayList<>();
        found.path("items").forEach(c -> {
            if (a.key().equals(c.path("externalId").asText())) {
                matches.add(c);
            }
        });
        if (matches.size() > 1) {
            problems.add("customer " + a.key() + " stored " + matches.size() + " times");
        }
        if (matches.isEmpty()) {
            return false;
        }
        JsonNode customer = matches.get(0);
        String id = customer.path("id").asText();
        if (a.acknowledged() && !a.answer().json().path("id").asText().equals(id)) {
            problems.add("customer " + a.key() + " answered as " + a.answer().json().path("id") + ", stored as " + id);
        }
        if (!("Crash " + a.key()).equals(customer.path("name").asText())) {
            problems.add("customer " + a.key() + " stored with name " + customer.path("name"));
        }
        expectOne(events, "customer.created", id, "customer " + a.key(), problems);
        expectAudited(admin, "customer", id, "customer " + a.key(), problems);
        return true;
    }

    private static boolean checkCase(Attempt a, WinbackClient manager, WinbackClient admin,
            Map<String, Integer> events, List<String> problems) throws IOException, InterruptedException {
        JsonNode found = manager.read("/api/v1/cases?customerId=" + a.key() + "&size=10");
        int total = found.path("total").asInt();
        if (total > 1) {
            problems.add("customer " + a.key() + " has " + total + " cases for one request");
        }
        if (total == 0) {
            return false;
        }
        String id = found.path("items").get(0).path("id").asText();
        JsonNode stored = manager.read("/api/v1/cases/" + id);
        if (stored.path("steps").size() == 0) {
            problems.add("case " + id + " stored without its plan: " + stored);
        }
        if (a.acknowledged()) {
            JsonNode answered = a.answer().json();
            if (!answered.path("id").asText().equals(id)) {
                problems.add("case of " + a.key() + " answered as " + answered.path("id") + ", stored as " + id);
            }
            List<String> answeredSteps = new ArrayList<>();
            answered.path("steps").forEach(s -> answeredSteps.add(s.path("id").asText()));
            for (String stepId : answeredSteps) {
                if (!hasStep(stored, stepId)) {
                    problems.add("case " + id + " lost step " + stepId + " it was answered with");
                }
            }
        }
        expectOne(events, "case.opened", id, "case " + id, problems);
        expectAudited(admin, "case", id, "case " + id, problems);
        return true;
    }

    private static boolean checkStep(Attempt a, WinbackClient manager, Map<String, Integer> events,
            List<String> problems) throws IOException, InterruptedException {
        String caseId = a.key().substring(0, a.key().indexOf('/'));
        String stepId = a.key().substring(a.key().indexOf('/') + 1);
        JsonNode stored = manager.read("/api/v1/cases/" + caseId);
        JsonNode step = null;
        for (JsonNode s : stored.path("steps")) {
            if (s.path("id").asText().equals(stepId)) {
                step = s;
            }
        }
        if (step == null) {
            problems.add("step " + a.key() + " is gone");
            return false;
        }
        int completions = events.getOrDefault("case.step.completed " + caseId, 0);
        String status = step.path("status").asText();
        if (status.equals("DONE")) {
            if (!"APOLOGISED".equals(step.path("outcome").path("code").asText())
                    || !step.path("outcome").path("notes").asText().startsWith("apologised, ")) {
                problems.add("step " + a.key() + " DONE without its outcome: " + step);
            }
            if (completions != 1) {
                problems.add("step " + a.key() + " DONE with " + completions + " completion event(s)");
            }
            return true;
        }
        if (!status.equals("PLANNED") || completions != 0) {
            problems.add("step " + a.key() + " is " + status + " with " + completions + " completion event(s)");
        }
        return false;
    }

    private static boolean hasStep(JsonNode recoveryCase, String stepId) {
        for (JsonNode s : recoveryCase.path("steps")) {
            if (s.path("id").asText().equals(stepId)) {
                return true;
            }
        }
        return false;
    }

    private static void expectOne(Map<String, Integer> events, String type, String entityId, String what,
            List<String> problems) {
        int count = events.getOrDefault(type + " " + entityId, 0);
        if (count != 1) {
            problems.add(what + " has " + count + " " + type + " event(s)");
        }
    }

    private static void expectAudited(WinbackClient admin, String entityType, String id, String what,
            List<String> problems) throws IOException, InterruptedException {
        JsonNode trail = admin.read("/api/v1/audit?entityType=" + entityType + "&entityId=" + id);
        long creates = 0;
        for (JsonNode entry : trail.path("items")) {
            creates += "create".equals(entry.path("action").asText()) ? 1 : 0;
        }
        if (creates != 1) {
            problems.add(what + " has " + creates + " audit entries of its creation: " + trail);
        }
    }

    /** The whole event log, as counts per "type entityId". */
    private static Map<String, Integer> events(WinbackClient admin) throws IOException, InterruptedException {
        Map<String, Integer> counts = new HashMap<>();
        long after = 0;
        while (true) {
            JsonNode page = admin.read("/api/v1/events?after=" + after + "&limit=1000");
            for (JsonNode event : page.path("items")) {
                counts.merge(event.path("type").asText() + " " + event.path("entityId").asText(), 1, Integer::sum);
                after = event.path("id").asLong();
            }
            if (page.path("items").size() < 1000) {
                return counts;
            }
        }
    }

    /** The run the kill interrupted: FAILED with a reason, then retried to COMPLETED. Returns its status after restart. */
    private static String checkInterruptedRun(WinbackClient manager, String runPath)
            throws IOException, InterruptedException {
        JsonNode run = manager.read(runPath);
        String status = run.path("status").asText();
        if (status.equals("COMPLETED")) {
            // It finished in the moment between its 202 and the kill: nothing was interrupted, nothing to retry.
            return status;
        }
        assertEquals("FAILED", status, "the interrupted run after the restart: " + run);
        assertFalse(run.path("failure").asText().isBlank(), "no reason: " + run);
        Answer retried = manager.post(runPath + "/retry", null);
        assertEquals(202, retried.status(), retried.toString());
        JsonNode again = manager.read(manager.awaitFinished(runPath));
        assertEquals("COMPLETED", again.path("status").asText(), again.toString());
        assertEquals(2, again.path("attempts").asInt(), again.toString());
        return status;
    }

    /** The import the kill interrupted: FAILED with a reason, nothing of it visible, retried to the full count. */
    private static void checkInterruptedImport(WinbackClient manager, String importPath)
            throws IOException, InterruptedException {
        JsonNode job = manager.read(importPath);
        assertEquals("FAILED", job.path("status").asText(), "the interrupted import after the restart: " + job);
        assertFalse(job.path("failure").asText().isBlank(), "no reason: " + job);
        assertEquals(0, manager.read("/api/v1/customers?source=crash-import&size=1").path("total").asLong(),
                "customers of the interrupted import are visible");
        Answer retried = manager.post(importPath + "/retry", null);
        assertEquals(202, retried.status(), retried.toString());
        manager.awaitFinished(importPath);
        JsonNode done = manager.read(importPath);
        assertEquals("COMPLETED", done.path("status").asText(), done.toString());
        assertEquals(IMPORT_ROWS, done.path("rowsRead").asLong(), done.toString());
        assertEquals(IMPORT_ROWS, done.path("purchasesAdded").asLong(), done.toString());
        assertEquals(IMPORT_CUSTOMERS, done.path("customersCreated").asLong(), done.toString());
        assertEquals(IMPORT_CUSTOMERS, manager.read("/api/v1/customers?source=crash-import&size=1").path("total")
                .asLong());
    }

    // ------------------------------------------------------------------------------------------------------------
    // Data and waiting

    private static String encode(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8);
    }
}
