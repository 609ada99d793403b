package dev.winback.api;

import dev.winback.api.dto.CaseQuery;
import dev.winback.api.dto.CaseStatus;
import dev.winback.api.dto.DetectionFinding;
import dev.winback.api.dto.Page;
import dev.winback.api.dto.RecoveryCase;
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
     * customerId, lossKind, lossReason, lostAt, ownerRep, strategy and notes are read. Without a strategy the
     * engine chooses one from the admin's rules and the installed strategies. A rep may open cases only for
     * themselves; ownerRep defaults to the customer's owner rep, or the actor.
     *
     * @throws InvalidInputException a required field is missing
     * @throws UnknownReferenceException the customer, the loss reason or the named strategy does not exist
     *     (a strategy whose feature is not installed does not exist)
     * @throws AccessDeniedException a rep opens a case for someone else
     */
    RecoveryCase open(RecoveryCase draft, Actor actor);

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
     * Closes a case with a terminal status; {@code WON_BACK} needs the recovered revenue. Planned steps are
     * cancelled.
     *
     * @throws ConflictException the case is closed already
     */
    RecoveryCase close(UUID caseId, CaseStatus status, BigDecimal revenue, String notes, Actor actor);

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
