package dev.winback.bounty.ledger;

/** Why an entry was written. */
public enum EntryKind {
    /** A rule's line for a win-back. */
    ACCRUAL,
    /** The reversal of an entry whose customer was lost again within the clawback window. */
    CLAWBACK,
    /** A manager's correction that resolves a dispute. */
    ADJUSTMENT,
    /** The difference a confirmed plan recalculation makes to a line. */
    RECALCULATION
}
