package dev.winback.api.store;

import dev.winback.api.NotFoundException;
import dev.winback.api.detect.DetectionRun;
import dev.winback.api.dto.Page;
import dev.winback.api.detect.DetectionStatus;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.osgi.annotation.versioning.ProviderType;

/** Persistence of detection runs, their fitted models and counts. */
@ProviderType
public interface DetectionRunStore {

    /** Stores a new run as given (id, status, start, node and attempts set by the caller), its rules included. */
    void insert(DetectionRun run);

    /**
     * Overwrites status, finish time, model, counts and failure of {@code run.id}.
     *
     * @throws NotFoundException no such run
     */
    void update(DetectionRun run);

    /**
     * Like {@link #update}, but only while the stored run is still {@code seen} in the attempt {@code run.attempts}
     * (see {@link ImportJobStore#updateAttempt}).
     *
     * @throws AttemptLost the run is not (any more) {@code seen} in that attempt, or does not exist
     * @since 1.8
     */
    void updateAttempt(DetectionRun run, DetectionStatus seen);

    /**
     * The RUNNING runs of {@code node}, oldest first, without their rules: what a live node fails, each with
     * {@link #updateAttempt}, when it gives {@code node} up.
     *
     * @since 1.8
     */
    List<DetectionRun> unfinished(String node);

    Optional<DetectionRun> find(UUID id);

    /** Newest first (startedAt descending, then id). */
    Page<DetectionRun> list(int page, int size);

    /** The completed run (dry runs included: they fit a model too) that finished last. */
    Optional<DetectionRun> latestCompleted();

    /**
     * Marks every RUNNING run FAILED with {@code reason}; returns how many. With several nodes on one database this
     * ends other nodes' runs too: use {@link #failUnfinished(String, String, Instant)}.
     */
    int failUnfinished(String reason, Instant now);

    /**
     * Marks FAILED with {@code reason} every RUNNING run of {@code node}, and of no node (runs from before nodes
     * were recorded); other nodes' runs are left alone. Returns how many.
     */
    int failUnfinished(String node, String reason, Instant now);

    /**
     * Starts a FAILED run again on {@code node}: status RUNNING from {@code startedAt}, one more attempt, its
     * model, counts, finish time and failure cleared (its rules and settings stay). Of two callers at once one
     * wins.
     *
     * @return the run as it is now, or empty if it does not exist or is not FAILED (any more)
     */
    Optional<DetectionRun> restart(UUID id, String node, Instant startedAt);
}
