package dev.winback.api.detect;

import dev.winback.api.AccessDeniedException;
import dev.winback.api.Actor;
import dev.winback.api.ConflictException;
import dev.winback.api.InvalidInputException;
import dev.winback.api.NotFoundException;
import dev.winback.api.PayloadTooLargeException;
import dev.winback.api.TooManyRequestsException;
import dev.winback.api.dto.Page;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Path;
import java.util.Optional;
import java.util.UUID;
import org.osgi.annotation.versioning.ProviderType;

/**
 * Imports purchase transactions as background jobs. A job reads its whole file into a staging area and makes the
 * purchases visible in one step at the end, so an aborted or failed job leaves nothing behind; a purchase already
 * stored (same fingerprint) is counted as a duplicate and not added again. Customers not yet known are created.
 * Only admins and managers import.
 *
 * <p>Jobs run on the node that accepted them, on a small pool shared fairly between users: each user has a limit of
 * running and of waiting jobs, past which a submission is refused ({@link TooManyRequestsException}), so one
 * user's large imports never hold back another's.
 */
@ProviderType
public interface TransactionImportService {

    /**
     * Copies {@code body} (CSV or JSON lines, optionally gzip-compressed) to the job's work area, without holding
     * it in memory, and queues the job; returns once the body is copied. The caller keeps ownership of the stream.
     *
     * @throws InvalidInputException the request's options contradict each other or are out of range
     * @throws AccessDeniedException the actor is neither admin nor manager
     * @throws PayloadTooLargeException the body holds more data than the admin allows once gzip is inflated
     *                                  (checked while it is copied, which stops there); no job was queued
     * @throws TooManyRequestsException the actor has as many imports running and waiting as allowed
     * @throws IOException reading the body or writing the work area failed; no job was queued
     */
    ImportJob submit(ImportRequest request, InputStream body, Actor actor) throws IOException;

    /**
     * Queues a job that reads a file on the server's own disk in place (the shell's {@code winback:import}).
     *
     * @throws InvalidInputException the file is not a readable regular file, or the options are invalid
     * @throws AccessDeniedException the actor is neither admin nor manager
     * @throws TooManyRequestsException the actor has as many imports running and waiting as allowed
     */
    ImportJob submitFile(ImportRequest request, Path file, Actor actor);

    /**
     * Queues a FAILED job again on this node, with the same file and options, and returns it QUEUED; its counts
     * and bad rows start afresh. An upload's file is kept while its job is FAILED (for a while, see the
     * module's settings), on the disk of the node that accepted it.
     *
     * @throws NotFoundException no such job
     * @throws ConflictException the job is not FAILED, or its file is gone or on another node's disk
     * @throws AccessDeniedException the actor is neither the job's submitter nor an admin
     * @throws TooManyRequestsException the actor has as many imports running and waiting as allowed
     */
    ImportJob retry(UUID id, Actor actor);

    /** @throws AccessDeniedException the actor is neither admin nor manager */
    Optional<ImportJob> get(UUID id, Actor actor);

    /**
     * Newest first.
     *
     * @throws AccessDeniedException the actor is neither admin nor manager
     */
    Page<ImportJob> list(int page, int size, Actor actor);
}
