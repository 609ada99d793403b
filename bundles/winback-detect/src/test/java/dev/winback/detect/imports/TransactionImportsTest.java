package dev.winback.detect.imports;

import static dev.winback.detect.Problems.assertProblem;
import static dev.winback.detect.StoreFixture.ADMIN;
import static dev.winback.detect.StoreFixture.MANAGER;
import static dev.winback.detect.StoreFixture.REP;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.winback.api.AccessDeniedException;
import dev.winback.api.Actor;
import dev.winback.api.detect.ImportFormat;
import dev.winback.api.detect.ImportJob;
import dev.winback.api.detect.ImportRequest;
import dev.winback.api.detect.ImportStatus;
import dev.winback.api.dto.Customer;
import dev.winback.api.store.PublishedImport;
import dev.winback.api.store.PurchaseHistory;
import dev.winback.api.store.PurchaseStore;
import dev.winback.api.store.StagedPurchase;
import dev.winback.detect.Await;
import dev.winback.detect.DelegatingPurchases;
import dev.winback.detect.StoreFixture;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.math.BigDecimal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.function.Consumer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Imports end to end on the real stores over H2: staging, publishing, counts, bad rows, restarts. */
class TransactionImportsTest {
    /** Seven data rows: two bad (lines 4 and 7), two identical purchases of c3 on one day. */
    static final String SALES = """
            externalId,date,amount
            c1,2026-01-05,19.99
            c1,2026-02-05,5
            c2,2026-01-10,abc
            c3,2026-01-11,7.50
            c3,2026-01-11,7.50
            c4,2026-13-01,1
            c5,2026-03-01,12
            """;

    static final String NODE = "node-a";

    @TempDir
    Path work;

    StoreFixture stores;
    TransactionImports imports;

    @BeforeEach
    void start() {
        stores = new StoreFixture();
        imports = service(stores.purchases, Clock.systemUTC());
    }

    @AfterEach
    void stop() {
        imports.stop();
    }

    TransactionImports service(PurchaseStore purchases, Clock clock) {
        return new TransactionImports(stores.jobs, purchases, new ImportSettings(work, ErrorBudget.DEFAULT, "import",
                2), clock, NODE);
    }

    ImportJob upload(byte[] body, Consumer<ImportRequest> options) throws IOException {
        ImportRequest request = new ImportRequest();
        request.fileName = "sales.csv";
        options.accept(request);
        ImportJob queued = imports.submit(request, new ByteArrayInputStream(body), MANAGER);
        assertEquals(ImportStatus.QUEUED, queued.status);
        assertEquals(body.length, queued.bytesTotal);
        return finished(queued.id);
    }

    ImportJob finished(UUID id) {
        return Await.until(() -> stores.jobs.find(id), j -> j.status.isFinal(), "import " + id);
    }

    Optional<Customer> customer(String externalId) {
        return stores.customers.findByExternalId("import", externalId);
    }

    List<PurchaseHistory> histories() {
        List<PurchaseHistory> all = new ArrayList<>();
        stores.purchases.histories(LocalDate.of(2100, 1, 1), all::add);
        return all;
    }

