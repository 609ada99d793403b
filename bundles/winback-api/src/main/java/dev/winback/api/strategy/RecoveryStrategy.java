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

    /** The first steps of the plan, created when the case opens (at least one). */
    List<StepPlan> plan(RecoveryCase recoveryCase);

    /**
     * What follows when a rep completes a step with an outcome the step allows ({@link StepPlan#outcomes}): more
     * steps, closing the case, or nothing more for now.
     *
     * @param recoveryCase the case with all its steps so far, the completed one included with its outcome
     * @param completed the step just completed
     */
    Reaction onOutcome(RecoveryCase recoveryCase, RecoveryStep completed, Outcome outcome);
}
