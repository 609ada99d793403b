package dev.winback.store.jdbc;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.winback.api.NotFoundException;
import dev.winback.api.detect.ImportFormat;
import dev.winback.api.detect.ImportJob;
import dev.winback.api.detect.ImportRequest;
import dev.winback.api.detect.ImportRowError;
import dev.winback.api.detect.ImportStatus;
import dev.winback.api.dto.Page;
import dev.winback.api.store.AttemptLost;
import dev.winback.api.store.PublishedImport;
import dev.winback.api.store.StagedPurchase;
import java.math.BigDecimal;
import java.time.LocalDate;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.UUID;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

abstract class ImportJobStoreContract extends DatabaseTestBase {
    static final Instant SUBMITTED = Instant.parse("2026-03-01T08:00:00.123456Z");

    private JdbcImportJobStore jobs;

    ImportJobStoreContract(Engine engine) {
        super(engine);
    }

    @BeforeEach
    void createStore() {
        jobs = new JdbcImportJobStore(db);
    }

    @Test
    void aJobReadsBackWithEveryFieldItsRequestAndItsBadRows() {
        ImportJob job = finished(job(ImportStatus.COMPLETED, SUBMITTED));
        job.request = fullRequest();
        job.errors = List.of(new ImportRowError(7, "amount: 'twelve' is not a number"),
                new ImportRowError(3, "date: '31/02/2026' is no day"), new ImportRowError(12, null));

        jobs.insert(job);

        ImportJob found = jobs.find(job.id).orElseThrow();
        assertEquals(Json.tree(job), Json.tree(found));
        assertEquals(List.of("id", "when", "what", "how much"), found.request.columnNames);
    }

    @Test
    void aJobWithoutRequestOrBadRowsHasNone() {
        ImportJob job = job(ImportStatus.QUEUED, SUBMITTED);

        jobs.insert(job);

        ImportJob found = jobs.find(job.id).orElseThrow();
        assertNull(found.request);
        assertEquals(List.of(), found.errors);
        assertNull(found.startedAt);
        assertNull(found.format);
        assertEquals(ImportStatus.QUEUED, found.status);
    }

    @Test
    void updateOverwritesProgressAndKeepsWhatWasSubmitted() {
        ImportJob job = job(ImportStatus.QUEUED, SUBMITTED);
        job.request = fullRequest();
        job.errors = List.of(new ImportRowError(2, "first"));
        jobs.insert(job);
        ImportJob running = job(ImportStatus.RUNNING, SUBMITTED.plusSeconds(60));
        running.id = job.id;
        running.fileName = "other.csv";
        running.submittedBy = "mallory";
        running.startedAt = SUBMITTED.plusSeconds(1);
        running.bytesRead = 512;
        running.rowsRead = 40;
        running.errorCount = 1;

        jobs.update(running);

        ImportJob found = jobs.find(job.id).orElseThrow();
        assertEquals(ImportStatus.RUNNING, found.status);
        assertEquals(running.startedAt, found.startedAt);
        assertEquals(512, found.bytesRead);
        assertEquals(40, found.rowsRead);
        assertEquals("purchases.csv", found.fileName);
        assertEquals("bob", found.submittedBy);
        assertEquals(SUBMITTED, found.submittedAt);
        assertEquals(Json.tree(job.request), Json.tree(found.request));
        assertEquals(1, found.errors.size(), "errors null: the stored ones stay");
        assertEquals("first", found.errors.get(0).message);
    }

    @Test
    void updateWithBadRowsReplacesTheStoredOnes() {
        ImportJob job = job(ImportStatus.RUNNING, SUBMITTED);
        job.errors = List.of(new ImportRowError(2, "first"), new ImportRowError(5, "second"));
        jobs.insert(job);
        ImportJob done = finished(job(ImportStatus.ABORTED, SUBMITTED));
        done.id = job.id;
        done.errors = List.of(new ImportRowError(9, "third"));
        done.failure = "Too many bad rows";

        jobs.update(done);

        ImportJob found = jobs.find(job.id).orElseThrow();
        assertEquals(Json.tree(done.errors), Json.tree(found.errors));
        assertEquals("Too many bad rows", found.failure);
        assertEquals(done.finishedAt, found.finishedAt);
        assertEquals(done.purchasesAdded, found.purchasesAdded);
        assertEquals(done.duplicates, found.duplicates);
        assertEquals(done.customersCreated, found.customersCreated);

        done.errors = List.of();
        jobs.update(done);

        assertEquals(List.of(), jobs.find(job.id).orElseThrow().errors);
    }