    @Test
    void badRowsWithinTheBudgetAreCountedAndListedAndTheRestIsStored() throws IOException {
        ImportJob job = upload(Rows.bytes(SALES), r -> { });

        assertEquals(ImportStatus.COMPLETED, job.status, job.failure);
        assertNull(job.failure);
        assertEquals("sales.csv", job.fileName);
        assertEquals(ImportFormat.CSV, job.format);
        assertEquals("manager", job.submittedBy);
        assertEquals(7, job.rowsRead);
        assertEquals(5, job.purchasesRead);
        assertEquals(2, job.errorCount);
        assertEquals(5, job.purchasesAdded, "two identical rows in one file are two purchases");
        assertEquals(0, job.duplicates);
        assertEquals(3, job.customersCreated, "c1, c3 and c5; c2 and c4 had bad rows only");
        assertEquals(job.bytesTotal, job.bytesRead);
        assertTrue(job.startedAt != null && job.finishedAt != null && !job.finishedAt.isBefore(job.startedAt));
        assertEquals(2, job.errors.size());
        assertEquals(4, job.errors.get(0).line);
        assertEquals("amount 'abc' is not a number", job.errors.get(0).message);
        assertEquals(7, job.errors.get(1).line);
        assertTrue(job.errors.get(1).message.startsWith("date '2026-13-01' is not a date"), job.errors.get(1).message);

        assertEquals(2, stores.purchases.count(customer("c1").orElseThrow().id));
        assertEquals(2, stores.purchases.count(customer("c3").orElseThrow().id));
        assertFalse(customer("c2").isPresent());
        assertEquals(3, histories().size());
        try (var files = Files.list(work)) {
            assertEquals(0, files.count(), "the spooled upload is deleted when the job is done");
        }
    }

    @Test
    void anImportOverItsBudgetIsAbortedAndStoresNothing() throws IOException {
        ImportJob job = upload(Rows.bytes(SALES), r -> r.maxErrors = 1L);

        assertEquals(ImportStatus.ABORTED, job.status);
        assertEquals("line 7: the error budget is spent: more than 1 bad row (2 of 6 rows read)", job.failure);
        assertEquals(6, job.rowsRead);
        assertEquals(2, job.errorCount);
        assertEquals(2, job.errors.size());
        assertEquals(0, job.purchasesAdded);
        assertFalse(customer("c1").isPresent(), "no customer is created by an aborted import");
        assertEquals(List.of(), histories());
        assertEquals(0, stores.purchases.discard(job.id), "the staging area is emptied");
    }

    @Test
    void aFileThatCannotBeReadAsToldIsAbortedWithTheReason() throws IOException {
        ImportJob job = upload(Rows.bytes("customer,date,amount\nc1,2026-01-05,1\n"), r -> { });
        assertEquals(ImportStatus.ABORTED, job.status);
        assertTrue(job.failure.contains("externalId"), job.failure);
        assertEquals(List.of(), histories());
    }

    @Test
    void importingTheSameFileAgainAddsNothing() throws IOException {
        upload(Rows.bytes(SALES), r -> { });
        ImportJob again = upload(Rows.bytes(SALES), r -> { });

        assertEquals(ImportStatus.COMPLETED, again.status);
        assertEquals(5, again.purchasesRead);
        assertEquals(0, again.purchasesAdded);
        assertEquals(5, again.duplicates);
        assertEquals(0, again.customersCreated);
        assertEquals(2, stores.purchases.count(customer("c3").orElseThrow().id));
    }

    @Test
    void readsGzipUploadsAndTheRequestsSource() throws IOException {
        ImportJob job = upload(Rows.gzip(Rows.bytes(SALES)), r -> r.source = "shop");
        assertEquals(ImportStatus.COMPLETED, job.status, job.failure);
        assertEquals(5, job.purchasesAdded);
        assertEquals(job.bytesTotal, job.bytesRead, "progress counts the compressed bytes");
        assertTrue(stores.customers.findByExternalId("shop", "c5").isPresent());
        assertFalse(customer("c5").isPresent());
    }

    @Test
    void readsAServerFileInPlaceAndLeavesIt() throws IOException {
        Path file = Files.writeString(Files.createTempDirectory("shell").resolve("sales.csv"), SALES);
        ImportJob queued = imports.submitFile(new ImportRequest(), file, ADMIN);
        assertEquals(file.toString(), queued.fileName);
        assertEquals(Files.size(file), queued.bytesTotal);
        ImportJob job = finished(queued.id);
        assertEquals(ImportStatus.COMPLETED, job.status, job.failure);
        assertEquals(5, job.purchasesAdded);
        assertTrue(Files.exists(file), "the shell's own file is never deleted");
    }

