package dev.winback.itests;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertTrue;
import static org.ops4j.pax.exam.karaf.options.KarafDistributionOption.editConfigurationFilePut;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.UUID;
import java.util.zip.GZIPOutputStream;
import org.junit.Test;
import org.junit.runner.RunWith;
import org.ops4j.pax.exam.Option;
import org.ops4j.pax.exam.junit.PaxExam;
import org.osgi.framework.Bundle;
import org.ops4j.pax.exam.spi.reactors.ExamReactorStrategy;
import org.ops4j.pax.exam.spi.reactors.PerClass;

/**
 * Finding the lost over HTTP, end to end on the real distribution: the public CDNOW sample uploaded as its own
 * whitespace-separated file, uploaded again gzip-compressed (nothing added), a detection run whose model, fitted on
 * the database's per-customer summaries, reproduces Fader, Hardie and Lee's parameters, LAPSED cases opened with
 * their score and reason and never twice, and one customer's score checked against the file by hand. Hostile
 * imports cost their limits (small ones here): a gzip bomb is refused while it is copied, an endless field aborts
 * its job, a user past their limits waits (429) while others import; a restart fails only this node's jobs, and a
 * failed import is retried.
 */
@RunWith(PaxExam.class)
@ExamReactorStrategy(PerClass.class)
public class DetectionApiIT extends WinbackTestSupport {
    private static final String CDNOW_OPTIONS = "format=WHITESPACE&columnNames=masterId,sampleId,date,cds,dollars"
            + "&externalIdColumn=sampleId&amountColumn=dollars&datePattern=yyyyMMdd&source=cdnow";

    private static final String IMPORTS_CFG = "etc/dev.winback.detect.imports.cfg";
    private static final int MAX_DATA_MEGABYTES = 8;
    private static final int MAX_LINE = 1000;

    @Override
    protected Option[] extraOptions() {
        return new Option[] {
            editConfigurationFilePut(IMPORTS_CFG, "maxDecompressedMegabytes", Integer.toString(MAX_DATA_MEGABYTES)),
            editConfigurationFilePut(IMPORTS_CFG, "maxLineCharacters", Integer.toString(MAX_LINE)),
            editConfigurationFilePut(IMPORTS_CFG, "maxRunningImportsPerUser", "1"),
            editConfigurationFilePut(IMPORTS_CFG, "maxQueuedImportsPerUser", "1")};
    }

    private static byte[] cdnow() throws IOException {
        return Files.readAllBytes(Path.of(System.getProperty(CDNOW_PROPERTY)));
    }

    private JsonNode importCdnow(byte[] body, String contentType) throws InterruptedException {
        ApiResponse accepted = upload("/api/v1/imports/transactions?fileName=CDNOW_sample.txt&" + CDNOW_OPTIONS,
                MANAGER, body, contentType).assertStatus(202);
        String location = accepted.header("Location").orElseThrow();
        assertTrue(location, location.endsWith("/api/v1/imports/" + accepted.json().get("id").asText()));
        JsonNode job = awaitFinished("/api/v1/imports/" + accepted.json().get("id").asText(), MANAGER,
                "QUEUED", "RUNNING");
        assertEquals(job.toString(), "COMPLETED", job.get("status").asText());
        assertEquals(6919, job.get("rowsRead").asLong());
        assertEquals(6919, job.get("purchasesRead").asLong());
        assertEquals(0, job.get("errorCount").asLong());
        assertEquals(job.get("bytesTotal").asLong(), job.get("bytesRead").asLong());
        return job;
    }

