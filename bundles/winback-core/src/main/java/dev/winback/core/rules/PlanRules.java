package dev.winback.core.rules;

import dev.winback.api.ConflictException;
import dev.winback.api.InvalidInputException;
import dev.winback.api.TooEarlyException;
import dev.winback.api.UnprocessableException;
import dev.winback.api.dto.AgreementCondition;
import dev.winback.api.dto.CaseChange;
import dev.winback.api.dto.CaseClosure;
import dev.winback.api.dto.CaseStatus;
import dev.winback.api.dto.Outcome;
import dev.winback.api.dto.RecoveryCase;
import dev.winback.api.dto.RecoveryStep;
import dev.winback.api.dto.StepRequirement;
import dev.winback.api.dto.StepStatus;
import dev.winback.api.dto.StepType;
import dev.winback.api.strategy.Reaction;
import dev.winback.api.strategy.StepPlan;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;
import java.util.function.Consumer;
import java.util.function.Function;
import dev.winback.api.strategy.RecoveryStrategy;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * The engine's rules for plans, steps and reactions, as plain functions: what a planned step must look like, how a
 * plan becomes a stored step, when a step may be completed, what a strategy's reaction changes, and what counts as
 * a dead end. The case engine runs them on every decision and the strategy test kit runs the very same code, so a
 * strategy author's tests cannot pass on rules the product does not have.
 *
 * <p>Public for the test kit only; not exported to other bundles.
 */
public final class PlanRules {
    /** The engine's own decision step, planned when a strategy's reaction would leave a case with nothing to do. */
    public static final String ENGINE_DECISION = "decide-outcome";
    /** How long the owner has for the engine's decision step. */
    public static final Duration ENGINE_DECISION_DUE = Duration.ofDays(7);

    private static final Pattern STEP_NAME = Pattern.compile("[a-z0-9]+(-[a-z0-9]+)*");
    private static final Pattern OUTCOME = Pattern.compile("[A-Z][A-Z0-9]*(_[A-Z0-9]+)*");

    private PlanRules() {
    }

    /** What is wrong with a planned step; empty when the engine can schedule it and the database store it. */
    public static List<String> problems(StepPlan p) {
        List<String> problems = new ArrayList<>();
        if (p == null) {
            return List.of("a planned step is null");
        }
        String n = p.name == null ? "(unnamed step)" : p.name;
        if (p.name == null || !STEP_NAME.matcher(p.name).matches() || p.name.length() > 128) {
            problems.add(n + ": name must be lower-kebab-case, at most 128 characters");
        }
        if (p.type == null) {
            problems.add(n + ": type is required");
        }
        if (p.assignee == null) {
            problems.add(n + ": assignee is required");
        }
        if (p.dueAt == null && (p.dueIn == null || p.dueIn.compareTo(Duration.ZERO) <= 0)) {
            problems.add(n + ": dueIn must be positive (or dueAt given)");
        }
        if (p.notBeforeIn != null && p.notBeforeIn.isNegative()) {
            problems.add(n + ": notBeforeIn must not be negative");
        }
        if (p.dueAt != null && p.notBeforeAt != null && p.dueAt.isBefore(p.notBeforeAt)) {
            problems.add(n + ": dueAt " + p.dueAt + " is before notBeforeAt " + p.notBeforeAt
                    + ": the step would be overdue before it may be done");
        }
        if (p.instructions == null || p.instructions.isBlank()) {
            problems.add(n + ": instructions are required");
        } else if (p.instructions.length() > 2000) {
            problems.add(n + ": instructions must fit the 2,000-character column");
        }
        if (p.outcomes == null || p.outcomes.isEmpty()) {
            problems.add(n + ": at least one outcome, or the step can never be completed");
            return problems;
        }
        if (new HashSet<>(p.outcomes).size() != p.outcomes.size()) {
            problems.add(n + ": outcomes must be distinct");
        }
        for (String o : p.outcomes) {
            if (o == null || !OUTCOME.matcher(o).matches() || o.length() > 64) {
                problems.add(n + ": outcome must be UPPER_SNAKE_CASE, at most 64 characters: " + o);
            }
        }
        if (p.closes != null) {
            p.closes.forEach((outcome, status) -> {
                if (!p.outcomes.contains(outcome)) {
                    problems.add(n + ": closes names " + outcome + ", which is not one of its outcomes");
                }
                if (status == null || !status.isTerminal()) {
                    problems.add(n + ": outcome " + outcome + " must close with a terminal status, not " + status);
                }
            });
        }
        if (p.anytimeOutcomes != null) {
            p.anytimeOutcomes.stream().filter(o -> !p.outcomes.contains(o)).forEach(o ->
                    problems.add(n + ": anytimeOutcomes names " + o + ", which is not one of its outcomes"));
        }
        if (p.requiresFor != null) {
            p.requiresFor.keySet().stream().filter(o -> !p.outcomes.contains(o)).forEach(o ->
                    problems.add(n + ": requiresFor names " + o + ", which is not one of its outcomes"));
        }
        if (p.slaMissed != null && p.slaMissed.length() > 500) {
            problems.add(n + ": slaMissed must be at most 500 characters");
        }
        return problems;
    }