    @Test
    void aServerFileMustBeARegularReadableFile() {
        assertProblem("file", () -> imports.submitFile(null, work.resolve("missing.csv"), ADMIN));
        assertProblem("file", () -> imports.submitFile(null, work, ADMIN));
        assertProblem("file", () -> imports.submitFile(null, null, ADMIN));
        assertProblem("delimiter", () -> {
            ImportRequest request = new ImportRequest();
            request.delimiter = "::";
            imports.submitFile(request, work, ADMIN);
        });
    }

    @Test
    void badOptionsAreRefusedBeforeAnythingIsCopied() throws IOException {
        ImportRequest request = new ImportRequest();
        request.maxErrorPercent = 150.0;
        assertProblem("maxErrorPercent", () -> imports.submit(request, new ByteArrayInputStream(new byte[0]),
                ADMIN));
        assertEquals(0, stores.jobs.list(0, 10).total);
        try (var files = Files.list(work)) {
            assertEquals(0, files.count());
        }
    }

    @Test
    void onlyAdminsAndManagersImportAndSeeImports() {
        Actor rep = REP;
        assertThrows(AccessDeniedException.class,
                () -> imports.submit(null, new ByteArrayInputStream(new byte[0]), rep));
        assertThrows(AccessDeniedException.class, () -> imports.submitFile(null, work, rep));
        assertThrows(AccessDeniedException.class, () -> imports.get(UUID.randomUUID(), rep));
        assertThrows(AccessDeniedException.class, () -> imports.list(0, 10, rep));
        assertThrows(AccessDeniedException.class, () -> imports.list(0, 10, null));
        assertProblem("size", () -> imports.list(0, 0, ADMIN));
    }

    @Test
    void listsAndGetsJobsNewestFirst() throws IOException {
        ImportJob first = upload(Rows.bytes(SALES), r -> { });
        ImportJob second = upload(Rows.bytes(SALES), r -> { });
        assertEquals(List.of(second.id, first.id),
                imports.list(0, 10, ADMIN).items.stream().map(j -> j.id).toList());
        assertEquals(2, imports.get(first.id, MANAGER).orElseThrow().errors.size());
    }

    @Test
    void aManagerSeesOnlyTheImportsTheySubmittedAndAnAdminSeesEveryone() throws IOException {
        ImportJob mine = upload(Rows.bytes(SALES), r -> { });
        Actor otherManager = new Actor("manager2", Set.of(Actor.ROLE_MANAGER));
        assertTrue(imports.get(mine.id, otherManager).isEmpty(), "another manager's import is not there for them");
        assertEquals(0, imports.list(0, 10, otherManager).total);
        assertEquals(List.of(mine.id), imports.list(0, 10, MANAGER).items.stream().map(j -> j.id).toList());
        assertEquals(mine.id, imports.get(mine.id, ADMIN).orElseThrow().id);
        assertEquals(1, imports.list(0, 10, ADMIN).total);
    }

    @Test
    void aStoreFaultFailsTheJobWithAMessageAndLeavesNothingStaged() throws IOException {
        imports.stop();
        imports = new TransactionImports(new RecordingJobs(stores.jobs, new ArrayList<>()) {
            @Override
            public PublishedImport publish(ImportJob job) {
                throw new IllegalStateException("the database is down\n\tat some.Driver.frame(Driver.java:1)");
            }
        }, stores.purchases, new ImportSettings(work, ErrorBudget.DEFAULT, "import", 2), Clock.systemUTC(), NODE);
        ImportJob job = upload(Rows.bytes(SALES), r -> { });

        assertEquals(ImportStatus.FAILED, job.status);
        assertEquals("making the purchases visible failed: the database is down; nothing was stored. "
                + "See the Winback log for details; the import may be retried.", job.failure);
        assertEquals(2, job.errors.size(), "the bad rows found are still listed");
        assertEquals(0, stores.purchases.discard(job.id));
        assertEquals(List.of(), histories());
    }

