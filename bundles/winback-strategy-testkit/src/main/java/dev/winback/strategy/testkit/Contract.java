package dev.winback.strategy.testkit;

import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.winback.api.strategy.Reaction;
import dev.winback.api.strategy.StepPlan;
import dev.winback.core.rules.PlanRules;
import java.util.List;

/**
 * What every planned step and every reaction owes the engine and its database, checked with the engine's own rules
 * ({@link PlanRules}), not with a copy of them. {@link SimulatedCase} applies it to every step it schedules and
 * every reaction it applies; call it directly on a plan built outside a case. {@link PlanContract} checks whole
 * plans: that every path ends.
 */
public final class Contract {
    private Contract() {
    }

    /** Fails the test unless {@code p} is a step the engine would schedule and the database could store. */
    public static void check(StepPlan p) {
        List<String> problems = PlanRules.problems(p);
        assertTrue(problems.isEmpty(), () -> "the engine refuses this planned step: " + String.join("; ", problems));
    }

    /** Fails the test unless the engine can apply {@code r} (a close plans nothing more, and so on). */
    public static void check(Reaction r) {
        List<String> problems = PlanRules.problems(r);
        assertTrue(problems.isEmpty(), () -> "the engine refuses this reaction: " + String.join("; ", problems));
    }
}
