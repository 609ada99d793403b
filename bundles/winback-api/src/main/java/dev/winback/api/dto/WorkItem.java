package dev.winback.api.dto;

import java.util.UUID;

/** One row of a worklist: a step with what the person doing it needs to know about its case. */
public class WorkItem {
    public RecoveryStep step;
    public UUID caseId;
    public UUID customerId;
    public String customerName;
    public String strategy;
    public String ownerRep;
    public CaseStatus caseStatus;
    /** The step went overdue and was escalated to {@link RecoveryStep#escalatedTo}. */
    public boolean escalated;
}