    @Test
    void anImportAnotherNodeFailedMeanwhileStopsPublishingNothingAndItsRetryAddsEveryRowOnce() throws Exception {
        java.util.concurrent.atomic.AtomicBoolean givenUp = new java.util.concurrent.atomic.AtomicBoolean();
        java.util.concurrent.CountDownLatch published = new java.util.concurrent.CountDownLatch(1);
        String reason = "node node-a stopped answering (no heartbeat since ...); node node-b gave it up";
        imports.stop();
        imports = new TransactionImports(new RecordingJobs(stores.jobs, new ArrayList<>()) {
            @Override
            public PublishedImport publish(ImportJob job) {
                try {
                    return super.publish(job);
                } finally {
                    published.countDown();
                }
            }
        }, new DelegatingPurchases(stores.purchases) {
            @Override
            public void stage(UUID importId, List<StagedPurchase> batch) {
                super.stage(importId, batch);
                // What another node does when this one misses its heartbeats: the job fails under the running task.
                if (givenUp.compareAndSet(false, true)) {
                    ImportJob seen = stores.jobs.find(importId).orElseThrow();
                    seen.status = ImportStatus.FAILED;
                    seen.failure = reason;
                    seen.finishedAt = Instant.now();
                    stores.jobs.updateAttempt(seen, ImportStatus.RUNNING);
                }
            }
        }, new ImportSettings(work, ErrorBudget.DEFAULT, "import", 2), Clock.systemUTC(), NODE);

        ImportJob queued = imports.submit(new ImportRequest(), new ByteArrayInputStream(Rows.bytes(SALES)), MANAGER);
        assertTrue(published.await(30, java.util.concurrent.TimeUnit.SECONDS), "the task never tried to publish");

        ImportJob lost = stores.jobs.find(queued.id).orElseThrow();
        assertEquals(ImportStatus.FAILED, lost.status);
        assertEquals(reason, lost.failure, "the task did not overwrite the other node's verdict");
        assertEquals(0, lost.purchasesAdded);
        assertEquals(List.of(), histories(), "nothing of the lost attempt is visible");
        try (var files = Files.list(work)) {
            assertEquals(1, files.count(), "the upload stays for the retry");
        }

        ImportJob again = finished(imports.retry(queued.id, MANAGER).id);
        assertEquals(ImportStatus.COMPLETED, again.status, again.failure);
        assertEquals(2, again.attempts);
        assertEquals(5, again.purchasesAdded);
        assertEquals(0, again.duplicates, "the lost attempt's staged rows were thrown away, not counted twice");
        assertEquals(3, histories().size());
    }

    @Test
    void progressIsWrittenAboutOnceASecond() throws IOException {
        List<ImportJob> writes = new ArrayList<>();
        imports.stop();
        // A clock that moves on half a second each time it is read: a progress write every other row or so.
        Clock ticking = new Clock() {
            private Instant now = Instant.parse("2026-11-23T10:00:00Z");

            @Override
            public synchronized Instant instant() {
                now = now.plusMillis(500);
                return now;
            }

            @Override
            public java.time.ZoneId getZone() {
                return java.time.ZoneOffset.UTC;
            }

            @Override
            public Clock withZone(java.time.ZoneId zone) {
                return this;
            }
        };
        imports = new TransactionImports(new RecordingJobs(stores.jobs, writes), stores.purchases,
                new ImportSettings(work, ErrorBudget.DEFAULT, "import", 2), ticking, NODE);
        ImportJob job = upload(Rows.bytes(SALES), r -> { });
        assertEquals(ImportStatus.COMPLETED, job.status);
        // Inserted QUEUED, started RUNNING, progress, and the end.
        assertEquals(ImportStatus.RUNNING, writes.get(1).status);
        List<ImportJob> progress = writes.subList(2, writes.size() - 1);
        assertFalse(progress.isEmpty(), "progress was written while running");
        assertTrue(progress.size() < 7, "not after every row: " + progress.size());
        assertTrue(progress.stream().allMatch(j -> j.status == ImportStatus.RUNNING && j.rowsRead > 0));
    }