    /** What is wrong with a reaction; empty when the engine can apply it. */
    public static List<String> problems(Reaction r) {
        if (r == null) {
            return List.of("a reaction is required, even if it is Reaction.nothing()");
        }
        List<String> problems = new ArrayList<>();
        if (r.close != null && !r.close.isTerminal()) {
            problems.add("closes only with a terminal status, not " + r.close);
        }
        if (r.close != null && !r.next.isEmpty()) {
            problems.add("plans no next steps when it closes the case: they would be cancelled at once");
        }
        if (r.noFurtherContact && !r.next.isEmpty()) {
            problems.add("plans no next steps once no further contact is allowed");
        }
        for (StepPlan p : r.next) {
            problems.addAll(problems(p));
        }
        return problems;
    }

    /**
     * The step the engine stores for a plan: due {@code dueIn} after {@code now} unless the plan gives an absolute
     * time, with its "not before" time, assigned to the owner or to the owner's manager.
     */
    public static RecoveryStep toStep(StepPlan plan, String owner, String ownerManager, Instant now) {
        RecoveryStep s = new RecoveryStep();
        s.name = plan.name;
        s.type = plan.type;
        s.instructions = plan.instructions;
        s.notBefore = plan.notBeforeAt != null ? plan.notBeforeAt
                : plan.notBeforeIn != null ? now.plus(plan.notBeforeIn) : null;
        Instant due = plan.dueAt != null ? plan.dueAt : now.plus(plan.dueIn == null ? Duration.ZERO : plan.dueIn);
        // A step cannot be due before it may be done: the limit moves the due time with it.
        s.dueAt = s.notBefore != null && s.notBefore.isAfter(due) ? s.notBefore.plus(plan.dueIn == null
                ? Duration.ZERO : plan.dueIn) : due;
        s.assignee = plan.assignee == StepPlan.Assignee.OWNER_MANAGER ? ownerManager : owner;
        s.status = StepStatus.PLANNED;
        s.allowedOutcomes = plan.outcomes == null ? List.of()
                : plan.outcomes.stream().map(o -> o.toUpperCase(Locale.ROOT)).collect(Collectors.toList());
        s.escalateWhenOverdue = plan.escalateWhenOverdue;
        s.anytimeOutcomes = plan.anytimeOutcomes == null ? List.of()
                : plan.anytimeOutcomes.stream().map(o -> o.toUpperCase(Locale.ROOT)).collect(Collectors.toList());
        s.contactsCustomer = plan.contactsCustomer;
        s.requires = plan.requires == null ? List.of() : List.copyOf(plan.requires);
        s.requiresFor = plan.requiresFor == null ? Map.of() : new LinkedHashMap<>(plan.requiresFor);
        s.closes = plan.closes == null ? Map.of() : new LinkedHashMap<>(plan.closes);
        s.slaMissed = plan.slaMissed;
        return s;
    }

    /** The engine's decision step, for a plan that would otherwise end with the case open and nothing to do. */
    public static StepPlan engineDecision() {
        return StepPlan.decision(ENGINE_DECISION, ENGINE_DECISION_DUE, "The plan has no further step. Decide: "
                + "WON_BACK when the customer is buying again (close with the revenue and the evidence), "
                + "HAND_OVER to hand them to the sales pipeline, NEVER when they will not come back. Say why in "
                + "the notes.");
    }

