package dev.winback.api.store;

import dev.winback.api.NotFoundException;
import dev.winback.api.detect.ImportJob;
import dev.winback.api.dto.Page;
import java.time.Instant;
import java.util.Optional;
import java.util.UUID;
import org.osgi.annotation.versioning.ProviderType;

/** Persistence of import jobs, so that their progress and outcome survive the request and a restart. */
@ProviderType
public interface ImportJobStore {

    /** Stores a new job as given (id, status and submission set by the caller), its request included. */
    void insert(ImportJob job);

    /**
     * Overwrites status, times, counters and failure of {@code job.id}; with {@code job.errors} not null, replaces
     * the stored bad rows with them.
     *
     * @throws NotFoundException no such job
     */
    void update(ImportJob job);

    /** The job with its bad rows. */
    Optional<ImportJob> find(UUID id);

    /** Newest first (submittedAt descending, then id); jobs in the page carry no bad rows. */
    Page<ImportJob> list(int page, int size);

    /** Marks every QUEUED or RUNNING job FAILED with {@code reason} (their runner is gone); returns how many. */
    int failUnfinished(String reason, Instant now);
}