    /** A job as a node left it when it stopped, with a staged purchase. */
    ImportJob leftBy(String node, ImportStatus status, String fileName) {
        return leftBy(node, status, fileName, null);
    }

    ImportJob leftBy(String node, ImportStatus status, String fileName, String serverFile) {
        ImportJob left = new ImportJob();
        left.serverFile = serverFile;
        left.id = UUID.randomUUID();
        left.status = status;
        left.fileName = fileName;
        left.format = ImportFormat.CSV;
        left.request = new ImportRequest();
        left.submittedBy = "manager";
        left.submittedAt = Instant.now();
        left.startedAt = Instant.now();
        left.node = node;
        left.attempts = 1;
        left.errors = List.of();
        stores.jobs.insert(left);
        stores.purchases.stage(left.id, List.of(new StagedPurchase(2, "import", "c9", LocalDate.of(2026, 1, 1),
                BigDecimal.TEN, left.id.toString().replace("-", "").repeat(2))));
        return left;
    }

    long staged(UUID job) {
        return stores.purchases.discard(job);
    }

    @Test
    void aRestartFailsThisNodesUnfinishedJobsOnlyAndKeepsTheirUploadsForARetry() throws IOException {
        ImportJob mine = leftBy(NODE, ImportStatus.RUNNING, "big.csv");
        ImportJob theirs = leftBy("node-b", ImportStatus.RUNNING, "theirs.csv");
        ImportJob done = leftBy(NODE, ImportStatus.COMPLETED, "done.csv");
        Path myUpload = Files.writeString(work.resolve(mine.id + ".upload"), SALES);
        Path theirUpload = Files.writeString(work.resolve(theirs.id + ".upload"), SALES);
        Path doneUpload = Files.writeString(work.resolve(done.id + ".upload"), SALES);
        Path someoneElses = Files.writeString(work.resolve("notes.upload"), "kept");

        imports.stop();
        imports = service(stores.purchases, Clock.systemUTC());

        ImportJob failed = stores.jobs.find(mine.id).orElseThrow();
        assertEquals(ImportStatus.FAILED, failed.status);
        assertEquals(TransactionImports.INTERRUPTED, failed.failure);
        assertTrue(failed.failure.startsWith("interrupted: node restarted"));
        assertEquals(0, staged(mine.id), "the interrupted job's staging is emptied");
        assertEquals(0, staged(done.id), "so is any finished job's");
        assertEquals(ImportStatus.RUNNING, stores.jobs.find(theirs.id).orElseThrow().status,
                "another node's job goes on");
        assertEquals(1, staged(theirs.id), "with its staged rows");
        assertTrue(Files.exists(myUpload), "the failed job's upload stays for a retry");
        assertTrue(Files.exists(theirUpload), "a running job's upload stays, whichever node runs it");
        assertFalse(Files.exists(doneUpload), "the upload of a job that is done is deleted");
        assertTrue(Files.exists(someoneElses), "only files named after a job are ever deleted");

        // The interrupted import is retried by who submitted it, and then does what it would have done.
        ImportJob again = imports.retry(mine.id, MANAGER);
        assertEquals(ImportStatus.QUEUED, again.status);
        assertEquals(2, again.attempts);
        assertEquals(NODE, again.node);
        ImportJob completed = finished(mine.id);
        assertEquals(ImportStatus.COMPLETED, completed.status, completed.failure);
        assertEquals(5, completed.purchasesAdded);
        assertNull(completed.failure);
        Await.until(() -> Optional.of(!Files.exists(myUpload)), gone -> gone,
                "the upload to go once the retried job is done");

        assertProblemOfType(dev.winback.api.ConflictException.class, "only a FAILED import",
                () -> imports.retry(mine.id, MANAGER));
    }