    /**
     * Whether a step of the case may be completed with {@code code} now; throws what the caller is told otherwise.
     * The outcome is normalised to upper case; returns it.
     *
     * @param contactBlocked whether the case's customer carries a contact block
     * @throws ConflictException the step is not PLANNED, the step contacts a blocked customer
     * @throws TooEarlyException before the step's notBefore
     * @throws InvalidInputException the outcome is not one the step allows
     * @throws UnprocessableException a record the step requires is missing
     */
    public static String checkCompletion(RecoveryCase c, RecoveryStep step, String code, String notes, Instant now,
            boolean contactBlocked) {
        if (step.status != StepStatus.PLANNED) {
            throw new ConflictException("Step '" + step.name + "' is already " + step.status);
        }
        String normalized = code.toUpperCase(Locale.ROOT);
        if (step.allowedOutcomes != null && !step.allowedOutcomes.isEmpty()
                && !step.allowedOutcomes.contains(normalized)) {
            throw new InvalidInputException("outcome", "must be one of " + String.join(", ", step.allowedOutcomes)
                    + " for step '" + step.name + "' (got '" + code + "')");
        }
        if (contactBlocked && step.contactsCustomer) {
            throw new ConflictException("The customer asked not to be contacted (contact block): step '" + step.name
                    + "' contacts them and cannot be done; an admin lifts the block with DELETE "
                    + "/api/v1/customers/" + c.customerId + "/contact-block");
        }
        boolean anytime = step.anytimeOutcomes != null && step.anytimeOutcomes.contains(normalized);
        if (step.notBefore != null && now.isBefore(step.notBefore) && !anytime) {
            throw new TooEarlyException("Step '" + step.name + "' may not be done before " + step.notBefore
                    + " (a contact limit or the spacing of the plan)", step.notBefore);
        }
        List<StepRequirement> needed = new ArrayList<>();
        if (step.requires != null) {
            needed.addAll(step.requires);
        }
        if (step.requiresFor != null && step.requiresFor.get(normalized) != null) {
            needed.addAll(step.requiresFor.get(normalized));
        }
        for (StepRequirement r : needed) {
            switch (r) {
                case WHY:
                    if (c.whys == null || c.whys.isEmpty()) {
                        throw new UnprocessableException("whys", "step '" + step.name + "' needs at least one "
                                + "documented why first: POST /api/v1/cases/" + c.id + "/whys");
                    }
                    break;
                case AGREEMENT:
                    if (c.agreement == null) {
                        throw new UnprocessableException("agreement", "outcome " + normalized + " of step '"
                                + step.name + "' needs the written agreement first: POST /api/v1/cases/" + c.id
                                + "/agreement");
                    }
                    break;
                case NOTES:
                    if (notes == null || notes.isBlank()) {
                        throw new UnprocessableException("notes", "outcome " + normalized + " of step '"
                                + step.name + "' needs notes: the next steps rely on them");
                    }
                    break;
                default:
                    throw new IllegalStateException("Unknown requirement " + r);
            }
        }
        return normalized;
    }

    /**
     * What is wrong with a closure on its face, before any evidence is looked up: the status must be a closing one,
     * revenue goes with WON_BACK and only with it, and so does a manager's confirmation. Empty when it is fine.
     */
    public static List<InvalidInputException.FieldProblem> closureProblems(CaseClosure closure) {
        List<InvalidInputException.FieldProblem> problems = new ArrayList<>();
        CaseStatus status = closure.status;
        if (status == null) {
            problems.add(new InvalidInputException.FieldProblem("status", "is required"));
        } else if (!status.isTerminal()) {
            problems.add(new InvalidInputException.FieldProblem("status", "must be a closing status: "
                    + java.util.Arrays.stream(CaseStatus.values()).filter(CaseStatus::isTerminal).map(Enum::name)
                            .collect(Collectors.joining(", ")) + " (got " + status + ")"));
        }
        if (status == CaseStatus.WON_BACK && closure.revenue == null) {
            problems.add(new InvalidInputException.FieldProblem("revenue", "is required to close a case as WON_BACK"));
        }
        if (status != CaseStatus.WON_BACK && closure.revenue != null) {
            problems.add(new InvalidInputException.FieldProblem("revenue", "is only recorded for WON_BACK"));
        }
        if (closure.managerConfirmed && status != CaseStatus.WON_BACK) {
            problems.add(new InvalidInputException.FieldProblem("managerConfirmed", "only confirms a WON_BACK"));
        }
        return problems;
    }

    /** The outcome record of a completion. */
    public static Outcome outcome(String code, String notes, String by, Instant at) {
        Outcome result = new Outcome();
        result.code = code;
        result.notes = notes;
        result.recordedBy = by;
        result.recordedAt = at;
        return result;
    }

