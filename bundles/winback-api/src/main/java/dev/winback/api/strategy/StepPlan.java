package dev.winback.api.strategy;

import dev.winback.api.dto.CaseStatus;
import dev.winback.api.dto.StepRequirement;
import dev.winback.api.dto.StepType;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** A step a strategy wants the engine to schedule. */
public class StepPlan {
    /** Outcome of a {@link #decision} step: the customer is back; the case closes as {@code WON_BACK}. */
    public static final String DECIDE_WON_BACK = "WON_BACK";
    /** Outcome of a {@link #decision} step: the owner hands the customer to the sales pipeline. */
    public static final String DECIDE_HAND_OVER = "HAND_OVER";
    /** Outcome of a {@link #decision} step: the customer will not come back. */
    public static final String DECIDE_NEVER = "NEVER";

    /** Strategy-specific name, unique within the strategy, e.g. {@code apologise}. */
    public String name;
    public StepType type;
    /** What the rep should do, in one or two sentences. */
    public String instructions;
    /** Due this long after the step is created; the SLA of the step. */
    public Duration dueIn;
    /**
     * An absolute due time, for SLAs that run from an event rather than from the step, e.g. "within 24 hours of
     * losing the deal". When set it wins over {@link #dueIn}; it may lie in the past (the step is overdue at once).
     */
    public Instant dueAt;
    /**
     * Not to be completed before this long after the step is created: a contact limit or the spacing of touches.
     * The engine refuses an earlier completion. {@link #notBeforeAt} wins when both are set. When the "not before"
     * time lies after the due time, the step becomes due {@link #dueIn} after it instead.
     */
    public Duration notBeforeIn;
    /** An absolute "not before" time, e.g. thirty days after the touch that filled the fatigue window. */
    public Instant notBeforeAt;
    /**
     * Outcomes that may be recorded before the "not before" time: what the customer does of their own accord
     * (asks us to stop, writes back) is never too early to note, only what we send is.
     */
    public List<String> anytimeOutcomes = new ArrayList<>();
    /** Who does it. */
    public Assignee assignee = Assignee.CASE_OWNER;
    /** The outcome codes a rep may complete the step with, e.g. {@code DONE} or {@code NEVER, CAN_DO}. */
    public List<String> outcomes;
    /** When the step is overdue, tell the owner's manager, not just the owner. */
    public boolean escalateWhenOverdue;
    /**
     * Whether doing the step means contacting the customer (a call, a letter, a meeting). Steps that do are
     * refused while the customer carries a contact block; internal work (a review, a decision) is not.
     */
    public boolean contactsCustomer = true;
    /** Records the case must hold before the step may be completed, whatever the outcome. */
    public List<StepRequirement> requires = new ArrayList<>();
    /** Records needed only for some outcomes, e.g. notes for {@code CAN_DO}. */
    public Map<String, List<StepRequirement>> requiresFor = new LinkedHashMap<>();
    /**
     * Outcomes that end the case, with the status they end it with. The engine closes the case itself (a
     * {@code WON_BACK} needs the same evidence and revenue as closing by hand), so the strategy is not asked.
     */
    public Map<String, CaseStatus> closes = new LinkedHashMap<>();
    /** When the step is planned after its window had passed: why, in a sentence; it counts against the SLA. */
    public String slaMissed;

    public enum Assignee {
        CASE_OWNER, OWNER_MANAGER
    }

    public StepPlan() {
    }

    public StepPlan(String name, StepType type, Duration dueIn, List<String> outcomes, String instructions) {
        this.name = name;
        this.type = type;
        this.dueIn = dueIn;
        this.outcomes = outcomes;
        this.instructions = instructions;
    }

    /**
     * The owner's decision that ends a plan: the customer is back ({@link #DECIDE_WON_BACK}, closing as
     * {@code WON_BACK} with revenue and evidence), hand them over to sales ({@link #DECIDE_HAND_OVER}), or they will
     * not come back ({@link #DECIDE_NEVER}). Every path of a plan ends in a terminal status or in such a step, so a
     * case never sits open with nothing to do. It contacts nobody.
     *
     * @param name the step's name, e.g. {@code decide-after-invitation}
     * @param dueIn when the owner must have decided; it goes overdue like any step
     * @param instructions what the owner weighs
     */
    public static StepPlan decision(String name, Duration dueIn, String instructions) {
        StepPlan p = new StepPlan(name, StepType.FOLLOW_UP, dueIn,
                List.of(DECIDE_WON_BACK, DECIDE_HAND_OVER, DECIDE_NEVER), instructions);
        p.contactsCustomer = false;
        p.closes.put(DECIDE_WON_BACK, CaseStatus.WON_BACK);
        p.closes.put(DECIDE_HAND_OVER, CaseStatus.HANDED_OVER);
        p.closes.put(DECIDE_NEVER, CaseStatus.CLOSED_NEVER);
        p.requiresFor.put(DECIDE_HAND_OVER, List.of(StepRequirement.NOTES));
        p.requiresFor.put(DECIDE_NEVER, List.of(StepRequirement.NOTES));
        return p;
    }

    /**
     * This plan, not to be completed before {@code at}. The due time is not set here: when {@code at} lies after the
     * due time the plan gives, the engine makes the step due {@link #dueIn} after {@code at} (at {@code at} itself
     * without a {@code dueIn}), so a step is never overdue before it may be done.
     */
    public StepPlan notBefore(Instant at) {
        this.notBeforeAt = at;
        return this;
    }

    /** This plan, with outcomes that may be recorded before its "not before" time. */
    public StepPlan anytime(String... outcomes) {
        this.anytimeOutcomes.addAll(List.of(outcomes));
        return this;
    }

    /** This plan with a requirement for every outcome. */
    public StepPlan requiring(StepRequirement... requirements) {
        this.requires.addAll(List.of(requirements));
        return this;
    }

    /** This plan with a requirement for one outcome. */
    public StepPlan requiringFor(String outcome, StepRequirement... requirements) {
        this.requiresFor.computeIfAbsent(outcome, o -> new ArrayList<>()).addAll(List.of(requirements));
        return this;
    }

    /** This plan, for internal work that contacts nobody. */
    public StepPlan internal() {
        this.contactsCustomer = false;
        return this;
    }
}
