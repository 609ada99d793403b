package dev.winback.strategy.testkit;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.winback.api.strategy.StepPlan;
import java.time.Duration;
import java.util.HashSet;

/**
 * What every planned step owes the engine and its database, checked on each step a test sees planned.
 * {@link SimulatedCase} applies it to every step it schedules; call it directly on a plan built outside a case.
 */
public final class Contract {
    private Contract() {
    }

    /** Fails the test unless {@code p} is a step the engine would schedule and the database could store. */
    public static void check(StepPlan p) {
        assertNotNull(p.name);
        assertTrue(p.name.matches("[a-z0-9]+(-[a-z0-9]+)*") && p.name.length() <= 128,
                "lower-kebab-case name, at most 128 characters: " + p.name);
        assertNotNull(p.type, p.name + ": type");
        assertNotNull(p.assignee, p.name + ": assignee");
        assertNotNull(p.dueIn, p.name + ": dueIn");
        assertTrue(p.dueIn.compareTo(Duration.ZERO) > 0, p.name + ": due in the future");
        assertNotNull(p.instructions, p.name + ": instructions");
        assertFalse(p.instructions.isBlank(), p.name + ": instructions");
        assertTrue(p.instructions.length() <= 2000, p.name + ": instructions fit the 2,000-character column");
        assertNotNull(p.outcomes, p.name + ": outcomes");
        assertFalse(p.outcomes.isEmpty(), p.name + ": at least one outcome, or the step can never be completed");
        assertTrue(new HashSet<>(p.outcomes).size() == p.outcomes.size(), p.name + ": distinct outcomes");
        for (String o : p.outcomes) {
            assertTrue(o.matches("[A-Z][A-Z0-9]*(_[A-Z0-9]+)*") && o.length() <= 64,
                    p.name + ": UPPER_SNAKE_CASE outcome, at most 64 characters: " + o);
        }
    }
}