    @Test
    public void cdnowImportedTwiceThenDetectionReproducesThePaperAndOpensCasesOnce() throws Exception {
        // First upload: every row a purchase, every customer new.
        JsonNode first = importCdnow(cdnow(), "text/csv");
        assertEquals(6919, first.get("purchasesAdded").asLong());
        assertEquals(0, first.get("duplicates").asLong());
        assertEquals(2357, first.get("customersCreated").asLong());

        // The same data again, gzip-compressed: recognised, and nothing added.
        ByteArrayOutputStream gz = new ByteArrayOutputStream();
        try (GZIPOutputStream out = new GZIPOutputStream(gz)) {
            out.write(cdnow());
        }
        JsonNode second = importCdnow(gz.toByteArray(), "application/gzip");
        assertEquals(0, second.get("purchasesAdded").asLong());
        assertEquals(6919, second.get("duplicates").asLong());
        assertEquals(0, second.get("customersCreated").asLong());
        assertEquals(2357, get("/api/v1/customers?source=cdnow&size=1", MANAGER).assertStatus(200).json()
                .get("total").asLong());

        // No model yet: a score cannot be given.
        String customer0001 = get("/api/v1/customers?source=cdnow&q=0001", MANAGER).assertStatus(200).json()
                .get("items").get(0).get("id").asText();
        ApiResponse noModel = get("/api/v1/customers/" + customer0001 + "/score?asOf=1997-09-30", REP1);
        assertEquals(noModel.toString(), 409, noModel.status());
        assertTrue(noModel.body(), noModel.body().contains("detection run"));

        // Detection with the paper's calibration period.
        ObjectNode request = json().put("calibrationEnd", "1997-09-30").put("probabilityAliveThreshold", 0.2);
        request.putArray("rules");
        ApiResponse started = post("/api/v1/detection/runs", MANAGER, request).assertStatus(202);
        assertEquals("RUNNING", started.json().get("status").asText());
        String runPath = "/api/v1/detection/runs/" + started.json().get("id").asText();
        assertTrue(started.header("Location").orElseThrow().endsWith(runPath));
        JsonNode run = awaitFinished(runPath, MANAGER, "RUNNING");
        assertEquals(run.toString(), "COMPLETED", run.get("status").asText());
        JsonNode model = run.get("model");
        assertEquals(0.243, model.get("r").asDouble(), 0.0005);
        assertEquals(4.414, model.get("alpha").asDouble(), 0.0005);
        assertEquals(0.793, model.get("a").asDouble(), 0.0005);
        assertEquals(2.426, model.get("b").asDouble(), 0.0005);
        assertEquals(-9582.4, model.get("logLikelihood").asDouble(), 0.05);
        assertEquals(2357, run.get("customers").asLong());
        long flagged = run.get("flagged").asLong();
        assertTrue(run.toString(), flagged > 0 && flagged < 2357);
        assertEquals(0, run.get("alreadyOpen").asLong());
        assertEquals(flagged, run.get("casesOpened").asLong());

        // The cases: LAPSED, one per flagged customer, each with its score below the threshold and a reason.
        JsonNode cases = get("/api/v1/cases?lossKind=LAPSED&size=200", MANAGER).assertStatus(200).json();
        assertEquals(flagged, cases.get("total").asLong());
        JsonNode one = get("/api/v1/cases/" + cases.get("items").get(0).get("id").asText(), MANAGER)
                .assertStatus(200).json();
        JsonNode finding = one.get("detection");
        assertEquals(started.json().get("id").asText(), finding.get("runId").asText());
        assertTrue(finding.toString(), finding.get("probabilityAlive").asDouble() < 0.2);
        assertTrue(finding.toString(), finding.get("reason").asText().contains("P(alive)"));
        assertTrue(finding.toString(), finding.get("secondLifetimeValue").asDouble() > 0);
        assertEquals("other", one.get("lossReason").asText());
        assertEquals("OPEN", one.get("status").asText());

        // A second run over the same history finds the same customers and opens nothing new.
        JsonNode again = awaitFinished("/api/v1/detection/runs/" + post("/api/v1/detection/runs", ADMIN, request)
                .assertStatus(202).json().get("id").asText(), ADMIN, "RUNNING");
        assertEquals(again.toString(), "COMPLETED", again.get("status").asText());
        assertEquals(flagged, again.get("flagged").asLong());
        assertEquals(flagged, again.get("alreadyOpen").asLong());
        assertEquals(0, again.get("casesOpened").asLong());
        assertEquals(flagged, get("/api/v1/cases?lossKind=LAPSED&size=1", MANAGER).json().get("total").asLong());
        assertTrue(get("/api/v1/detection/runs", MANAGER).assertStatus(200).json().get("total").asLong() >= 2);

        // Customer 0001 bought on 1997-01-01, 01-18 and 08-02 (29.33 + 29.73 + 14.96) before the cut-off.
        JsonNode score = get("/api/v1/customers/" + customer0001 + "/score?asOf=1997-09-30", REP1)
                .assertStatus(200).json();
        assertEquals("1997-01-01", score.get("firstPurchase").asText());
        assertEquals("1997-08-02", score.get("lastPurchase").asText());
        assertEquals(59, score.get("recencyDays").asLong());
        assertEquals(2, score.get("frequency").asInt());
        assertEquals(74.02, score.get("totalSpend").asDouble(), 0.001);
        assertEquals(24.67, score.get("monetaryValue").asDouble(), 0.001);
        assertEquals(106.5, score.get("usualGapDays").asDouble(), 0.001);
        double pAlive = score.get("probabilityAlive").asDouble();
        assertTrue(score.toString(), pAlive > 0 && pAlive < 1);
        assertTrue(score.toString(), score.get("expectedPurchases").asDouble() > 0);
        assertTrue(score.toString(), score.get("secondLifetimeValue").asDouble() > 0);
        assertEquals(again.get("id").asText(), score.get("modelRunId").asText());
    }

