package dev.winback.api.strategy;

import dev.winback.api.dto.StepType;
import java.time.Duration;
import java.time.Instant;
import java.util.List;

/** A step a strategy wants the engine to schedule. */
public class StepPlan {
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
    /** Who does it. */
    public Assignee assignee = Assignee.CASE_OWNER;
    /** The outcome codes a rep may complete the step with, e.g. {@code DONE} or {@code NEVER, CAN_DO}. */
    public List<String> outcomes;
    /** When the step is overdue, tell the owner's manager, not just the owner. */
    public boolean escalateWhenOverdue;

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
}
