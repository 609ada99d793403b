package dev.winback.strategy.testkit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import dev.winback.api.dto.CaseStatus;
import dev.winback.api.dto.LossKind;
import dev.winback.api.dto.Outcome;
import dev.winback.api.dto.RecoveryCase;
import dev.winback.api.dto.RecoveryStep;
import dev.winback.api.dto.StepStatus;
import dev.winback.api.strategy.Reaction;
import dev.winback.api.strategy.RecoveryStrategy;
import dev.winback.api.strategy.StepPlan;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.function.Supplier;
import java.util.stream.Collectors;

/**
 * "The case with its steps so far", driven the way the engine drives it: the plan's steps become PLANNED steps due
 * {@code dueIn} after they are created, a completed step is DONE with its outcome stamped at the current time and
 * passed to the strategy inside the case, and the reaction is applied (a close or noFurtherContact cancels what is
 * still planned). Time only moves when a test says so.
 *
 * <p>Every step the strategy plans is checked against the {@link Contract}, and every reaction against the engine's
 * rules: a close is terminal and plans nothing more, and so does a reaction that forbids further contact.
 *
 * <p>The fields are public for tests to read, in the style of the API's DTOs; move time with {@link #after} and
 * {@link #at}, and change the case only through {@link #complete}.
 */
public final class SimulatedCase {
    /** When every simulated case opens. */
    public static final Instant START = Instant.parse("2026-03-02T09:00:00Z");

    public final RecoveryStrategy strategy;
    /** The case as the strategy sees it, with all its steps so far. */
    public final RecoveryCase recoveryCase = new RecoveryCase();
    /** The simulated time: outcomes are recorded and new steps created at it. */
    public Instant now;
    /** The strategy's answer to the latest {@link #complete}, or null before the first. */
    public Reaction lastReaction;

    /** Opens a case of this kind at {@link #START} and schedules the strategy's first plan. */
    public SimulatedCase(RecoveryStrategy strategy, LossKind lossKind) {
        this.strategy = strategy;
        this.now = START;
        recoveryCase.id = UUID.randomUUID();
        recoveryCase.customerId = UUID.randomUUID();
        recoveryCase.lossKind = lossKind;
        recoveryCase.lossReason = "SERVICE";
        recoveryCase.ownerRep = "rep";
        recoveryCase.strategy = strategy.name();
        recoveryCase.status = CaseStatus.OPEN;
        recoveryCase.createdAt = START;
        recoveryCase.steps = new ArrayList<>();
        List<StepPlan> first = strategy.plan(recoveryCase);
        assertTrue(first != null && !first.isEmpty(), "a plan has at least one step");
        schedule(first);
    }

    /** Moves the clock on by {@code d}. */
    public SimulatedCase after(Duration d) {
        now = now.plus(d);
        return this;
    }

    /** Sets the clock to {@code t}. */
    public SimulatedCase at(Instant t) {
        now = t;
        return this;
    }

    /** The one PLANNED step with this name. */
    public RecoveryStep planned(String name) {
        List<RecoveryStep> found = recoveryCase.steps.stream()
                .filter(s -> s.status == StepStatus.PLANNED && s.name.equals(name)).collect(Collectors.toList());
        if (found.size() != 1) {
            fail("expected one planned '" + name + "', planned: " + plannedNames());
        }
        return found.get(0);
    }

    /** The PLANNED steps, in the order they were scheduled. */
    public List<RecoveryStep> planned() {
        return recoveryCase.steps.stream().filter(s -> s.status == StepStatus.PLANNED).collect(Collectors.toList());
    }

    /** The names of the PLANNED steps, in the order they were scheduled. */
    public List<String> plannedNames() {
        return planned().stream().map(s -> s.name).collect(Collectors.toList());
    }

    /** The PLANNED step, which must be the only one, named {@code name}. */
    public RecoveryStep only(String name) {
        assertEquals(List.of(name), plannedNames());
        return planned(name);
    }

    /** Completes the one PLANNED step {@code name} with outcome {@code code}, without notes. */
    public Reaction complete(String name, String code) {
        return complete(name, code, null);
    }