    @Test
    void updateOfAnUnknownJobIsNotFound() {
        ImportJob stranger = job(ImportStatus.RUNNING, SUBMITTED);

        assertThrows(NotFoundException.class, () -> jobs.update(stranger));
        assertTrue(jobs.find(stranger.id).isEmpty());
    }

    @Test
    void instantsAreKeptToTheMicrosecond() {
        ImportJob job = job(ImportStatus.RUNNING, Instant.parse("2026-03-01T08:00:00.123456789Z"));

        jobs.insert(job);

        assertEquals(Instant.parse("2026-03-01T08:00:00.123456Z"), jobs.find(job.id).orElseThrow().submittedAt);
    }

    @Test
    void aFailureLongerThanTheColumnIsCut() {
        ImportJob job = job(ImportStatus.FAILED, SUBMITTED);
        job.failure = "x".repeat(JdbcImportJobStore.FAILURE_LENGTH + 5);
        job.errors = List.of(new ImportRowError(1, "y".repeat(JdbcImportJobStore.MESSAGE_LENGTH + 5)));

        jobs.insert(job);

        ImportJob found = jobs.find(job.id).orElseThrow();
        assertEquals(JdbcImportJobStore.FAILURE_LENGTH, found.failure.length());
        assertEquals(JdbcImportJobStore.MESSAGE_LENGTH, found.errors.get(0).message.length());
    }

    @Test
    void listIsNewestFirstInPagesWithoutBadRows() {
        List<UUID> newestFirst = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            ImportJob job = job(ImportStatus.COMPLETED, SUBMITTED.plusSeconds(i));
            job.errors = List.of(new ImportRowError(1, "bad"));
            jobs.insert(job);
            newestFirst.add(0, job.id);
        }
        // Submitted at the same instant as the newest: the id decides.
        ImportJob twin = job(ImportStatus.QUEUED, SUBMITTED.plusSeconds(4));
        jobs.insert(twin);
        newestFirst.addAll(0, Stream.of(newestFirst.remove(0), twin.id)
                .sorted(Comparator.comparing(UUID::toString)).collect(Collectors.toList()));

        List<UUID> seen = new ArrayList<>();
        for (int page = 0; page < 3; page++) {
            Page<ImportJob> result = jobs.list(page, 2);
            assertEquals(6, result.total);
            assertEquals(page, result.page);
            assertEquals(2, result.size);
            result.items.forEach(j -> assertNull(j.errors));
            seen.addAll(result.items.stream().map(j -> j.id).collect(Collectors.toList()));
        }

        assertEquals(newestFirst, seen);
        assertTrue(jobs.list(3, 2).items.isEmpty());

