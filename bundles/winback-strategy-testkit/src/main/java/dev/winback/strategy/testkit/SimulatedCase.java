package dev.winback.strategy.testkit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import dev.winback.api.ConflictException;
import dev.winback.api.InvalidInputException;
import dev.winback.api.TooEarlyException;
import dev.winback.api.dto.AgreementCondition;
import dev.winback.api.dto.CaseChange;
import dev.winback.api.dto.CaseClosure;
import dev.winback.api.dto.CaseStatus;
import dev.winback.api.dto.CaseWhy;
import dev.winback.api.dto.LossKind;
import dev.winback.api.dto.Outcome;
import dev.winback.api.dto.RecoveryCase;
import dev.winback.api.dto.RecoveryStep;
import dev.winback.api.dto.SecondChanceAgreement;
import dev.winback.api.dto.StepRequirement;
import dev.winback.api.dto.StepStatus;
import dev.winback.api.strategy.Reaction;
import dev.winback.api.strategy.RecoveryStrategy;
import dev.winback.api.strategy.StepPlan;
import dev.winback.core.rules.PlanRules;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.function.Consumer;
import java.util.function.Supplier;
import java.util.stream.Collectors;

/**
 * "The case with its steps so far", driven by the engine's own rules ({@link PlanRules}), in memory and on a clock
 * the test controls:
 * <ul>
 * <li>each planned step must pass {@link PlanRules#problems(StepPlan)} and becomes a step through
 * {@link PlanRules#toStep} (the owner is {@value #OWNER}, the owner's manager {@value #MANAGER});</li>
 * <li>a completion is checked by {@link PlanRules#checkCompletion}, exactly as the engine checks it: the step must be
 * PLANNED, the outcome allowed, the clock at or past the step's {@code notBefore} (else {@link TooEarlyException}),
 * the records it requires present (a why, the agreement, notes), and a contact-blocked customer not contacted;</li>
 * <li>an outcome the step {@link StepPlan#closes closes} with ends the case with that status without asking the
 * strategy (a decision step); the engine's {@value RecoveryStrategy#CHECK_CONDITION} steps update their condition
 * and go to the strategy, an {@code IllegalArgumentException} counting as nothing; every other outcome goes to the
 * strategy inside the case, the step already DONE;</li>
 * <li>the reaction must pass {@link PlanRules#problems(Reaction)}, becomes a change through
 * {@link PlanRules#react} and is applied with {@link PlanRules#applyInMemory};</li>
 * <li>a reaction that leaves the case open with nothing planned is a dead end: as the engine does, the kit plans
 * {@link PlanRules#engineDecision()} and records it in {@link #deadEnds()}, which {@link PlanContract} fails on.</li>
 * </ul>
 * Time only moves when a test says so ({@link #after}, {@link #at}, {@link #completeEarliest},
 * {@link #completeWhenDue}). The fields are public for tests to read, in the style of the API's DTOs; change the
 * case only through the methods here.
 */
public final class SimulatedCase {
    /** When every simulated case opens. */
    public static final Instant START = Instant.parse("2026-03-02T09:00:00Z");
    /** The case owner every step of the owner is assigned to. */
    public static final String OWNER = "rep";
    /** The owner's manager, who gets {@link StepPlan.Assignee#OWNER_MANAGER} steps. */
    public static final String MANAGER = "manager";

    public final RecoveryStrategy strategy;
    /** The case as the strategy sees it, with all its steps so far. */
    public final RecoveryCase recoveryCase;
    /** The simulated time: outcomes are recorded and new steps created at it. */
    public Instant now;
    /**
     * The strategy's answer to the latest completion, or null before the first. For a decision outcome, which the
     * engine handles without the strategy, it is the close the engine made.
     */
    public Reaction lastReaction;
    /** Whether the customer carries a contact block: steps that contact them cannot be completed. */
    public boolean contactBlocked;
    private final List<String> deadEnds;

    /** Opens a case of this kind at {@link #START} and schedules the strategy's first plan. */
    public SimulatedCase(RecoveryStrategy strategy, LossKind lossKind) {
        this(strategy, lossKind, c -> { });
    }

