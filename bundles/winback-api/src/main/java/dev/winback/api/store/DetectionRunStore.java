package dev.winback.api.store;

import dev.winback.api.NotFoundException;
import dev.winback.api.detect.DetectionRun;
import dev.winback.api.dto.Page;
import java.time.Instant;
import java.util.Optional;
import java.util.UUID;
import org.osgi.annotation.versioning.ProviderType;

/** Persistence of detection runs, their fitted models and counts. */
@ProviderType
public interface DetectionRunStore {

    /** Stores a new run as given (id, status and start set by the caller), its rules included. */
    void insert(DetectionRun run);

    /**
     * Overwrites status, finish time, model, counts and failure of {@code run.id}.
     *
     * @throws NotFoundException no such run
     */
    void update(DetectionRun run);

    Optional<DetectionRun> find(UUID id);

    /** Newest first (startedAt descending, then id). */
    Page<DetectionRun> list(int page, int size);

    /** The completed run (dry runs included: they fit a model too) that finished last. */
    Optional<DetectionRun> latestCompleted();

    /** Marks every RUNNING run FAILED with {@code reason}; returns how many. */
    int failUnfinished(String reason, Instant now);
}