        ImportJob alices = job(ImportStatus.QUEUED, SUBMITTED.plusSeconds(9));
        alices.submittedBy = "alice";
        jobs.insert(alices);
        Page<ImportJob> hers = jobs.list(0, 10, "alice");
        assertEquals(1, hers.total);
        assertEquals(alices.id, hers.items.get(0).id);
        assertEquals(6, jobs.list(0, 10, "bob").total);
        assertEquals(7, jobs.list(0, 10, null).total);
        assertEquals(0, jobs.list(0, 10, "nobody").total);
    }

    @Test
    void failUnfinishedFailsQueuedAndRunningJobsOnly() {
        ImportJob queued = insert(ImportStatus.QUEUED);
        ImportJob running = insert(ImportStatus.RUNNING);
        ImportJob completed = insert(ImportStatus.COMPLETED);
        ImportJob aborted = insert(ImportStatus.ABORTED);
        Instant now = Instant.parse("2026-03-02T00:00:00Z");

        assertEquals(2, jobs.failUnfinished("Winback restarted", now));

        for (ImportJob job : List.of(queued, running)) {
            ImportJob found = jobs.find(job.id).orElseThrow();
            assertEquals(ImportStatus.FAILED, found.status);
            assertEquals("Winback restarted", found.failure);
            assertEquals(now, found.finishedAt);
        }
        assertEquals(ImportStatus.COMPLETED, jobs.find(completed.id).orElseThrow().status);
        assertEquals(ImportStatus.ABORTED, jobs.find(aborted.id).orElseThrow().status);
        assertNull(jobs.find(completed.id).orElseThrow().failure);
        assertEquals(0, jobs.failUnfinished("again", now));
    }

    @Test
    void aNodeFailsItsOwnAndNodelessUnfinishedJobsOnly() {
        ImportJob mine = insert(ImportStatus.RUNNING);
        ImportJob myQueued = insert(ImportStatus.QUEUED);
        ImportJob legacy = job(ImportStatus.RUNNING, SUBMITTED);
        legacy.node = null;
        jobs.insert(legacy);
        ImportJob theirs = job(ImportStatus.RUNNING, SUBMITTED);
        theirs.node = "node-b";
        jobs.insert(theirs);
        Instant now = Instant.parse("2026-03-02T00:00:00Z");

        assertEquals(3, jobs.failUnfinished("node-a", "interrupted: node restarted", now));

        for (ImportJob job : List.of(mine, myQueued, legacy)) {
            ImportJob found = jobs.find(job.id).orElseThrow();
            assertEquals(ImportStatus.FAILED, found.status);
            assertEquals("interrupted: node restarted", found.failure);
            assertEquals(now, found.finishedAt);
        }
        ImportJob other = jobs.find(theirs.id).orElseThrow();
        assertEquals(ImportStatus.RUNNING, other.status, "another node's job is left running");
        assertNull(other.failure);
        assertEquals(0, jobs.failUnfinished("node-a", "again", now));
    }

    @Test
    void aFailedJobIsQueuedAgainOnceWithItsCountsAndBadRowsCleared() {
        ImportJob job = finished(job(ImportStatus.FAILED, SUBMITTED));
        job.failure = "interrupted: node restarted";
        job.serverFile = "/data/exports/purchases.csv";
        job.request = fullRequest();
        job.errors = List.of(new ImportRowError(7, "amount: 'twelve' is not a number"));
        jobs.insert(job);

        ImportJob queued = jobs.retry(job.id, "node-b").orElseThrow();

        assertEquals(ImportStatus.QUEUED, queued.status);
        assertEquals("node-b", queued.node);
        assertEquals(2, queued.attempts);
        assertNull(queued.failure);
        assertNull(queued.startedAt);
        assertNull(queued.finishedAt);
        assertEquals(0, queued.rowsRead + queued.bytesRead + queued.purchasesRead + queued.purchasesAdded
                + queued.duplicates + queued.customersCreated + queued.errorCount);
        assertEquals(List.of(), queued.errors);
        assertEquals(job.bytesTotal, queued.bytesTotal);
        assertEquals("/data/exports/purchases.csv", queued.serverFile);
        assertEquals(Json.tree(job.request), Json.tree(queued.request));
        assertEquals(Json.tree(queued), Json.tree(jobs.find(job.id).orElseThrow()));

        assertTrue(jobs.retry(job.id, "node-c").isEmpty(), "a job that is not FAILED is not queued again");
        assertTrue(jobs.retry(UUID.randomUUID(), "node-c").isEmpty());
        assertTrue(jobs.retry(insert(ImportStatus.COMPLETED).id, "node-c").isEmpty());
    }

    @Test
    void abandonedStagingIsDiscardedAndUnfinishedJobsKeepTheirs() throws Exception {
        ImportJob running = insert(ImportStatus.RUNNING);
        ImportJob queued = insert(ImportStatus.QUEUED);
        ImportJob failed = insert(ImportStatus.FAILED);
        UUID unknown = UUID.randomUUID();
        JdbcPurchaseStore purchases = new JdbcPurchaseStore(db);
        for (UUID id : List.of(running.id, queued.id, failed.id, unknown)) {
            purchases.stage(id, List.of(new dev.winback.api.store.StagedPurchase(2, "shop", "c1",
                    java.time.LocalDate.of(2026, 1, 1), java.math.BigDecimal.ONE, id.toString().replace("-", "").repeat(2))));
        }

        assertEquals(2, jobs.discardAbandonedStaging());

        assertEquals(2, count("SELECT COUNT(*) FROM purchase_staging"));
        assertEquals(1, count("SELECT COUNT(*) FROM purchase_staging WHERE import_id = ?", running.id));
        assertEquals(1, count("SELECT COUNT(*) FROM purchase_staging WHERE import_id = ?", queued.id));
    }

    @Test
    void aConditionalUpdateWritesOnlyWhileTheJobIsStillInTheStateAndAttemptSeen() throws Exception {
        ImportJob job = insert(ImportStatus.QUEUED);
        ImportJob task = jobs.find(job.id).orElseThrow();
        task.status = ImportStatus.RUNNING;
        task.startedAt = SUBMITTED.plusSeconds(1);
        task.errors = null;

        jobs.updateAttempt(task, ImportStatus.QUEUED);
        assertThrows(AttemptLost.class, () -> jobs.updateAttempt(task, ImportStatus.QUEUED),
                "it is RUNNING now, not QUEUED");
        task.rowsRead = 500;
        jobs.updateAttempt(task, ImportStatus.RUNNING);
        assertEquals(500, jobs.find(job.id).orElseThrow().rowsRead);

        new JdbcPurchaseStore(db).stage(job.id, List.of(staged(2, "c1")));
        // A live node gives this one up, as NodeWatch does: from what it read, on the same condition.
        ImportJob givenUp = jobs.unfinished("node-a").get(0);
        givenUp.status = ImportStatus.FAILED;
        givenUp.failure = "node node-a stopped answering";
        givenUp.finishedAt = SUBMITTED.plusSeconds(90);
        jobs.updateAttempt(givenUp, ImportStatus.RUNNING);

        task.rowsRead = 900;
        AttemptLost lost = assertThrows(AttemptLost.class, () -> jobs.updateAttempt(task, ImportStatus.RUNNING));
        assertEquals(job.id, lost.jobId());
        assertEquals(1, lost.attempt());
        assertTrue(lost.getMessage().contains("FAILED") && lost.getMessage().contains("stopped answering"),
                lost.getMessage());
        ImportJob stored = jobs.find(job.id).orElseThrow();
        assertEquals(ImportStatus.FAILED, stored.status);
        assertEquals(500, stored.rowsRead, "the lost task wrote nothing");
        assertEquals(0, count("SELECT COUNT(*) FROM purchase_staging"), "its staging went with the verdict");

        jobs.retry(job.id, "node-b").orElseThrow();
        assertThrows(AttemptLost.class, () -> jobs.updateAttempt(task, ImportStatus.QUEUED),
                "QUEUED again, but in the next attempt");
        assertThrows(AttemptLost.class, () -> jobs.updateAttempt(job(ImportStatus.QUEUED, SUBMITTED),
                ImportStatus.QUEUED), "no such job");
    }

    @Test
    void aPublishMakesThePurchasesVisibleAndTheJobCompletedTogether() throws Exception {
        ImportJob job = insert(ImportStatus.RUNNING);
        JdbcPurchaseStore purchases = new JdbcPurchaseStore(db);
        purchases.stage(job.id, List.of(staged(2, "c1"), staged(3, "c2")));
        job.status = ImportStatus.COMPLETED;
        job.finishedAt = SUBMITTED.plusSeconds(30);
        job.rowsRead = 2;
        job.errors = List.of(new ImportRowError(4, "bad"));

        PublishedImport published = jobs.publish(job);

        assertEquals(new PublishedImport(2, 0, 2), published);
        ImportJob stored = jobs.find(job.id).orElseThrow();
        assertEquals(ImportStatus.COMPLETED, stored.status);
        assertEquals(2, stored.purchasesAdded);
        assertEquals(2, stored.customersCreated);
        assertEquals(job.finishedAt, stored.finishedAt);
        assertEquals(1, stored.errors.size());
        assertEquals(2, count("SELECT COUNT(*) FROM purchases WHERE import_id = ?", job.id));
        assertEquals(0, count("SELECT COUNT(*) FROM purchase_staging"));

        ImportJob late = insert(ImportStatus.RUNNING);
        assertThrows(AttemptLost.class, () -> jobs.publish(job), "it is COMPLETED: a second publish is refused");
        late.status = ImportStatus.FAILED;
        late.failure = "node node-a stopped answering";
        jobs.updateAttempt(late, ImportStatus.RUNNING);
        purchases.stage(late.id, List.of(staged(2, "c9")));
        late.status = ImportStatus.COMPLETED;
        late.failure = null;

        assertThrows(AttemptLost.class, () -> jobs.publish(late));

        ImportJob failed = jobs.find(late.id).orElseThrow();
        assertEquals(ImportStatus.FAILED, failed.status);
        assertEquals("node node-a stopped answering", failed.failure);
        assertEquals(0, count("SELECT COUNT(*) FROM purchases WHERE import_id = ?", late.id), "nothing published");
        assertEquals(0, count("SELECT COUNT(*) FROM customers WHERE external_id = 'c9'"));
        assertEquals(1, jobs.discardAbandonedStaging(), "its staging is left for the tidy-up");
    }

    @Test
    void aRetryThrowsAwayWhatTheEarlierAttemptStaged() throws Exception {
        ImportJob job = insert(ImportStatus.FAILED);
        JdbcPurchaseStore purchases = new JdbcPurchaseStore(db);
        purchases.stage(job.id, List.of(staged(2, "c1")));

        jobs.retry(job.id, "node-b").orElseThrow();

        assertEquals(0, count("SELECT COUNT(*) FROM purchase_staging WHERE import_id = ?", job.id));
    }

    @Test
    void aNodesUnfinishedJobsAreItsQueuedAndRunningOnesOldestFirst() {
        ImportJob running = insert(ImportStatus.RUNNING);
        ImportJob queued = job(ImportStatus.QUEUED, SUBMITTED.plusSeconds(5));
        jobs.insert(queued);
        insert(ImportStatus.COMPLETED);
        insert(ImportStatus.FAILED);
        ImportJob theirs = job(ImportStatus.RUNNING, SUBMITTED);
        theirs.node = "node-b";
        jobs.insert(theirs);

        List<ImportJob> unfinished = jobs.unfinished("node-a");

        assertEquals(List.of(running.id, queued.id), unfinished.stream().map(j -> j.id).toList());
        assertNull(unfinished.get(0).errors, "listed without bad rows, so a conditional update keeps them");
        assertEquals(List.of(theirs.id), jobs.unfinished("node-b").stream().map(j -> j.id).toList());
        assertEquals(List.of(), jobs.unfinished("node-c"));
    }

    private static StagedPurchase staged(long line, String externalId) {
        return new StagedPurchase(line, "shop", externalId, LocalDate.of(2026, 1, 1), BigDecimal.TEN,
                externalId + "-" + UUID.randomUUID());
    }

    private ImportJob insert(ImportStatus status) {
        ImportJob job = job(status, SUBMITTED);
        jobs.insert(job);
        return job;
    }

    static ImportJob job(ImportStatus status, Instant submittedAt) {
        ImportJob job = new ImportJob();
        job.id = UUID.randomUUID();
        job.status = status;
        job.fileName = "purchases.csv";
        job.submittedBy = "bob";
        job.submittedAt = submittedAt;
        job.node = "node-a";
        job.attempts = 1;
        job.bytesTotal = 2048;
        return job;
    }

    /** Every counter and time set, each to a different value. */
    static ImportJob finished(ImportJob job) {
        job.format = ImportFormat.WHITESPACE;
        job.startedAt = job.submittedAt.plusSeconds(2);
        job.finishedAt = job.submittedAt.plusSeconds(30);
        job.bytesRead = 2048;
        job.rowsRead = 101;
        job.purchasesRead = 98;
        job.purchasesAdded = 90;
        job.duplicates = 8;
        job.customersCreated = 17;
        job.errorCount = 3;
        job.failure = null;
        return job;
    }

    static ImportRequest fullRequest() {
        ImportRequest request = new ImportRequest();
        request.fileName = "purchases.csv";
        request.format = ImportFormat.CSV;
        request.columnNames = List.of("id", "when", "what", "how much");
        request.delimiter = ";";
        request.externalIdColumn = "id";
        request.dateColumn = "when";
        request.amountColumn = "how much";
        request.sourceColumn = "system";
        request.source = "shop";
        request.transactionIdColumn = "tx";
        request.datePattern = "dd/MM/yyyy";
        request.decimalSeparator = ",";
        request.negativeAmounts = true;
        request.maxErrors = 250L;
        request.maxErrorPercent = 2.5;
        return request;
    }
}
