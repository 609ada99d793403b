package dev.winback.api.detect;

import dev.winback.api.AccessDeniedException;
import dev.winback.api.Actor;
import dev.winback.api.ConflictException;
import dev.winback.api.InvalidInputException;
import dev.winback.api.NotFoundException;
import dev.winback.api.UnknownReferenceException;
import dev.winback.api.dto.Page;
import java.time.LocalDate;
import java.util.Optional;
import java.util.UUID;
import org.osgi.annotation.versioning.ProviderType;

/**
 * Detection runs: fit the model on the purchase history, score every customer, and open a LAPSED case for each
 * customer below the P(alive) threshold or matching an RFM rule, unless they have an open case already. Runs are
 * for admins and managers; every Winback user may read a customer's score.
 */
@ProviderType
public interface DetectionService {

    /**
     * Starts a run in the background and returns it in status RUNNING.
     *
     * @throws InvalidInputException a threshold, rule or limit is out of range, or there are more rules than
     *                               the admin allows
     * @throws UnknownReferenceException the loss reason does not exist
     * @throws ConflictException another run is still going
     * @throws AccessDeniedException the actor is neither admin nor manager
     */
    DetectionRun start(DetectionRequest request, Actor actor);

    /**
     * Starts a FAILED run again on this node with the settings it had, and returns it RUNNING; its counts start
     * afresh, and the cases it opened before count as already open.
     *
     * @throws NotFoundException no such run
     * @throws ConflictException the run is not FAILED, or another run is still going
     * @throws AccessDeniedException the actor is neither the run's requester nor an admin
     */
    DetectionRun retry(UUID id, Actor actor);

    /** @throws AccessDeniedException the actor is neither admin nor manager */
    Optional<DetectionRun> get(UUID id, Actor actor);

    /**
     * Newest first.
     *
     * @throws AccessDeniedException the actor is neither admin nor manager
     */
    Page<DetectionRun> list(int page, int size, Actor actor);

    /**
     * Scores one customer with the latest completed run's model on their history up to {@code asOf}.
     *
     * @param asOf null for today
     * @throws NotFoundException no such customer, or no purchase of theirs on or before {@code asOf}
     * @throws ConflictException no detection run has completed yet, so there is no model
     * @throws AccessDeniedException the actor holds no Winback role
     */
    CustomerScore score(UUID customerId, LocalDate asOf, Actor actor);
}
