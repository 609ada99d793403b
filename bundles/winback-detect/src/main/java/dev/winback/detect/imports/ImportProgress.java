package dev.winback.detect.imports;

import dev.winback.api.detect.ImportJob;
import dev.winback.api.detect.ImportStatus;
import dev.winback.api.store.ImportJobStore;
import dev.winback.detect.Throttle;
import java.time.Clock;
import java.time.Duration;

/** Keeps a running job's counters on the job, and writes them to the store about once a second. */
final class ImportProgress implements ReadProgress {
    static final Duration INTERVAL = Duration.ofSeconds(1);

    private final ImportJob job;
    private final ImportJobStore jobs;
    private final CountingInputStream bytes;
    private final Throttle throttle;

    ImportProgress(ImportJob job, ImportJobStore jobs, Clock clock, CountingInputStream bytes) {
        this.job = job;
        this.jobs = jobs;
        this.bytes = bytes;
        this.throttle = new Throttle(clock, INTERVAL);
    }

    @Override
    public void afterRow(long rows, long purchases, long errors) {
        job.rowsRead = rows;
        job.purchasesRead = purchases;
        job.errorCount = errors;
        job.bytesRead = bytes.count();
        if (throttle.due()) {
            // Counters only: the bad rows are written once, when the job ends. Conditional, so that a job another
            // node failed or retried meanwhile stops here (AttemptLost) instead of reading on.
            job.errors = null;
            jobs.updateAttempt(job, ImportStatus.RUNNING);
        }
    }

    /** The bytes read from the file so far. */
    long bytesRead() {
        return bytes.count();
    }
}
