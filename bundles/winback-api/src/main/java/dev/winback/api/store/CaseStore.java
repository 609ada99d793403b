package dev.winback.api.store;

import dev.winback.api.ConflictException;
import dev.winback.api.NotFoundException;
import dev.winback.api.UnknownReferenceException;
import dev.winback.api.VersionMismatchException;
import dev.winback.api.dto.CaseChange;
import dev.winback.api.dto.CaseQuery;
import dev.winback.api.dto.CaseStatus;
import dev.winback.api.dto.Page;
import dev.winback.api.dto.RecoveryCase;
import dev.winback.api.dto.RecoveryStep;
import dev.winback.api.dto.StepQuery;
import dev.winback.api.dto.WorkItem;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.osgi.annotation.versioning.ProviderType;

/** Persistence of recovery cases. */
@ProviderType
public interface CaseStore {

    /**
     * Stores a new case, with its first steps if {@code recoveryCase.steps} has any, in one transaction; the store
     * assigns ids, timestamps and version 1.
     *
     * @throws UnknownReferenceException the customer or loss reason does not exist (checked by the database too)
     */
    RecoveryCase insert(RecoveryCase recoveryCase, String actor);

    /**
     * Like {@link #insert}, but only if the customer has no OPEN or PAUSED case; otherwise writes nothing and
     * returns empty. The customer's row is locked for the check, so concurrent callers cannot both insert.
     *
     * @throws UnknownReferenceException the customer or loss reason does not exist
     */
    Optional<RecoveryCase> insertUnlessOpen(RecoveryCase recoveryCase, String actor);

    /** The case with its steps, oldest first. */
    Optional<RecoveryCase> find(UUID id);

    /**
     * Applies one engine decision atomically and increments the case's version; returns the case with its steps.
     * A {@link CaseChange#contactBlock} is set on the case's customer in the same transaction (audited there).
     *
     * @throws NotFoundException no such case or step
     * @throws VersionMismatchException the case's version is not {@code change.expectedVersion}
     * @throws ConflictException the step to complete is not PLANNED (completed twice, cancelled)
     */
    RecoveryCase apply(CaseChange change, String actor);

    /**
     * Moves every case of {@code strategy} in status {@code from} to {@code to} (pausing when a strategy goes,
     * resuming when it comes back), auditing each case; returns how many moved.
     */
    int moveStrategyCases(String strategy, CaseStatus from, CaseStatus to, String actor);

    /**
     * Claims up to {@code limit} steps that are PLANNED, due before {@code now}, of OPEN cases and not yet flagged
     * overdue, and flags them ({@code overdueSince = now}) in the same transaction. Several nodes may call this at
     * once: each overdue step is claimed by exactly one ({@code FOR UPDATE SKIP LOCKED} where the database has it).
     * A step that escalates gets {@code escalatedTo} (the manager of the team the case's owner belongs to, else
     * {@code fallbackManager} when not null, else the owner) and {@code escalatedAt = now} in the same transaction.
     */
    List<RecoveryStep> claimNewlyOverdue(Instant now, int limit, String fallbackManager, String actor);

    /**
     * Newest first (createdAt descending, then id), so pages are stable. Cases in the page carry no steps but their
     * customer's name and their next planned step (earliest due). With {@code query.overdue}, only cases that have a
     * PLANNED step due before now.
     */
    Page<RecoveryCase> search(CaseQuery query);

    /** The customer's running (OPEN or PAUSED) case, the oldest if several. */
    Optional<UUID> runningCaseOf(UUID customerId);

    /**
     * Steps of the query's status and assignee, due before {@code dueBefore} when it is set, by due time then id;
     * each with its case's customer name, strategy and owner.
     */
    Page<WorkItem> worklist(StepQuery query, Instant dueBefore);
}
