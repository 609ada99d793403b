package dev.winback.detect.imports;

import dev.winback.api.detect.ImportJob;
import dev.winback.api.detect.ImportRowError;
import dev.winback.api.detect.ImportStatus;
import dev.winback.api.store.AttemptLost;
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
 *
 * <p>Every write to the job's record is conditional on the job still being in this attempt, and the publish with
 * the job's outcome is one transaction: if another node failed the job meanwhile (it took this node for dead) or it
 * was retried, the task stops at its next write with {@link AttemptLost}, publishing nothing and leaving the record,
 * the staging rows and the upload to the job's new owner.
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
    /** The job's status in the store, as far as this attempt wrote it. */
    private ImportStatus stored = ImportStatus.QUEUED;
    /** Set once the job turned out to be no longer ours: nothing of it may be touched any more. */
    private boolean lost;

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
            if (spooled && job.status != ImportStatus.FAILED && !lost) {
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
            finish(ImportStatus.QUEUED, ImportStatus.FAILED, "interrupted: Winback (or its winback-detect feature) "
                    + "stopped before the import started; nothing was stored. Retry it.");
        } catch (AttemptLost e) {
            LOG.info("Import {} was not queued here any more: {}", job.id, e.getMessage());
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
            jobs.updateAttempt(job, ImportStatus.QUEUED);
            stored = ImportStatus.RUNNING;

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
                // Its staged purchases go with the verdict, in the same transaction.
                finish(ImportStatus.RUNNING, ImportStatus.ABORTED, report.abortReason());
                LOG.info("Import {} of {} aborted: {}", job.id, job.fileName, report.summary());
                return;
            }
            doing = "making the purchases visible";
            job.status = ImportStatus.COMPLETED;
            job.failure = null;
            job.finishedAt = now();
            PublishedImport published = jobs.publish(job);
            LOG.info("Import {} of {} completed: {}; {} added, {} duplicates, {} customers created", job.id,
                    job.fileName, report.summary(), published.purchasesAdded(), published.duplicates(),
                    published.customersCreated());
        } catch (AttemptLost e) {
            lost = true;
            LOG.warn("Import {} of {} stopped without publishing anything: attempt {} is no longer this node's: {}",
                    job.id, job.fileName, job.attempts, e.getMessage());
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
                // As stored, whatever the job says in memory (a publish that failed was undone). The staged
                // purchases go with the verdict, in the same transaction, so a retry never finds them.
                finish(stored, ImportStatus.FAILED, failure);
            } catch (AttemptLost e) {
                LOG.warn("Import {} failed here, but it was no longer this node's: {}", job.id, e.getMessage());
            } catch (RuntimeException e) {
                LOG.error("Cannot record import {} as failed (it is failed on the next start)", job.id, e);
            }
        } finally {
            if (interrupted) {
                Thread.currentThread().interrupt();
            }
        }
    }

    /** Records the job's end, if it is still {@code seen} in this attempt. @throws AttemptLost it is not */
    private void finish(ImportStatus seen, ImportStatus status, String failure) {
        job.status = status;
        job.failure = failure;
        job.finishedAt = now();
        if (job.errors == null) {
            job.errors = List.of();
        }
        jobs.updateAttempt(job, seen);
    }

    private Instant now() {
        return clock.instant();
    }
}