    /**
     * Opens a case of this kind at {@link #START}; {@code before} adjusts the case before the strategy plans it
     * (when the customer was lost, the loss reason, the notes), then the first plan is scheduled.
     */
    public SimulatedCase(RecoveryStrategy strategy, LossKind lossKind, Consumer<RecoveryCase> before) {
        this.strategy = strategy;
        this.now = START;
        this.deadEnds = new ArrayList<>();
        this.recoveryCase = new RecoveryCase();
        recoveryCase.id = UUID.randomUUID();
        recoveryCase.customerId = UUID.randomUUID();
        recoveryCase.lossKind = lossKind;
        recoveryCase.lossReason = "SERVICE";
        recoveryCase.ownerRep = OWNER;
        recoveryCase.openedBy = OWNER;
        recoveryCase.strategy = strategy.name();
        recoveryCase.status = CaseStatus.OPEN;
        recoveryCase.createdAt = START;
        recoveryCase.updatedAt = START;
        recoveryCase.steps = new ArrayList<>();
        recoveryCase.whys = new ArrayList<>();
        before.accept(recoveryCase);
        List<StepPlan> first = strategy.plan(recoveryCase);
        assertTrue(first != null && !first.isEmpty(), "a plan has at least one step");
        CaseChange open = new CaseChange();
        open.caseId = recoveryCase.id;
        open.expectedVersion = recoveryCase.version;
        for (StepPlan p : first) {
            Contract.check(p);
            open.newSteps.add(toStep(p));
        }
        PlanRules.applyInMemory(recoveryCase, open, now);
    }

    private SimulatedCase(SimulatedCase other) {
        this.strategy = other.strategy;
        this.recoveryCase = Copies.deep(other.recoveryCase);
        this.now = other.now;
        this.lastReaction = other.lastReaction;
        this.contactBlocked = other.contactBlocked;
        this.deadEnds = new ArrayList<>(other.deadEnds);
    }

