package dev.winback.api.dto;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

/**
 * Everything one engine decision changes on a case, applied by the store in a single transaction: completing a
 * step, scheduling the next ones and moving the case's status can never be half done.
 */
public class CaseChange {
    public UUID caseId;
    /** The case version the decision was made on; the store refuses the change if the case moved on. */
    public long expectedVersion;
    /** The step being completed with {@link #outcome}, or null. */
    public UUID completeStep;
    public Outcome outcome;
    /** New steps to schedule (id, caseId and createdAt are assigned by the store). */
    public List<RecoveryStep> newSteps = new ArrayList<>();
    /** Cancel every step still PLANNED (the case closes, or the customer asked for no more contact). */
    public boolean cancelPlannedSteps;
    /** New status, or null to keep it. */
    public CaseStatus status;
    /** New strategy name, or null to keep it. */
    public String strategy;
    public BigDecimal recoveredRevenue;
    public Instant closedAt;
    /** Set to true to forbid further contact; false leaves the flag as it is. */
    public boolean noFurtherContact;
    /** Who closes the case and why (with {@link #status}), and the currency of the revenue. */
    public String closedBy;
    public String closeNotes;
    public String revenueCurrency;
    public WinBackEvidence evidence;
    /** Block contact with the case's customer, in the same transaction. */
    public ContactBlock contactBlock;
    /** Corrections: a new owner (with {@link #reassignFrom}: planned steps of that assignee move too). */
    public String ownerRep;
    public String reassignFrom;
    public String lossReason;
    /** New notes; with {@link #clearNotes} the notes are removed. */
    public String notes;
    public boolean clearNotes;
    /** Whys to add (id and caseId are assigned by the store). */
    public List<CaseWhy> newWhys = new ArrayList<>();
    /** The agreement to record (once per case); its conditions' ids are set by the engine to link check steps. */
    public SecondChanceAgreement agreement;
    /** A condition whose check step is being completed, and its new status. */
    public UUID conditionId;
    public AgreementCondition.Status conditionStatus;
}