    @Test
    void onlyTheSubmitterOrAnAdminRetriesAndOnlyWhatFailedAndWhoseFileIsThere() throws IOException {
        ImportJob left = leftBy(NODE, ImportStatus.FAILED, "sales.csv");
        Files.writeString(work.resolve(left.id + ".upload"), SALES);
        Actor otherManager = new Actor("manager2", java.util.Set.of(Actor.ROLE_MANAGER));

        assertThrows(AccessDeniedException.class, () -> imports.retry(left.id, otherManager));
        assertThrows(AccessDeniedException.class, () -> imports.retry(left.id, REP));
        assertThrows(dev.winback.api.NotFoundException.class, () -> imports.retry(UUID.randomUUID(), ADMIN));
        ImportJob aborted = upload(Rows.bytes(SALES), r -> r.maxErrors = 1L);
        assertProblemOfType(dev.winback.api.ConflictException.class, "ABORTED",
                () -> imports.retry(aborted.id, MANAGER));

        // Another node's upload is on its disk, not here.
        ImportJob elsewhere = leftBy("node-b", ImportStatus.FAILED, "far.csv");
        assertProblemOfType(dev.winback.api.ConflictException.class, "node-b",
                () -> imports.retry(elsewhere.id, ADMIN));
        ImportJob gone = leftBy(NODE, ImportStatus.FAILED, "gone.csv");
        assertProblemOfType(dev.winback.api.ConflictException.class, "no longer kept",
                () -> imports.retry(gone.id, ADMIN));

        assertEquals(ImportStatus.COMPLETED, finished(imports.retry(left.id, ADMIN).id).status);
        assertEquals("manager", stores.jobs.find(left.id).orElseThrow().submittedBy, "still the submitter's");
    }

    @Test
    void aShellImportIsRetriedFromItsFileOnTheServer() throws IOException {
        Path file = Files.writeString(Files.createTempDirectory("shell").resolve("sales.csv"), SALES);
        ImportJob left = leftBy(NODE, ImportStatus.RUNNING, file.toString(), file.toString());
        imports.stop();
        imports = service(stores.purchases, Clock.systemUTC());

        assertEquals(ImportStatus.COMPLETED, finished(imports.retry(left.id, ADMIN).id).status);
        assertTrue(Files.exists(file), "the shell's own file is never deleted");

        ImportJob shell = finished(imports.submitFile(new ImportRequest(), file, ADMIN).id);
        assertEquals(file.toAbsolutePath().toString(), shell.serverFile);
        assertEquals(NODE, shell.node);
        assertEquals(1, shell.attempts);
    }

    @Test
    void anUploadThatInflatesPastTheLimitIsRefusedAtOnceAndLeavesNothing() {
        imports.stop();
        imports = new TransactionImports(stores.jobs, stores.purchases, new ImportSettings(work, ErrorBudget.DEFAULT,
                "import", 2).with(new ReadLimits(1 << 20, 1000), ImportSettings.DEFAULT_PER_USER, 2),
                Clock.systemUTC(), NODE);
        byte[] bomb = ReadLimitsTest.bomb();

        dev.winback.api.PayloadTooLargeException refused = assertThrows(
                dev.winback.api.PayloadTooLargeException.class,
                () -> imports.submit(new ImportRequest(), new ByteArrayInputStream(bomb), MANAGER));

        assertTrue(refused.getMessage().contains("more than 1 MiB of data once decompressed"), refused.getMessage());
        assertEquals(1 << 20, refused.limitBytes());
        assertEquals(0, stores.jobs.list(0, 10).total, "no job");
        assertEquals(0, files(), "no file");
        // The place it held is free again.
        for (int i = 0; i < 4; i++) {
            assertThrows(dev.winback.api.PayloadTooLargeException.class,
                    () -> imports.submit(new ImportRequest(), new ByteArrayInputStream(bomb), MANAGER));
        }
    }