    @Test
    public void badRowsAreReportedWithTheirLineAndAnImportOverBudgetStoresNothing() throws Exception {
        String csv = "externalId,date,amount\n"
                + "budget-1,2026-01-05,10.00\n"
                + "budget-1,2026-02-30,12.00\n"
                + "budget-2,2026-01-07,twelve\n"
                + "budget-2,2026-03-01,8.50\n";
        ApiResponse accepted = upload("/api/v1/imports/transactions?source=shop&maxErrors=2",
                ADMIN, csv.getBytes(StandardCharsets.UTF_8), "text/csv").assertStatus(202);
        JsonNode job = awaitFinished("/api/v1/imports/" + accepted.json().get("id").asText(), ADMIN,
                "QUEUED", "RUNNING");
        assertEquals(job.toString(), "COMPLETED", job.get("status").asText());
        assertEquals(4, job.get("rowsRead").asLong());
        assertEquals(2, job.get("purchasesAdded").asLong());
        assertEquals(2, job.get("customersCreated").asLong());
        assertEquals(2, job.get("errorCount").asLong());
        assertEquals(3, job.get("errors").get(0).get("line").asLong());
        assertEquals(4, job.get("errors").get(1).get("line").asLong());
        assertTrue(job.toString(), job.get("errors").get(1).get("message").asText().contains("twelve"));

        // The same file with no bad row allowed: aborted at line 3, and neither purchase nor customer stored.
        String other = csv.replace("budget-", "strict-");
        JsonNode aborted = awaitFinished("/api/v1/imports/" + upload("/api/v1/imports/transactions?source=shop"
                + "&maxErrors=0", ADMIN, other.getBytes(StandardCharsets.UTF_8), "text/csv").assertStatus(202).json()
                .get("id").asText(), ADMIN, "QUEUED", "RUNNING");
        assertEquals(aborted.toString(), "ABORTED", aborted.get("status").asText());
        assertTrue(aborted.toString(), aborted.get("failure").asText().contains("line 3"));
        assertEquals(0, aborted.get("purchasesAdded").asLong());
        assertEquals(0, get("/api/v1/customers?q=strict-", ADMIN).json().get("total").asLong());
    }

    @Test
    public void jsonLinesAreImportedByContentType() throws Exception {
        String lines = "{\"externalId\":\"jsonl-1\",\"date\":\"2026-04-01\",\"amount\":19.99}\n"
                + "{\"externalId\":\"jsonl-1\",\"date\":\"2026-05-01\",\"amount\":5}\n";
        JsonNode job = awaitFinished("/api/v1/imports/" + upload("/api/v1/imports/transactions?source=app",
                MANAGER, lines.getBytes(StandardCharsets.UTF_8), "application/x-ndjson").assertStatus(202).json()
                .get("id").asText(), MANAGER, "QUEUED", "RUNNING");
        assertEquals(job.toString(), "COMPLETED", job.get("status").asText());
        assertEquals("JSON_LINES", job.get("format").asText());
        assertEquals(2, job.get("purchasesAdded").asLong());
        JsonNode customer = get("/api/v1/customers?source=app&q=jsonl-1", MANAGER).json().get("items").get(0);
        assertEquals("jsonl-1", customer.get("externalId").asText());
    }

