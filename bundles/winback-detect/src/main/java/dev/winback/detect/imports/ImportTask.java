package dev.winback.detect.imports;

import dev.winback.api.detect.ImportJob;
import dev.winback.api.detect.ImportRowError;
import dev.winback.api.detect.ImportStatus;
import dev.winback.api.store.ImportJobStore;
import dev.winback.api.store.PublishedImport;
import dev.winback.api.store.PurchaseStore;
import dev.winback.detect.FairJobRunner;
import dev.winback.detect.Failures;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs one import job: reads its file into the staging area and publishes it in one step if the error budget
 * held, so that the purchases of an aborted or failed job are never seen. The job's record tells the outcome; a
 * fault is worded there for the admin and logged in full. An upload's file is deleted when the job is done, unless
 * it FAILED: then it stays for a retry (a sweep removes it later).
 */
final class ImportTask implements FairJobRunner.Job {
    private static final Logger LOG = LoggerFactory.getLogger(ImportTask.class);

    private final ImportJob job;
    private final ImportPlan plan;
    private final Path file;
    /** Whether {@link #file} is our copy of an upload (deleted when done) or a file the shell named (kept). */
    private final boolean spooled;
    private final ReadLimits limits;
    private final int batchSize;
    private final ImportJobStore jobs;
    private final PurchaseStore purchases;
    private final Clock clock;
    /** Told when the job has ended, whichever way. */
    private final Runnable afterwards;
    /** What the job is doing, for the failure text. */
    private String doing = "starting the import";

    /**
     * @param spooled    whether {@code file} is the job's copy of an upload (deleted when the job is done) or a
     *                   file the shell named (kept)
     * @param afterwards run when the job has ended, whatever the outcome
     */
    ImportTask(ImportJob job, ImportPlan plan, Path file, boolean spooled, ReadLimits limits, int batchSize,
            ImportJobStore jobs, PurchaseStore purchases, Clock clock, Runnable afterwards) {
        this.job = job;
        this.plan = plan;
        this.file = file;
        this.spooled = spooled;
        this.limits = limits;
        this.batchSize = batchSize;
        this.jobs = jobs;
        this.purchases = purchases;
        this.clock = clock;
        this.afterwards = afterwards;
    }

    @Override
    public String owner() {
        return job.submittedBy;
    }

    @Override
    public void run() {
        try {
            importFile();
        } finally {
            if (spooled && job.status != ImportStatus.FAILED) {
                UploadSpool.delete(file);
            }
            // Not while stopping: an interrupted thread must not touch the database (the next start tidies up).
            if (!Thread.currentThread().isInterrupted()) {
                afterwards.run();
            }
        }
    }

    /** Records that the job never ran because Winback stopped first; an upload's file stays for a retry. */
    void abandon() {
        try {
            finish(ImportStatus.FAILED, "interrupted: Winback (or its winback-detect feature) stopped before the "
                    + "import started; nothing was stored. Retry it.");
        } catch (RuntimeException e) {
            LOG.warn("Cannot record import {} as failed (it is failed on the next start): {}", job.id,
                    e.getMessage());
        }
    }

    private void importFile() {
        ImportProgress progress = null;
        ImportReport report = null;
        try {
            job.status = ImportStatus.RUNNING;
            job.startedAt = now();
            jobs.update(job);

            doing = "reading " + job.fileName;
            CountingInputStream in = new CountingInputStream(Files.newInputStream(file));
            progress = new ImportProgress(job, jobs, clock, in);
            StagingBuffer staging = new StagingBuffer(purchases, job.id, batchSize, plan.format().fixedSource());
            // TransactionImport closes the stream, whatever happens; its reader buffers the input itself.
            report = TransactionImport.read(in, plan.format(), limits, plan.budget(), staging, progress);
            doing = "storing the purchases";
            staging.flush();
            count(report, progress);
            if (report.aborted()) {
                doing = "throwing away the purchases of the aborted import";
                purchases.discard(job.id);
                finish(ImportStatus.ABORTED, report.abortReason());
                LOG.info("Import {} of {} aborted: {}", job.id, job.fileName, report.summary());
                return;
            }
            doing = "making the purchases visible";
            PublishedImport published = purchases.publish(job.id, job.submittedBy);
            job.purchasesAdded = published.purchasesAdded();
            job.duplicates = published.duplicates();
            job.customersCreated = published.customersCreated();
            finish(ImportStatus.COMPLETED, null);
            LOG.info("Import {} of {} completed: {}; {} added, {} duplicates, {} customers created", job.id,
                    job.fileName, report.summary(), published.purchasesAdded(), published.duplicates(),
                    published.customersCreated());
        } catch (IOException | RuntimeException | Error e) {
            fail(e, report, progress);
            if (e instanceof Error error) {
                throw error;
            }
        }
    }

    /** Copies the report's counts and kept errors onto the job. */
    private void count(ImportReport report, ImportProgress progress) {
        job.rowsRead = report.rows();
        job.purchasesRead = report.purchases();
        job.errorCount = report.errorCount();
        job.bytesRead = progress.bytesRead();
        job.errors = report.errors().stream()
                .map(e -> new ImportRowError(e.lineNumber(), e.reason()))
                .toList();
    }

    private void fail(Throwable fault, ImportReport report, ImportProgress progress) {
        // Whatever stopped us, the job's end must be recorded; an interrupt would make the store calls fail too.
        boolean interrupted = Thread.interrupted();
        try {
            String failure = Failures.describe(doing, fault) + "; nothing was stored."
                    + (Failures.wasInterrupted(fault) || interrupted ? " Retry the import."
                            : " See the Winback log for details; the import may be retried.");
            LOG.error("Import {} of {} failed while {}", job.id, job.fileName, doing, fault);
            if (report != null) {
                count(report, progress);
            } else if (job.errors == null) {
                job.errors = List.of();
            }
            try {
                purchases.discard(job.id);
            } catch (RuntimeException e) {
                // Left for the next start, which empties every staging area of an unfinished job.
                LOG.warn("Cannot empty the staging area of import {}: {}", job.id, e.getMessage());
            }
            try {
                finish(ImportStatus.FAILED, failure);
            } catch (RuntimeException e) {
                LOG.error("Cannot record import {} as failed (it is failed on the next start)", job.id, e);
            }
        } finally {
            if (interrupted) {
                Thread.currentThread().interrupt();
            }
        }
    }

    private void finish(ImportStatus status, String failure) {
        job.status = status;
        job.failure = failure;
        job.finishedAt = now();
        if (job.errors == null) {
            job.errors = List.of();
        }
        jobs.update(job);
    }

    private Instant now() {
        return clock.instant();
    }
}
