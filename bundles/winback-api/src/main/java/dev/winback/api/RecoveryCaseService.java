package dev.winback.api;

import dev.winback.api.dto.CaseClosure;
import dev.winback.api.dto.CaseCorrection;
import dev.winback.api.dto.CaseQuery;
import dev.winback.api.dto.CaseStatus;
import dev.winback.api.dto.DetectionFinding;
import dev.winback.api.dto.Page;
import dev.winback.api.dto.RecoveryCase;
import dev.winback.api.dto.StepQuery;
import dev.winback.api.dto.WorkItem;
import java.math.BigDecimal;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.osgi.annotation.versioning.ProviderType;

/** Recovery cases: opening them and finding them again. Reps see only the cases they own. */
@ProviderType
public interface RecoveryCaseService {

    /**
     * Opens a case in status {@code OPEN} and schedules the first steps of its strategy. Of {@code draft} only
     * customerId, lossKind, lossReason, lostAt, ownerRep, strategy, notes, parallel and force are read.
     * A customer with a running case gets no second one unless a manager sets {@code parallel}; a named strategy
     * that does not apply to the loss kind needs a manager's {@code force}; a customer with a contact block gets
     * no case from a strategy that contacts customers. Without a strategy the
     * engine chooses one from the admin's rules and the installed strategies. A rep may open cases only for
     * themselves; ownerRep defaults to the customer's owner rep, or the actor.
     *
     * @throws InvalidInputException a required field is missing
     * @throws UnknownReferenceException the customer, the loss reason or the named strategy does not exist
     *     (a strategy whose feature is not installed does not exist)
     * @throws AccessDeniedException a rep opens a case for someone else
     * @throws UnprocessableException the customer carries a contact block, the strategy does not apply
     * @throws ExistingCaseException the customer has a running case already
     */
    RecoveryCase open(RecoveryCase draft, Actor actor);

    /**
     * Runs the checks {@link #open} makes, without writing anything: for an adapter that must refuse a message whole
     * before it changes the customer the case is for. A draft without {@code customerId} (its customer does not exist
     * yet) is checked for its own fields and references only; one with it, for everything {@code open} checks but
     * a running case.
     */
    void check(RecoveryCase draft, Actor actor);

    /**
     * Opens a case for a customer a detection run flagged, like {@link #open}, and records the finding on it, unless
     * the customer already has an OPEN or PAUSED case: then nothing is written and the result is empty. The check
     * and the insert are one transaction, so concurrent callers cannot open two cases for one customer.
     *
     * @throws InvalidInputException a required field is missing
     * @throws UnknownReferenceException the customer or the loss reason does not exist
     * @throws AccessDeniedException the actor is neither admin nor manager
     */
    Optional<RecoveryCase> openDetected(RecoveryCase draft, DetectionFinding finding, Actor actor);

    /**
     * Completes a PLANNED step with one of its allowed outcomes and lets the strategy decide what follows.
     *
     * @throws NotFoundException no such case or step
     * @throws InvalidInputException the outcome is not one the step allows
     * @throws ConflictException the step is not PLANNED, the case is paused or closed
     */
    RecoveryCase completeStep(UUID caseId, UUID stepId, String outcome, String notes, Actor actor);

    /**
     * Completes a step like {@link #completeStep(UUID, UUID, String, String, Actor)}; {@code closure} carries the
     * revenue, currency and confirmation when the outcome is a decision that closes the case (a decision step's
     * {@code WON_BACK}), and is ignored otherwise. The step must allow the outcome; its notBefore must have passed
     * ({@link TooEarlyException}); the records it requires must exist ({@link UnprocessableException}); a step that
     * contacts the customer is refused while the customer carries a contact block.
     */
    RecoveryCase completeStep(UUID caseId, UUID stepId, String outcome, String notes, CaseClosure closure,
            Actor actor);

    /**
     * Closes a case with a terminal status; {@code WON_BACK} needs the recovered revenue. Planned steps are
     * cancelled. Same as {@link #close(UUID, CaseClosure, Long, Actor)} without a currency or version.
     *
     * @throws ConflictException the case is closed already
     */
    RecoveryCase close(UUID caseId, CaseStatus status, BigDecimal revenue, String notes, Actor actor);

    /**
     * Closes a case, with guard rails, because who closes how decides who gets paid: {@code WON_BACK} needs the
     * revenue and evidence that the customer came back (a purchase dated on or after the day the case opened, or
     * a manager's confirmation with a note); a rep may close only as {@code WON_BACK} or once the plan has reached
     * its last step (a decision step, or nothing planned); giving up earlier is a manager's call, with a reason.
     * {@code CLOSED_CANNOT_PROVIDE} puts a contact block on the customer.
     *
     * @param expectedVersion the version the caller saw (If-Match), or null: a close that loses a race against
     *     another change is then a conflict, not a version mismatch
     * @throws UnprocessableException no evidence for WON_BACK
     * @throws AccessDeniedException a rep gives up before the plan's end
     * @throws ConflictException the case is closed already
     * @throws VersionMismatchException {@code expectedVersion} is stale
     */
    RecoveryCase close(UUID caseId, CaseClosure closure, Long expectedVersion, Actor actor);

    /**
     * Corrects the owner, the loss reason or the notes of a case. Changing the owner is for managers and admins;
     * the old owner's planned steps move to the new one.
     *
     * @throws VersionMismatchException {@code expectedVersion} is stale
     */
    RecoveryCase correct(UUID caseId, CaseCorrection correction, long expectedVersion, Actor actor);

    /**
     * A worklist: steps by assignee and due window, sorted by due time. A rep sees only their own steps.
     *
     * @throws AccessDeniedException a rep asks for someone else's steps
     */
    Page<WorkItem> worklist(StepQuery query, Actor actor);

    /**
     * Documents one "why" of the loss on the case (allowed in any status: learning goes on after a case closes).
     *
     * @throws InvalidInputException statement, lossReason or fixable missing
     * @throws UnknownReferenceException the loss reason does not exist
     */
    RecoveryCase recordWhy(UUID caseId, dev.winback.api.dto.CaseWhy why, Actor actor);

    /**
     * Records the written second-chance agreement and schedules a check step for each condition on its date.
     *
     * @throws InvalidInputException no conditions, or a condition without text, party or a future date
     * @throws ConflictException the case has an agreement already, is paused or closed, or allows no contact
     */
    RecoveryCase recordAgreement(UUID caseId, dev.winback.api.dto.SecondChanceAgreement agreement, Actor actor);

    /** The installed strategies, by name. */
    List<dev.winback.api.strategy.StrategyDescription> strategies();

    /** @throws AccessDeniedException a rep asks for another rep's case */
    Optional<RecoveryCase> get(UUID id, Actor actor);

    /** Lists matching cases; for a rep the ownerRep filter is forced to themselves. */
    Page<RecoveryCase> find(CaseQuery query, Actor actor);
}
