package dev.winback.bounty.ledger;

import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.UUID;

/** A won-back case under one plan version: whether it earned, what it waits for, and the facts frozen for it. */
public class Accrual {
    public UUID id;
    public UUID caseId;
    public UUID customerId;
    public UUID planId;
    public int planVersion;
    public Status status;
    /** For a WAITING accrual: the rules whose features are not installed. */
    public List<String> waitingFor;
    /** For a NOT_ELIGIBLE accrual, why; for a waiting one, what went wrong when it last ran. */
    public String reason;
    public Instant closedAt;
    public LocalDate closedOn;
    public LocalDate clawbackUntil;
    /** When a purchase dated after the win-back was recorded (the holdback's release), and which. */
    public Instant releasedAt;
    public UUID releasedBy;
    public Instant clawedBackAt;
    public String clawbackReason;
    public Instant createdAt;
    public Instant processedAt;
    /** Every step of the calculation, in plain words; null until it ran. */
    public List<String> steps;

    public enum Status {
        /** Waiting for rules that are not installed. */
        WAITING,
        /** Calculated: its entries are in the ledger. */
        DONE,
        /** The plan covers the case but will not pay for it (the customer was not really lost). */
        NOT_ELIGIBLE
    }
}