    @Test
    void aLineOverTheLimitAbortsTheImportWithItsLineAndStoresNothing() throws IOException {
        imports.stop();
        imports = new TransactionImports(stores.jobs, stores.purchases, new ImportSettings(work, ErrorBudget.DEFAULT,
                "import", 2).with(new ReadLimits(64L << 20, 1000), ImportSettings.DEFAULT_PER_USER, 2),
                Clock.systemUTC(), NODE);
        byte[] endless = ReadLimitsTest.gzipOf("externalId,date,amount\nc1,2026-01-05,1\nc2,", 4L << 20,
                (byte) 'x');

        ImportJob job = upload(endless, r -> { });

        assertEquals(ImportStatus.ABORTED, job.status);
        assertEquals("line 3: longer than 1,000 characters (the limit maxLineCharacters); reading stopped there and "
                + "nothing was stored", job.failure);
        assertEquals(List.of(), histories());
        assertEquals(0, files());
    }

    @Test
    void aUserPastTheirLimitsIsToldToComeBackWhileOthersImportMeanwhile() throws Exception {
        java.util.concurrent.CountDownLatch hold = new java.util.concurrent.CountDownLatch(1);
        imports.stop();
        imports = new TransactionImports(stores.jobs, new DelegatingPurchases(stores.purchases) {
            @Override
            public void stage(UUID importId, List<StagedPurchase> batch) {
                // The manager's imports wait here until the test lets them go; the admin's run through.
                if (batch.get(0).externalId().startsWith("m")) {
                    try {
                        hold.await();
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                    }
                }
                super.stage(importId, batch);
            }
        }, new ImportSettings(work, ErrorBudget.DEFAULT, "import", 2).with(ImportSettings.DEFAULT_UPLOAD_LIMITS,
                new dev.winback.detect.FairJobRunner.Limits(1, 1), 2), Clock.systemUTC(), NODE);
        byte[] managers = Rows.bytes("externalId,date,amount\nm1,2026-01-05,1\n");
        ImportJob first = imports.submit(new ImportRequest(), new ByteArrayInputStream(managers), MANAGER);
        ImportJob second = imports.submit(new ImportRequest(), new ByteArrayInputStream(managers), MANAGER);

        dev.winback.api.TooManyRequestsException refused = assertThrows(
                dev.winback.api.TooManyRequestsException.class,
                () -> imports.submit(new ImportRequest(), new ByteArrayInputStream(managers), MANAGER));
        assertTrue(refused.getMessage().contains("maxQueuedImportsPerUser 1"), refused.getMessage());
        assertTrue(refused.retryAfterSeconds() > 0);
        assertEquals(2, stores.jobs.list(0, 10).total, "the refused upload made no job");

        ImportJob admins = finished(imports.submit(new ImportRequest(),
                new ByteArrayInputStream(Rows.bytes("externalId,date,amount\na1,2026-01-05,1\n")), ADMIN).id);
        assertEquals(ImportStatus.COMPLETED, admins.status, "another user's import is not held back");
        assertEquals(ImportStatus.RUNNING, stores.jobs.find(first.id).orElseThrow().status);
        assertEquals(ImportStatus.QUEUED, stores.jobs.find(second.id).orElseThrow().status);

        hold.countDown();
        assertEquals(ImportStatus.COMPLETED, finished(first.id).status);
        assertEquals(ImportStatus.COMPLETED, finished(second.id).status);
    }

    long files() {
        try (var files = Files.list(work)) {
            return files.count();
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    static void assertProblemOfType(Class<? extends RuntimeException> type, String text, Runnable call) {
        RuntimeException e = assertThrows(type, call::run);
        assertTrue(e.getMessage().contains(text), e.getMessage());
    }
}