    /**
     * The change a strategy's reaction to a completed step makes: the step done, then the close (cancelling what
     * is planned), the end of contact (likewise), or the next steps. {@code toStep} turns each plan into a step.
     */
    public static CaseChange react(RecoveryCase c, RecoveryStep done, Outcome outcome, Reaction reaction,
            Instant now, Function<StepPlan, RecoveryStep> toStep) {
        List<String> problems = problems(reaction);
        if (!problems.isEmpty()) {
            throw new IllegalStateException("Strategy '" + c.strategy + "' answered step '" + done.name + "' with "
                    + String.join("; ", problems));
        }
        CaseChange change = new CaseChange();
        change.caseId = c.id;
        change.expectedVersion = c.version;
        change.completeStep = done.id;
        change.outcome = outcome;
        if (reaction.close != null) {
            change.status = reaction.close;
            change.closedAt = now;
            change.cancelPlannedSteps = true;
        }
        // "We cannot provide what you need" was said to the customer: coming back with offers would undo it,
        // whether the strategy said so or not.
        boolean noContact = reaction.noFurtherContact || reaction.close == CaseStatus.CLOSED_CANNOT_PROVIDE;
        if (noContact) {
            change.noFurtherContact = true;
            change.cancelPlannedSteps = true;
        }
        if (reaction.close == null && !noContact) {
            for (StepPlan plan : reaction.next) {
                change.newSteps.add(toStep.apply(plan));
            }
        }
        return change;
    }

    /** A strategy answered with a reaction the engine refuses: its bug, which the case cannot move past. */
    public static final class InvalidReaction extends ConflictException {
        private static final long serialVersionUID = 1L;

        InvalidReaction(String message) {
            super(message);
        }
    }

    /** What completing a step with a strategy's outcome changes, and whether the engine had to prevent a dead end. */
    public record Completion(CaseChange change, Reaction reaction, boolean deadEnd) {
    }

    /**
     * Completing a step whose outcome is not a decision: asks the strategy (the step is shown to it as done), turns
     * its reaction into the change, records a checked agreement condition, stamps who closed the case, and — should
     * the reaction leave the case open with nothing planned — adds the engine's decision step. The engine persists
     * the change; the test kit applies it in memory.
     *
     * @param ignored told when a strategy refused one of the engine's condition checks (taken as nothing)
     * @throws ConflictException the strategy refused the outcome
     * @throws InvalidReaction the strategy answered with a reaction the engine refuses
     */
    public static Completion afterOutcome(RecoveryCase c, RecoveryStep step, Outcome outcome,
            RecoveryStrategy strategy, Instant now, Function<StepPlan, RecoveryStep> toStep,
            Consumer<RuntimeException> ignored) {
        StepStatus before = step.status;
        step.status = StepStatus.DONE;
        step.outcome = outcome;
        Reaction reaction;
        CaseChange change;
        try {
            try {
                reaction = strategy.onOutcome(c, step, outcome);
            } catch (IllegalArgumentException | IllegalStateException e) {
                if (step.conditionId == null) {
                    // A step planned by an older version of the strategy, say: the case cannot move until someone
                    // looks.
                    throw new ConflictException("Strategy '" + strategy.name() + "' cannot handle outcome "
                            + outcome.code + " of step '" + step.name + "': " + e.getMessage());
                }
                // The engine's own check of an agreed condition: a strategy that makes no agreements need not know it.
                ignored.accept(e);
                reaction = Reaction.nothing();
            }
            try {
                change = react(c, step, outcome, reaction, now, toStep);
            } catch (IllegalStateException e) {
                throw new InvalidReaction("Strategy '" + strategy.name() + "' cannot go on from outcome "
                        + outcome.code + " of step '" + step.name + "': " + e.getMessage());
            }
        } finally {
            // The caller's case is unchanged until the change is applied.
            step.status = before;
            step.outcome = null;
        }
        if (step.conditionId != null) {
            change.conditionId = step.conditionId;
            change.conditionStatus = CONDITION_KEPT.equals(outcome.code) ? AgreementCondition.Status.KEPT
                    : AgreementCondition.Status.BROKEN;
        }
        if (change.status != null) {
            change.closedBy = outcome.recordedBy;
            change.closeNotes = outcome.notes;
        }
        boolean deadEnd = wouldBeDeadEnd(c, change, now);
        if (deadEnd) {
            change.newSteps.add(toStep.apply(engineDecision()));
        }
        return new Completion(change, reaction, deadEnd);
    }