    /**
     * Completes the one PLANNED step {@code name} with outcome {@code code} at the current time, asks the strategy
     * what follows and applies its reaction as the engine would.
     */
    public Reaction complete(String name, String code, String notes) {
        if (recoveryCase.status != CaseStatus.OPEN) {
            fail("case is " + recoveryCase.status);
        }
        RecoveryStep step = planned(name);
        if (!step.allowedOutcomes.contains(code)) {
            throw new IllegalArgumentException(code + " is not one of " + step.allowedOutcomes);
        }
        Outcome outcome = new Outcome();
        outcome.code = code;
        outcome.notes = notes;
        outcome.recordedBy = "rep";
        outcome.recordedAt = now;
        step.status = StepStatus.DONE;
        step.outcome = outcome;
        Reaction r = strategy.onOutcome(recoveryCase, step, outcome);
        assertTrue(r != null, "a reaction, even if it is nothing()");
        if (r.close != null) {
            assertTrue(r.close.isTerminal(), "closes only with a terminal status");
            assertTrue(r.next.isEmpty(), "no next steps with a close: the engine would cancel them");
            recoveryCase.status = r.close;
            recoveryCase.closedAt = now;
            cancelPlanned();
        }
        if (r.noFurtherContact) {
            assertTrue(r.next.isEmpty(), "no next steps once no further contact is allowed");
            recoveryCase.noFurtherContact = true;
            cancelPlanned();
        }
        schedule(r.next);
        lastReaction = r;
        return r;
    }

    /** Open with nothing planned: the strategy's plan has ended and the owner takes it from there. */
    public boolean planEnded() {
        return recoveryCase.status == CaseStatus.OPEN && planned().isEmpty();
    }

    private void cancelPlanned() {
        planned().forEach(s -> s.status = StepStatus.CANCELLED);
    }

    private void schedule(List<StepPlan> plans) {
        for (StepPlan p : plans) {
            RecoveryStep s = new RecoveryStep();
            s.id = UUID.randomUUID();
            s.caseId = recoveryCase.id;
            s.name = p.name;
            s.type = p.type;
            s.instructions = p.instructions;
            s.dueAt = p.dueAt != null ? p.dueAt : now.plus(p.dueIn);
            s.assignee = p.assignee == StepPlan.Assignee.OWNER_MANAGER ? "manager" : "rep";
            s.status = StepStatus.PLANNED;
            s.allowedOutcomes = List.copyOf(p.outcomes);
            s.escalateWhenOverdue = p.escalateWhenOverdue;
            s.createdAt = now;
            recoveryCase.steps.add(s);
            Contract.check(p);
        }
    }

    /** One choice on a path through the plan: complete the planned step {@code step} with {@code code}. */
    public record Choice(String step, String code) {
        @Override
        public String toString() {
            return step + "/" + code;
        }
    }

    /**
     * Walks every path of choices from the first plan, {@code maxDepth} completions deep, and shows each state to
     * {@code visit} together with the choice that led to it (null for the start). States are rebuilt by replaying
     * the path, so strategies see exactly what the engine would show them.
     */
    public static void explore(Supplier<SimulatedCase> start, int maxDepth, VisitState visit) {
        explore(start, new ArrayList<>(), maxDepth, visit);
    }

    /** What {@link #explore} shows each state to. */
    public interface VisitState {
        void visit(SimulatedCase state, Choice last);
    }

    private static void explore(Supplier<SimulatedCase> start, List<Choice> path, int maxDepth, VisitState visit) {
        SimulatedCase sim = replay(start, path);
        visit.visit(sim, path.isEmpty() ? null : path.get(path.size() - 1));
        if (path.size() == maxDepth || sim.recoveryCase.status != CaseStatus.OPEN) {
            return;
        }
        for (RecoveryStep s : sim.planned()) {
            for (String code : s.allowedOutcomes) {
                List<Choice> next = new ArrayList<>(path);
                next.add(new Choice(s.name, code));
                explore(start, next, maxDepth, visit);
            }
        }
    }

    private static SimulatedCase replay(Supplier<SimulatedCase> start, List<Choice> path) {
        SimulatedCase sim = start.get();
        for (Choice c : path) {
            // Each completion happens when its step falls due, as it would on a patient rep's calendar.
            RecoveryStep step = sim.planned(c.step());
            if (step.dueAt.isAfter(sim.now)) {
                sim.at(step.dueAt);
            }
            sim.complete(c.step(), c.code());
        }
        return sim;
    }
}
