package dev.winback.api.dto;

import java.time.Instant;
import java.util.List;
import java.util.UUID;

/** One action of a recovery plan: a meeting, a call, a letter, a gift… with a due time and an assignee. */
public class RecoveryStep {
    public UUID id;
    public UUID caseId;
    public StepType type;
    /** Strategy-specific name of the step, e.g. {@code apologise} or {@code what-would-it-take}. */
    public String name;
    public Instant dueAt;
    public String assignee;
    public StepStatus status;
    /** Null until the step is done. */
    public Outcome outcome;
    /** What the rep should do, from the strategy's plan. */
    public String instructions;
    /** The outcome codes the step may be completed with. */
    public List<String> allowedOutcomes;
    /** When overdue, the owner's manager is told as well as the owner. */
    public boolean escalateWhenOverdue;
    /** When the step was flagged overdue (and escalated where due); null while it is on time. */
    public Instant overdueSince;
    public Instant createdAt;
    /**
     * Set on the engine's own steps that check a condition of the second-chance agreement; their outcome (KEPT or
     * BROKEN) goes to the condition, not to the strategy.
     */
    public UUID conditionId;
}