    /** Looks ahead on a skeleton of the case (statuses only), leaving the case itself as it is. */
    private static boolean wouldBeDeadEnd(RecoveryCase c, CaseChange change, Instant now) {
        RecoveryCase ahead = new RecoveryCase();
        ahead.id = c.id;
        ahead.status = c.status;
        ahead.steps = new ArrayList<>();
        for (RecoveryStep s : c.steps) {
            RecoveryStep t = new RecoveryStep();
            t.id = s.id;
            t.status = s.status;
            ahead.steps.add(t);
        }
        CaseChange skeleton = new CaseChange();
        skeleton.completeStep = change.completeStep;
        skeleton.cancelPlannedSteps = change.cancelPlannedSteps;
        skeleton.status = change.status;
        for (RecoveryStep s : change.newSteps) {
            RecoveryStep t = new RecoveryStep();
            t.status = s.status;
            skeleton.newSteps.add(t);
        }
        applyInMemory(ahead, skeleton, now);
        return isDeadEnd(ahead);
    }

    /**
     * The case as it will be once the store applied {@code change}: the in-memory twin of the store's transaction,
     * used to look ahead (is it a dead end?) and by the test kit to run cases without a database.
     */
    public static void applyInMemory(RecoveryCase c, CaseChange change, Instant now) {
        if (c.steps == null) {
            c.steps = new ArrayList<>();
        }
        if (change.completeStep != null) {
            for (RecoveryStep s : c.steps) {
                if (change.completeStep.equals(s.id)) {
                    s.status = StepStatus.DONE;
                    s.outcome = change.outcome;
                }
            }
        }
        if (change.cancelPlannedSteps) {
            c.steps.stream().filter(s -> s.status == StepStatus.PLANNED).forEach(s -> s.status = StepStatus.CANCELLED);
        }
        for (RecoveryStep s : change.newSteps) {
            RecoveryStep added = s;
            if (added.id == null) {
                added.id = UUID.randomUUID();
            }
            added.caseId = c.id;
            if (added.createdAt == null) {
                added.createdAt = now;
            }
            c.steps.add(added);
        }
        if (change.agreement != null) {
            c.agreement = change.agreement;
        }
        if (change.newWhys != null && !change.newWhys.isEmpty()) {
            if (c.whys == null) {
                c.whys = new ArrayList<>();
            }
            c.whys.addAll(change.newWhys);
        }
        if (change.conditionId != null && change.conditionStatus != null && c.agreement != null) {
            for (AgreementCondition condition : c.agreement.conditions) {
                if (change.conditionId.equals(condition.id)) {
                    condition.status = change.conditionStatus;
                }
            }
        }
        if (change.status != null) {
            c.status = change.status;
        }
        if (change.closedAt != null) {
            c.closedAt = change.closedAt;
        }
        if (change.noFurtherContact) {
            c.noFurtherContact = true;
        }
        c.version++;
    }

    /** A running case with nothing planned: nobody would ever be asked to do anything on it again. */
    public static boolean isDeadEnd(RecoveryCase c) {
        return c.status == CaseStatus.OPEN && c.steps.stream().noneMatch(s -> s.status == StepStatus.PLANNED);
    }

    /** Whether the plan has reached its end: nothing planned but decision steps (or nothing at all). */
    public static boolean atPlanEnd(RecoveryCase c) {
        return c.steps == null || c.steps.stream().filter(s -> s.status == StepStatus.PLANNED)
                .allMatch(s -> s.closes != null && !s.closes.isEmpty());
    }

    /** An engine step checking one agreed condition on its date. */
    public static RecoveryStep conditionCheck(AgreementCondition condition, String owner) {
        RecoveryStep check = new RecoveryStep();
        check.name = dev.winback.api.strategy.RecoveryStrategy.CHECK_CONDITION;
        check.type = StepType.FOLLOW_UP;
        check.instructions = "Check the agreed condition (" + (condition.party == AgreementCondition.Party.US
                ? "ours" : "theirs") + "): " + condition.condition;
        check.dueAt = condition.dueAt;
        check.assignee = owner;
        check.status = StepStatus.PLANNED;
        check.allowedOutcomes = List.of(CONDITION_KEPT, CONDITION_BROKEN);
        // A broken promise to a customer who forgave us once is the manager's business at once.
        check.escalateWhenOverdue = true;
        check.conditionId = condition.id;
        check.requires = List.of();
        check.requiresFor = Map.of();
        check.closes = Map.of();
        return check;
    }

    public static final String CONDITION_KEPT = "KEPT";
    public static final String CONDITION_BROKEN = "BROKEN";


}
