package dev.winback.api.strategy;

import dev.winback.api.dto.Outcome;
import dev.winback.api.dto.RecoveryCase;
import dev.winback.api.dto.RecoveryStep;
import java.util.List;
import org.osgi.annotation.versioning.ConsumerType;

/**
 * A recovery playbook, such as "apologise within 24 hours, refer them elsewhere, follow up". Integrators implement
 * it in a bundle of their own, compiled against {@code winback-api} only, and register it as an OSGi service with
 * the service property {@value #NAME_PROPERTY} equal to {@link #name()}.
 *
 * <p>Implementations are stateless: every method gets what it needs in its arguments and answers with plain data.
 * The engine calls them from any thread and may call them again for the same case after a restart.
 */
@ConsumerType
public interface RecoveryStrategy {

    /** Service property that carries {@link #name()}, so the engine can find a strategy without calling it. */
    String NAME_PROPERTY = "winback.strategy.name";

    /** Name of the engine's step that checks one condition of a second-chance agreement (KEPT or BROKEN). */
    String CHECK_CONDITION = "check-condition";

    /**
     * The stable key of the strategy, e.g. {@code surprise24}: lower-case letters, digits and dashes. It is stored
     * on every case the strategy runs, so it must never change between versions of the bundle.
     */
    String name();

    /** What a rep or admin reads about the strategy. */
    StrategyDescription describe();

    /**
     * Whether the strategy suits a new case; the engine uses it to choose a strategy when the caller names none
     * and no admin rule decides. Called with a case that has no steps yet.
     */
    boolean appliesTo(RecoveryCase recoveryCase);

    /**
     * The first steps of the plan, created when the case opens (at least one). The case carries its
     * {@code createdAt}, the time the plan starts.
     */
    List<StepPlan> plan(RecoveryCase recoveryCase);

    /**
     * What follows when a rep completes a step with an outcome the step allows ({@link StepPlan#outcomes}): more
     * steps, closing the case, or nothing more for now. Every path must end in a terminal status or in a
     * {@link StepPlan#decision decision step}: a reaction that leaves the case open with no step planned is a dead
     * end (the engine then plans a decision step of its own, and the test kit's contract test fails).
     *
     * <p>Outcomes listed in {@link StepPlan#closes} never reach this method. The engine's own
     * {@value #CHECK_CONDITION} steps (one per condition of a second-chance agreement) do: a strategy that makes
     * agreements may react to a {@code BROKEN} check; others return {@link Reaction#nothing()} (an {@code IllegalArgumentException} for an unknown step is taken
     * as nothing too).
     *
     * @param recoveryCase the case with all its steps so far, the completed one included with its outcome
     * @param completed the step just completed
     */
    Reaction onOutcome(RecoveryCase recoveryCase, RecoveryStep completed, Outcome outcome);
}