    @Test
    public void uploadsAndRunsAreForManagersAndBadOptionsAreNamed() {
        byte[] csv = "externalId,date,amount\nx,2026-01-01,1\n".getBytes(StandardCharsets.UTF_8);
        assertEquals(401, upload("/api/v1/imports/transactions", null, csv, "text/csv").status());
        assertProblem(upload("/api/v1/imports/transactions", REP1, csv, "text/csv"), 403, null);
        assertProblem(post("/api/v1/detection/runs", REP1, json()), 403, null);
        assertProblem(get("/api/v1/imports", REP1), 403, null);

        assertProblem(upload("/api/v1/imports/transactions?delimiter=ab", MANAGER, csv, "text/csv"), 400,
                "delimiter");
        assertProblem(upload("/api/v1/imports/transactions?format=XML", MANAGER, csv, "text/csv"), 400, "format");
        assertProblem(upload("/api/v1/imports/transactions?datePattern=qqqq-bad", MANAGER, csv, "text/csv"), 400,
                "datePattern");
        assertProblem(upload("/api/v1/imports/transactions?maxErrorPercent=150", MANAGER, csv, "text/csv"), 400,
                "maxErrorPercent");
        assertProblem(upload("/api/v1/imports/transactions", MANAGER, csv, "application/json"), 415, null);
        assertProblem(upload("/api/v1/imports/transactions", MANAGER, csv, "text/plain"), 415, null);

        assertProblem(post("/api/v1/detection/runs", MANAGER, json().put("probabilityAliveThreshold", 1.5)), 400,
                "probabilityAliveThreshold");
        ObjectNode badRule = json();
        badRule.putArray("rules").addObject().put("type", "NO_PURCHASE_IN_DAYS").put("days", 0);
        assertProblem(post("/api/v1/detection/runs", MANAGER, badRule), 400, "rules");
        assertProblem(post("/api/v1/detection/runs", MANAGER, json().put("lossReason", "no-such-reason")), 422,
                "lossReason");
        assertProblem(post("/api/v1/detection/runs", MANAGER, json().put("surprise", true)), 400, "surprise");
        ObjectNode tooManyRules = json();
        for (int i = 0; i < 101; i++) {
            tooManyRules.withArray("rules").addObject().put("type", "NO_PURCHASE_IN_DAYS").put("days", 30 + i);
        }
        assertProblem(post("/api/v1/detection/runs", MANAGER, tooManyRules), 400, "at most 100 rules");
        assertProblem(get("/api/v1/imports/" + java.util.UUID.randomUUID(), MANAGER), 404, null);
        assertProblem(get("/api/v1/detection/runs/not-a-uuid", MANAGER), 404, null);
    }

    /**
     * Detection is a feature an admin may switch off: its endpoints are then simply absent (404), the rest of Winback
     * keeps working, and nothing it stored is lost when it comes back.
     */
    @Test
    public void uninstallingDetectionHidesItsEndpointsAndReinstallingFindsItsDataAgain() throws Exception {
        byte[] csv = "externalId,date,amount\nswap-1,2026-01-02,3.50\n".getBytes(StandardCharsets.UTF_8);
        String jobId = awaitFinished("/api/v1/imports/" + upload("/api/v1/imports/transactions?source=swap", ADMIN,
                csv, "text/csv").assertStatus(202).json().get("id").asText(), ADMIN, "QUEUED", "RUNNING")
                .get("id").asText();

        featuresService.uninstallFeature("winback-detect");
        try {
            ApiResponse gone = get("/api/v1/imports/" + jobId, ADMIN);
            assertProblem(gone, 404, "There is nothing at");
            assertProblem(post("/api/v1/detection/runs", ADMIN, json()), 404, "There is nothing at");
            String customer = get("/api/v1/customers?source=swap", ADMIN).assertStatus(200).json().get("items")
                    .get(0).get("id").asText();
            assertProblem(get("/api/v1/customers/" + customer + "/score", ADMIN), 404, "There is nothing at");
            assertEquals("the module's tables and rows stay while it is away", 1,
                    countRows("SELECT COUNT(*) FROM import_jobs WHERE id = ?", java.util.UUID.fromString(jobId)));
        } finally {
            featuresService.installFeature("winback-detect");
        }
        long deadline = System.nanoTime() + java.util.concurrent.TimeUnit.MINUTES.toNanos(1);
        ApiResponse back = get("/api/v1/imports/" + jobId, ADMIN);
        while (back.status() != 200 && System.nanoTime() < deadline) {
            Thread.sleep(200);
            back = get("/api/v1/imports/" + jobId, ADMIN);
        }
        assertEquals(back.toString(), "COMPLETED", back.assertStatus(200).json().get("status").asText());
        assertEquals(1, back.json().get("purchasesAdded").asLong());
    }

