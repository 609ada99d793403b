package dev.winback.api.store;

import dev.winback.api.NotFoundException;
import dev.winback.api.detect.ImportJob;
import dev.winback.api.dto.Page;
import dev.winback.api.detect.ImportStatus;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.osgi.annotation.versioning.ProviderType;

/** Persistence of import jobs, so that their progress and outcome survive the request and a restart. */
@ProviderType
public interface ImportJobStore {

    /**
     * Stores a new job as given (id, status, submission, node and attempts set by the caller), its request
     * included.
     */
    void insert(ImportJob job);

    /**
     * Overwrites status, times, counters and failure of {@code job.id}; with {@code job.errors} not null, replaces
     * the stored bad rows with them.
     *
     * @throws NotFoundException no such job
     */
    void update(ImportJob job);

    /**
     * Like {@link #update}, but only while the stored job is still {@code seen} in the attempt {@code job.attempts}:
     * the runner's own writes, and a live node failing a job of a node it gave up, so that of two writers at once
     * exactly one changes the job, and a runner whose job was failed or retried meanwhile changes nothing. A job
     * written FAILED or ABORTED loses its staged purchases in the same transaction.
     *
     * @throws AttemptLost the job is not (any more) {@code seen} in that attempt, or does not exist
     * @since 1.8
     */
    void updateAttempt(ImportJob job, ImportStatus seen);

    /**
     * In one transaction, while the job is still RUNNING in the attempt {@code job.attempts}: publishes its staged
     * purchases (as {@link PurchaseStore#publish} does, audited as {@code job.submittedBy}), sets the publish's
     * counts on {@code job} and records it as given (status, times, counters, bad rows), normally COMPLETED. Either
     * the purchases become visible and the job says so, or neither happens.
     *
     * @throws AttemptLost the job was failed or retried meanwhile: nothing was published
     * @since 1.8
     */
    PublishedImport publish(ImportJob job);

    /**
     * The QUEUED and RUNNING jobs of {@code node}, oldest first, without their bad rows: what a live node fails, each
     * with {@link #updateAttempt}, when it gives {@code node} up.
     *
     * @since 1.8
     */
    List<ImportJob> unfinished(String node);

    /** The job with its bad rows. */
    Optional<ImportJob> find(UUID id);

    /** Newest first (submittedAt descending, then id); jobs in the page carry no bad rows. */
    default Page<ImportJob> list(int page, int size) {
        return list(page, size, null);
    }

    /**
     * Like {@link #list(int, int)}, only the jobs {@code submittedBy} submitted, or everyone's when it is null.
     *
     * @since 1.7
     */
    Page<ImportJob> list(int page, int size, String submittedBy);

    /**
     * Marks every QUEUED or RUNNING job FAILED with {@code reason} (their runner is gone); returns how many. With
     * several nodes on one database this ends other nodes' jobs too: use {@link #failUnfinished(String, String,
     * Instant)}.
     */
    int failUnfinished(String reason, Instant now);

    /**
     * Marks FAILED with {@code reason} every QUEUED or RUNNING job of {@code node}, and of no node (jobs from before
     * nodes were recorded); other nodes' jobs are left alone. Returns how many.
     */
    int failUnfinished(String node, String reason, Instant now);

    /**
     * Puts a FAILED job back in the queue of {@code node}: status QUEUED, one more attempt, times, counters, failure,
     * bad rows and whatever an earlier attempt left staged cleared. Of two callers at once one wins.
     *
     * @return the job as it is now, or empty if it does not exist or is not FAILED (any more)
     */
    Optional<ImportJob> retry(UUID id, String node);

    /**
     * Empties the purchase staging area of every import that is neither QUEUED nor RUNNING (what a crash, or a
     * discard that failed, left behind), in one statement, so that a job another node starts meanwhile keeps its
     * rows. Returns the rows removed.
     */
    long discardAbandonedStaging();
}
