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
    /** Not to be completed before this time (a contact limit, the spacing of touches); null when any time will do. */
    public Instant notBefore;
    /** Outcomes that may be recorded before {@link #notBefore} (the customer asked us to stop, wrote back). */
    public List<String> anytimeOutcomes;
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
    /** Who the overdue step was escalated to (the owner's team manager), and when; null while not escalated. */
    public String escalatedTo;
    public Instant escalatedAt;
    /** Whether doing the step means contacting the customer; a contact block stops such steps. */
    public boolean contactsCustomer = true;
    /** Records the case must hold before the step may be completed. */
    public List<StepRequirement> requires;
    /** Outcomes that need their own records (e.g. notes for CAN_DO), by outcome code. */
    public java.util.Map<String, List<StepRequirement>> requiresFor;
    /** Outcomes that close the case, with the status they close it with: a decision step's choices. */
    public java.util.Map<String, CaseStatus> closes;
    /** Set when the step was planned after its window had already passed (e.g. a late 24-hour apology). */
    public String slaMissed;
    public Instant createdAt;
    /**
     * Set on the engine's own steps that check a condition of the second-chance agreement; their outcome (KEPT or
     * BROKEN) goes to the condition, not to the strategy.
     */
    public UUID conditionId;
}
