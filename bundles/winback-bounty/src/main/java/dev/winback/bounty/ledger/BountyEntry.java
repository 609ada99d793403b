package dev.winback.bounty.ledger;

import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDate;
import java.util.UUID;

/** One line of the ledger as the API shows it. */
public class BountyEntry {
    public UUID id;
    public EntryKind kind;
    public String rep;
    public UUID caseId;
    public UUID planId;
    public int planVersion;
    public String rule;
    public String ruleVersion;
    public int ruleIndex;
    public BigDecimal amount;
    public String currency;
    public EntryState state;
    /** Payroll period, {@code yyyy-MM}: the month the entry was written. */
    public String period;
    /** The day of the win-back. */
    public LocalDate closedOn;
    /** The calculation in plain words. */
    public String explanation;
    /** For a clawback, adjustment or recalculation: the entry it corrects. */
    public UUID refersTo;
    public UUID accrualId;
    /** For a RECALCULATION entry: the confirmed recalculation that wrote it. */
    public UUID recalculationId;
    public Dispute dispute;
    public UUID payoutId;
    /** The payroll period whose payout paid the entry. */
    public String paidPeriod;
    public String createdBy;
    public Instant createdAt;
    public Instant updatedAt;
    public long version;

    /**
     * A correction of {@code original} (a clawback or an adjustment): the same rep, case, plan version and rule,
     * linked to it, so a reader sees what it corrects.
     */
    static BountyEntry correcting(BountyEntry original, EntryKind kind, BigDecimal amount, EntryState state,
            String explanation, String actor) {
        BountyEntry e = new BountyEntry();
        e.accrualId = original.accrualId;
        e.kind = kind;
        e.rep = original.rep;
        e.caseId = original.caseId;
        e.planId = original.planId;
        e.planVersion = original.planVersion;
        e.rule = original.rule;
        e.ruleVersion = original.ruleVersion;
        e.ruleIndex = original.ruleIndex;
        e.amount = amount;
        e.currency = original.currency;
        e.state = state;
        e.closedOn = original.closedOn;
        e.refersTo = original.id;
        e.explanation = explanation;
        e.createdBy = actor;
        return e;
    }

    /** A rep's dispute of the entry and how a manager resolved it. */
    public static class Dispute {
        /** OPEN, ADJUSTED or REJECTED. */
        public String status;
        public String reason;
        public String disputedBy;
        public Instant disputedAt;
        public String resolution;
        public String resolvedBy;
        public Instant resolvedAt;
    }
}
