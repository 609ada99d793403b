package dev.winback.api.store;

import dev.winback.api.ConflictException;
import java.util.UUID;

/**
 * A background job (an import or a detection run) is no longer in the state and attempt its runner last saw: another
 * node failed it because this one stopped answering, or someone retried it. The runner must stop without publishing
 * anything, since the job's record now belongs to whoever changed it. REST: 409, should it ever get that far.
 *
 * @since 1.8
 */
public class AttemptLost extends ConflictException {
    private static final long serialVersionUID = 1L;

    private final UUID jobId;
    private final int attempt;

    public AttemptLost(UUID jobId, int attempt, String message) {
        super(message);
        this.jobId = jobId;
        this.attempt = attempt;
    }

    /** The job or run whose attempt was lost. */
    public UUID jobId() {
        return jobId;
    }

    /** The attempt the runner held. */
    public int attempt() {
        return attempt;
    }
}