    /**
     * An independent copy of this case at this moment (steps, whys, agreement, clock), run by the same strategy:
     * try one outcome on the copy and another on the original.
     */
    public SimulatedCase fork() {
        return new SimulatedCase(this);
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

    /** Puts a contact block on the customer: steps that contact them can no longer be completed. */
    public SimulatedCase blockContact() {
        contactBlocked = true;
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

    /**
     * The plan has run its course: the case is open and nothing is planned but decision steps (steps whose
     * outcomes {@link StepPlan#closes close} the case), for the owner to decide.
     */
    public boolean planEnded() {
        return recoveryCase.status == CaseStatus.OPEN && !planned().isEmpty() && PlanRules.atPlanEnd(recoveryCase);
    }

    /**
     * The completions after which the strategy left the case open with nothing planned, each as
     * {@code step/OUTCOME}; the engine (and this kit) then planned its own {@value PlanRules#ENGINE_DECISION} step.
     * Empty for a strategy without dead ends.
     */
    public List<String> deadEnds() {
        return List.copyOf(deadEnds);
    }

    /** Records a why on the case, as {@code POST /cases/{id}/whys} does; steps that require a why need one. */
    public SimulatedCase recordWhy(String statement) {
        CaseWhy why = new CaseWhy();
        why.id = UUID.randomUUID();
        why.caseId = recoveryCase.id;
        why.statement = statement;
        why.lossReason = recoveryCase.lossReason;
        why.fixable = Boolean.TRUE;
        why.alreadyFixed = Boolean.FALSE;
        why.recordedBy = OWNER;
        why.recordedAt = now;
        CaseChange change = new CaseChange();
        change.caseId = recoveryCase.id;
        change.newWhys.add(why);
        PlanRules.applyInMemory(recoveryCase, change, now);
        return this;
    }

    /**
     * Records a second-chance agreement with one condition checked {@code checksIn} from now for each duration
     * (ours and theirs in turn), as {@code POST /cases/{id}/agreement} does: the engine plans a
     * {@value RecoveryStrategy#CHECK_CONDITION} step for each condition, on its date.
     */
    public SimulatedCase recordAgreement(Duration... checksIn) {
        List<AgreementCondition> conditions = new ArrayList<>();
        for (int i = 0; i < checksIn.length; i++) {
            AgreementCondition condition = new AgreementCondition();
            condition.party = i % 2 == 0 ? AgreementCondition.Party.US : AgreementCondition.Party.CUSTOMER;
            condition.condition = "Condition " + (i + 1) + " of the simulated agreement";
            condition.dueAt = now.plus(checksIn[i]);
            conditions.add(condition);
        }
        return recordAgreement(conditions.toArray(new AgreementCondition[0]));
    }

    /**
     * Records a second-chance agreement with these conditions (each needs a party, a text and a due time in the
     * future); the engine plans a {@value RecoveryStrategy#CHECK_CONDITION} step for each.
     */
    public SimulatedCase recordAgreement(AgreementCondition... conditions) {
        assertOpen();
        if (recoveryCase.agreement != null) {
            throw new ConflictException("Case " + recoveryCase.id + " has a second-chance agreement already");
        }
        assertTrue(conditions.length > 0, "an agreement has at least one condition");
        SecondChanceAgreement agreement = new SecondChanceAgreement();
        agreement.customerSignatory = "The decision maker";
        agreement.documentReference = "simulated";
        agreement.agreedBy = OWNER;
        agreement.agreedAt = now;
        agreement.conditions = new ArrayList<>();
        CaseChange change = new CaseChange();
        change.caseId = recoveryCase.id;
        change.agreement = agreement;
        for (AgreementCondition in : conditions) {
            assertTrue(in.party != null && in.condition != null && in.dueAt != null && in.dueAt.isAfter(now),
                    "a condition has a party, a text and a due time in the future");
            AgreementCondition c = new AgreementCondition();
            c.id = UUID.randomUUID();
            c.party = in.party;
            c.condition = in.condition;
            c.dueAt = in.dueAt;
            c.status = AgreementCondition.Status.PENDING;
            agreement.conditions.add(c);
            RecoveryStep check = PlanRules.conditionCheck(c, recoveryCase.ownerRep);
            check.id = UUID.randomUUID();
            c.checkStepId = check.id;
            change.newSteps.add(check);
        }
        PlanRules.applyInMemory(recoveryCase, change, now);
        return this;
    }

    /** Completes the one PLANNED step {@code name} with outcome {@code code}, without notes. */
    public Reaction complete(String name, String code) {
        return complete(name, code, null);
    }

    /**
     * Completes the one PLANNED step {@code name} with outcome {@code code} at the current time, as the engine
     * would: see the class comment. Throws what the engine throws when it refuses ({@link TooEarlyException},
     * {@code InvalidInputException}, {@code UnprocessableException}, {@link ConflictException}).
     */
    public Reaction complete(String name, String code, String notes) {
        assertOpen();
        return complete(planned(name), code, notes);
    }

    /** Completes the one PLANNED step {@code name} as soon as its {@code notBefore} allows (now if it allows now). */
    public Reaction completeEarliest(String name, String code) {
        return completeEarliest(name, code, null);
    }

    /** Completes the one PLANNED step {@code name} as soon as its {@code notBefore} allows (now if it allows now). */
    public Reaction completeEarliest(String name, String code, String notes) {
        assertOpen();
        RecoveryStep step = planned(name);
        return completeNoEarlierThan(step.notBefore, step, code, notes);
    }

    /** Completes the one PLANNED step {@code name} on its due time (now if it is already due). */
    public Reaction completeWhenDue(String name, String code) {
        return completeWhenDue(name, code, null);
    }

    /** Completes the one PLANNED step {@code name} on its due time (now if it is already due). */
    public Reaction completeWhenDue(String name, String code, String notes) {
        assertOpen();
        RecoveryStep step = planned(name);
        return completeNoEarlierThan(step.dueAt, step, code, notes);
    }

    /** Moves the clock on to {@code at} if that lies ahead (never back), then completes the step. */
    private Reaction completeNoEarlierThan(Instant at, RecoveryStep step, String code, String notes) {
        if (at != null && at.isAfter(now)) {
            now = at;
        }
        return complete(step, code, notes);
    }

    /** Completes this step of the case with outcome {@code code}, without notes. */
    public Reaction complete(RecoveryStep step, String code) {
        return complete(step, code, null);
    }

    /** Completes this step of the case with outcome {@code code} at the current time; see the class comment. */
    public Reaction complete(RecoveryStep step, String code, String notes) {
        return complete(step, code, notes, null);
    }

    /**
     * Completes the one PLANNED step {@code name} with a decision outcome and what the engine takes with it (the
     * revenue and currency of a {@code WON_BACK}, closing notes), as {@code POST .../complete} with a closure does.
     * The kit records them on the case; the engine's checks of revenue and win-back evidence are not simulated.
     */
    public Reaction complete(String name, String code, String notes, CaseClosure closure) {
        assertOpen();
        return complete(planned(name), code, notes, closure);
    }

    /**
     * Completes this step of the case (it need not be the only one of its name, e.g. one of several
     * {@value RecoveryStrategy#CHECK_CONDITION} steps) with outcome {@code code} at the current time; a decision
     * outcome takes {@code closure} (may be null) along.
     */
    public Reaction complete(RecoveryStep step, String code, String notes, CaseClosure closure) {
        assertOpen();
        assertTrue(recoveryCase.steps.contains(step), "the step belongs to this case");
        String normalized = PlanRules.checkCompletion(recoveryCase, step, code, notes, now, contactBlocked);
        Outcome outcome = PlanRules.outcome(normalized, notes, step.assignee, now);
        CaseStatus decided = step.closes == null ? null : step.closes.get(normalized);
        Reaction reaction;
        CaseChange change;
        boolean deadEnd = false;
        if (decided != null) {
            // A decision: the engine closes the case itself and does not ask the strategy. The closure is checked
            // as the engine checks it; only the evidence, which needs the purchase history, is the engine's alone.
            CaseClosure asked = new CaseClosure();
            asked.status = decided;
            if (closure != null) {
                asked.revenue = closure.revenue;
                asked.currency = closure.currency;
                asked.managerConfirmed = closure.managerConfirmed;
            }
            List<InvalidInputException.FieldProblem> problems = PlanRules.closureProblems(asked);
            if (!problems.isEmpty()) {
                throw new InvalidInputException(problems);
            }
            reaction = Reaction.closeWith(decided);
            change = PlanRules.react(recoveryCase, step, outcome, reaction, now, this::toStep);
            change.closedBy = step.assignee;
            change.closeNotes = closure != null && closure.notes != null ? closure.notes : notes;
            if (decided == CaseStatus.WON_BACK && closure != null) {
                change.recoveredRevenue = closure.revenue;
                change.revenueCurrency = closure.currency;
            }
        } else {
            PlanRules.Completion completion;
            try {
                completion = PlanRules.afterOutcome(recoveryCase, step, outcome, strategy, now, this::toStep,
                        ignored -> { });
            } catch (PlanRules.InvalidReaction e) {
                throw new AssertionError("The engine refuses the reaction: " + e.getMessage(), e);
            }
            change = completion.change();
            reaction = completion.reaction();
            assertTrue(reaction != null, "a reaction, even if it is nothing()");
            deadEnd = completion.deadEnd();
        }
        PlanRules.applyInMemory(recoveryCase, change, now);
        if (change.status != null) {
            recoveryCase.closedBy = change.closedBy != null ? change.closedBy : step.assignee;
            recoveryCase.closeNotes = change.closeNotes != null ? change.closeNotes : notes;
            recoveryCase.recoveredRevenue = change.recoveredRevenue;
            recoveryCase.revenueCurrency = change.revenueCurrency;
        }
        if (change.noFurtherContact) {
            // The engine blocks contact with the customer in the same change.
            contactBlocked = true;
        }
        recoveryCase.updatedAt = now;
        lastReaction = reaction;
        if (deadEnd) {
            // The engine planned its own decision step: the strategy left the owner nothing to do.
            deadEnds.add(step.name + "/" + normalized);
        }
        return reaction;
    }

    private void assertOpen() {
        if (recoveryCase.status != CaseStatus.OPEN) {
            throw new ConflictException("Case " + recoveryCase.id + " is " + recoveryCase.status
                    + ": its steps can no longer be completed");
        }
    }

    /** The engine's step for a plan already checked (the first plan) or to be checked by PlanRules.react. */
    private RecoveryStep toStep(StepPlan p) {
        return PlanRules.toStep(p, recoveryCase.ownerRep, MANAGER, now);
    }

    /** One choice on a path through the plan: complete the planned step {@code step} with {@code code}. */
    public record Choice(String step, String code) {
        @Override
        public String toString() {
            return step + "/" + code;
        }
    }

    /** When a walk through the plan completes each step. */
    public enum Timing {
        /** On the step's due time, as a patient rep would (never before its notBefore, which it cannot precede). */
        WHEN_DUE,
        /** As early as the step's notBefore allows, at once if it has none: the eager rep the limits are for. */
        AS_EARLY_AS_ALLOWED
    }

    /** The choices open in this state: each allowed outcome of each planned step name, in schedule order. */
    List<Choice> choices() {
        List<Choice> choices = new ArrayList<>();
        if (recoveryCase.status != CaseStatus.OPEN) {
            return choices;
        }
        Set<String> names = new LinkedHashSet<>(plannedNames());
        for (String name : names) {
            RecoveryStep step = firstPlanned(name);
            for (String code : step.allowedOutcomes) {
                choices.add(new Choice(name, code));
            }
        }
        return choices;
    }

    private RecoveryStep firstPlanned(String name) {
        return recoveryCase.steps.stream().filter(s -> s.status == StepStatus.PLANNED && s.name.equals(name))
                .findFirst().orElseThrow(() -> new AssertionError("no planned '" + name + "': " + plannedNames()));
    }

    /**
     * Takes {@code choice} as a walk does: the first planned step of that name, the clock moved on as
     * {@code timing} says (never back), a why, the agreement ({@code agreementChecks} from now) and notes supplied
     * when the step requires them, then the completion.
     */
    void take(Choice choice, Timing timing, Duration[] agreementChecks) {
        RecoveryStep step = firstPlanned(choice.step());
        Instant t = now;
        if (timing == Timing.WHEN_DUE && step.dueAt != null && step.dueAt.isAfter(t)) {
            t = step.dueAt;
        }
        if (step.notBefore != null && step.notBefore.isAfter(t)) {
            t = step.notBefore;
        }
        now = t;
        List<StepRequirement> needed = new ArrayList<>();
        if (step.requires != null) {
            needed.addAll(step.requires);
        }
        if (step.requiresFor != null && step.requiresFor.get(choice.code()) != null) {
            needed.addAll(step.requiresFor.get(choice.code()));
        }
        if (needed.contains(StepRequirement.WHY) && (recoveryCase.whys == null || recoveryCase.whys.isEmpty())) {
            recordWhy("A why recorded on the walk");
        }
        if (needed.contains(StepRequirement.AGREEMENT) && recoveryCase.agreement == null) {
            recordAgreement(agreementChecks);
        }
        String notes = needed.contains(StepRequirement.NOTES) ? "Notes written on the walk" : null;
        CaseClosure closure = null;
        if (step.closes != null && step.closes.get(choice.code()) == CaseStatus.WON_BACK) {
            // A win-back is closed with its revenue, as a rep must.
            closure = new CaseClosure();
            closure.revenue = java.math.BigDecimal.ONE;
        }
        complete(step, choice.code(), notes, closure);
    }

    /**
     * Walks every path of choices from the first plan, {@code maxDepth} completions deep, and shows each state to
     * {@code visit} together with the choice that led to it (null for the start). Each step is completed on its due
     * time, with a why, an agreement or notes when it requires them. Every path is walked, however many lead to the
     * same state: keep {@code maxDepth} small, and use {@link PlanContract#assertEveryPathEnds} to check a whole
     * plan.
     */
    public static void explore(Supplier<SimulatedCase> start, int maxDepth, VisitState visit) {
        explore(start.get(), null, 0, maxDepth, visit);
    }

    /** What {@link #explore} shows each state to. */
    public interface VisitState {
        void visit(SimulatedCase state, Choice last);
    }

    private static void explore(SimulatedCase sim, Choice last, int depth, int maxDepth, VisitState visit) {
        visit.visit(sim, last);
        if (depth == maxDepth) {
            return;
        }
        for (Choice c : sim.choices()) {
            SimulatedCase next = sim.fork();
            next.take(c, Timing.WHEN_DUE, PlanContract.DEFAULT_AGREEMENT_CHECKS);
            explore(next, c, depth + 1, maxDepth, visit);
        }
    }
}