    /** {@code header}, then {@code size} bytes of {@code fill}, gzip-compressed without holding them. */
    private static byte[] gzipOf(String header, long size, byte fill) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (GZIPOutputStream gz = new GZIPOutputStream(out, 1 << 16)) {
            gz.write(header.getBytes(StandardCharsets.UTF_8));
            byte[] block = new byte[1 << 16];
            java.util.Arrays.fill(block, fill);
            for (long left = size; left > 0; left -= block.length) {
                gz.write(block, 0, (int) Math.min(block.length, left));
            }
        }
        return out.toByteArray();
    }

    @Test
    public void aGzipBombIsRefusedWhileCopiedAndAnEndlessFieldAbortsItsImport() throws Exception {
        long jobs = countRows("SELECT COUNT(*) FROM import_jobs");
        // 64 MiB of blank lines in about 64 KB, against a limit of 8 MiB.
        byte[] bomb = gzipOf("externalId,date,amount\n", 64L << 20, (byte) '\n');
        long started = System.nanoTime();
        ApiResponse refused = upload("/api/v1/imports/transactions?source=bomb", MANAGER, bomb, "application/gzip");
        long millis = (System.nanoTime() - started) / 1_000_000;
        assertProblem(refused, 413, "maxDecompressedMegabytes");
        assertTrue(refused.body(), refused.body().contains("more than " + MAX_DATA_MEGABYTES + " MiB"));
        assertTrue("refused in " + millis + " ms", millis < 15_000);
        assertEquals("no job was made", jobs, countRows("SELECT COUNT(*) FROM import_jobs"));

        // A 4 MiB field (within the data limit) in a 4 KB file: the job reads 1,000 characters of it and stops.
        byte[] endless = gzipOf("externalId,date,amount\nendless-1,2026-01-05,1\nendless-2,", 4L << 20,
                (byte) '9');
        JsonNode job = awaitFinished("/api/v1/imports/" + upload("/api/v1/imports/transactions?source=endless",
                MANAGER, endless, "application/gzip").assertStatus(202).json().get("id").asText(), MANAGER,
                "QUEUED", "RUNNING");
        assertEquals(job.toString(), "ABORTED", job.get("status").asText());
        assertEquals("line 3: longer than 1,000 characters (the limit maxLineCharacters); reading stopped there "
                + "and nothing was stored", job.get("failure").asText());
        assertEquals(0, job.get("purchasesAdded").asLong());
        assertEquals(0, get("/api/v1/customers?source=endless", MANAGER).json().get("total").asLong());
    }

    @Test
    public void aUserPastTheirImportLimitsIsToldToWaitWhileAnotherUsersImportRuns() throws Exception {
        // Enough rows to keep the manager's first import busy for a while on either database.
        StringBuilder big = new StringBuilder("externalId,date,amount\n");
        for (int i = 0; i < 20_000; i++) {
            big.append("fair-").append(i % 1000).append(",2026-0").append(1 + i % 9).append('-')
                    .append(10 + i % 18).append(',').append(i % 97).append(".50\n");
        }
        byte[] file = big.toString().getBytes(StandardCharsets.UTF_8);
        byte[] small = "externalId,date,amount\nfair-x,2026-01-02,3\n".getBytes(StandardCharsets.UTF_8);

        String first = upload("/api/v1/imports/transactions?source=fair", MANAGER, file, "text/csv")
                .assertStatus(202).json().get("id").asText();
        String second = upload("/api/v1/imports/transactions?source=fair", MANAGER, file, "text/csv")
                .assertStatus(202).json().get("id").asText();
        ApiResponse third = upload("/api/v1/imports/transactions?source=fair", MANAGER, small, "text/csv");
        assertProblem(third, 429, "maxQueuedImportsPerUser");
        long retryAfter = Long.parseLong(third.header("Retry-After").orElseThrow());
        assertTrue(third.toString(), retryAfter > 0);

        // Another user's import is not held back by the manager's queue.
        JsonNode admins = awaitFinished("/api/v1/imports/" + upload("/api/v1/imports/transactions?source=fair-admin",
                ADMIN, small, "text/csv").assertStatus(202).json().get("id").asText(), ADMIN, "QUEUED", "RUNNING");
        assertEquals(admins.toString(), "COMPLETED", admins.get("status").asText());

        JsonNode one = awaitFinished("/api/v1/imports/" + first, MANAGER, "QUEUED", "RUNNING");
        JsonNode two = awaitFinished("/api/v1/imports/" + second, MANAGER, "QUEUED", "RUNNING");
        assertEquals(one.toString(), "COMPLETED", one.get("status").asText());
        assertEquals(two.toString(), "COMPLETED", two.get("status").asText());
        assertEquals(20_000, one.get("purchasesAdded").asLong() + one.get("duplicates").asLong());
        assertEquals(20_000, two.get("duplicates").asLong() + two.get("purchasesAdded").asLong());
        assertFalse("the manager's second import started only after the first ended",
                Instant.parse(two.get("startedAt").asText()).isBefore(Instant.parse(one.get("finishedAt").asText())));
        assertTrue("the admin's import did not wait for the manager's second",
                Instant.parse(admins.get("finishedAt").asText()).isBefore(Instant.parse(two.get("finishedAt")
                        .asText())));
    }

    /**
     * A restart of the module fails this node's unfinished import jobs and detection runs and leaves another node's
     * alone; the interrupted import is retried from the upload it kept.
     */
    @Test
    public void aRestartFailsOnlyThisNodesJobsAndAFailedImportIsRetried() throws Exception {
        JsonNode ours = awaitFinished("/api/v1/imports/" + upload("/api/v1/imports/transactions?source=retry",
                MANAGER, "externalId,date,amount\nretry-0,2026-01-02,3\n".getBytes(StandardCharsets.UTF_8),
                "text/csv").assertStatus(202).json().get("id").asText(), MANAGER, "QUEUED", "RUNNING");
        String node = ours.get("node").asText();
        assertFalse(ours.toString(), node.isBlank());
        assertEquals(1, ours.get("attempts").asInt());

        // As the node left them when it stopped: its own import running, with its upload kept, and another node's.
        UUID mine = UUID.randomUUID();
        UUID theirs = UUID.randomUUID();
        String csv = "externalId,date,amount\nretry-1,2026-01-05,10\nretry-1,2026-02-05,12\nretry-2,2026-03-01,7\n";
        Path upload = Path.of(System.getProperty("karaf.data"), "winback", "imports", mine + ".upload");
        Files.writeString(upload, csv);
        insertRunningImport(mine, node, csv.length());
        insertRunningImport(theirs, "some-other-node", csv.length());
        UUID myRun = UUID.randomUUID();
        UUID theirRun = UUID.randomUUID();
        insertRunningDetection(myRun, node);
        insertRunningDetection(theirRun, "some-other-node");
        try {
            Bundle detect = bundle("winback-detect");
            detect.stop();
            detect.start();
            ApiResponse back = get("/api/v1/imports/" + mine, MANAGER);
            for (long deadline = System.nanoTime() + 60_000_000_000L; back.status() != 200
                    && System.nanoTime() < deadline; back = get("/api/v1/imports/" + mine, MANAGER)) {
                Thread.sleep(200);
            }
            JsonNode failed = back.assertStatus(200).json();
            assertEquals(failed.toString(), "FAILED", failed.get("status").asText());
            assertTrue(failed.toString(), failed.get("failure").asText().startsWith("interrupted: node restarted"));
            assertEquals("RUNNING", get("/api/v1/imports/" + theirs, MANAGER).json().get("status").asText());
            JsonNode failedRun = get("/api/v1/detection/runs/" + myRun, MANAGER).assertStatus(200).json();
            assertEquals(failedRun.toString(), "FAILED", failedRun.get("status").asText());
            assertTrue(failedRun.toString(), failedRun.get("failure").asText().startsWith("interrupted: node"));
            assertEquals("RUNNING", get("/api/v1/detection/runs/" + theirRun, MANAGER).json().get("status").asText());

            // Retried by who submitted it: queued again, and done as it would have been.
            assertProblem(post("/api/v1/imports/" + mine + "/retry", REP1, null), 403, null);
            assertProblem(post("/api/v1/imports/" + theirs + "/retry", MANAGER, null), 409, "only a FAILED");
            ApiResponse retried = post("/api/v1/imports/" + mine + "/retry", MANAGER, null).assertStatus(202);
            assertTrue(retried.header("Location").orElseThrow().endsWith("/api/v1/imports/" + mine));
            assertEquals("QUEUED", retried.json().get("status").asText());
            assertEquals(2, retried.json().get("attempts").asInt());
            JsonNode done = awaitFinished("/api/v1/imports/" + mine, MANAGER, "QUEUED", "RUNNING");
            assertEquals(done.toString(), "COMPLETED", done.get("status").asText());
            assertEquals(3, done.get("purchasesAdded").asLong());
            assertEquals(node, done.get("node").asText());
            assertTrue(done.get("failure").isNull());
            assertProblem(post("/api/v1/imports/" + mine + "/retry", MANAGER, null), 409, "COMPLETED");
            assertProblem(post("/api/v1/imports/" + UUID.randomUUID() + "/retry", ADMIN, null), 404, null);

            assertProblem(post("/api/v1/detection/runs/" + myRun + "/retry", REP1, null), 403, null);
            assertProblem(post("/api/v1/detection/runs/" + theirRun + "/retry", ADMIN, null), 409,
                    "only a FAILED run");
        } finally {
            execute("UPDATE import_jobs SET status = 'FAILED', failure = 'test' WHERE id = ?", theirs);
            execute("UPDATE detection_runs SET status = 'FAILED', failure = 'test' WHERE id = ?", theirRun);
        }
    }

    private void insertRunningImport(UUID id, String node, long size) throws SQLException {
        execute("INSERT INTO import_jobs (id, status, file_name, format, submitted_by, submitted_at, started_at, node,"
                + " attempts, bytes_total, bytes_read, rows_read, purchases_read, purchases_added, duplicates,"
                + " customers_created, error_count) VALUES (?, 'RUNNING', 'retry.csv', 'CSV', 'manager', ?, ?, ?, 1, ?,"
                + " 0, 0, 0, 0, 0, 0, 0)", id, OffsetDateTime.now(ZoneOffset.UTC), OffsetDateTime.now(ZoneOffset.UTC),
                node, size);
    }

    private void insertRunningDetection(UUID id, String node) throws SQLException {
        execute("INSERT INTO detection_runs (id, status, requested_by, node, attempts, started_at, calibration_end,"
                + " p_alive_threshold, loss_reason, dry_run, customers_scored, flagged, already_open, cases_opened)"
                + " VALUES (?, 'RUNNING', 'manager', ?, 1, ?, ?, 0.3, 'other', TRUE, 0, 0, 0, 0)", id, node,
                OffsetDateTime.now(ZoneOffset.UTC), java.time.LocalDate.of(2026, 11, 1));
    }

    /** Runs one statement behind the API's back. */
    private void execute(String sql, Object... params) throws SQLException {
        try (Connection c = winbackDataSource().getConnection(); PreparedStatement s = c.prepareStatement(sql)) {
            for (int i = 0; i < params.length; i++) {
                s.setObject(i + 1, params[i]);
            }
            s.executeUpdate();
        }
    }

    /** A problem+json answer with the status, whose text names {@code field} if given. */
    private static void assertProblem(ApiResponse response, int status, String field) {
        assertEquals(response.toString(), status, response.status());
        assertTrue(response.toString(), response.header("Content-Type").orElse("")
                .startsWith("application/problem+json"));
        if (field != null) {
            assertTrue(response.toString(), response.body().contains(field));
        }
        assertFalse(response.toString(), response.body().contains("Exception"));
    }
}
